// A VCC-like server for tests: the User Admin API's users, addresses and address permissions
// and the token endpoint, on 127.0.0.1 at a port the OS picks. Behaves as the public
// documentation describes (see src/targets/vcc/client.ts): bearer tokens from client
// credentials, the v4 media type, page/limit paging with meta (limit at most 5,000), PUT
// replacing a user's whole list. Faults are scripted: answer a request matching a method and
// path with a status (and Retry-After), a number of times; revoke tokens to force a 401.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  readonly userId: string;
  readonly username: string;
  readonly name?: string;
  addressIds: string[];
}

export interface Fault {
  readonly method: string;
  /** Matches when the request path (without query) contains this. */
  readonly path: string;
  readonly status: number;
  readonly retryAfter?: string;
  /** How many matching requests it answers; then it is spent. */
  times: number;
}

export interface FakeVcc {
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly users: FakeUser[];
  readonly addresses: { addressId: string; addressName?: string }[];
  readonly faults: Fault[];
  /** Every request: 'GET /useradmin/users?include=Active&page=1&limit=5000'. */
  readonly log: string[];
  readonly tokenRequests: URLSearchParams[];
  /** Invalidate every token issued so far: the next API call gets 401. */
  revokeTokens(): void;
  close(): Promise<void>;
}

export const CLIENT_ID = 'permctl-test-client';
export const CLIENT_SECRET = 's3cr3t-never-printed';
const MEDIA = 'application/vnd.newvoicemedia.v4+json';

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s;
}

function page<T>(items: readonly T[], q: URLSearchParams): { meta: Record<string, number>; slice: T[] } | undefined {
  const p = Number(q.get('page') ?? '1');
  const limit = Number(q.get('limit') ?? '25');
  if (!(p >= 1) || !(limit >= 1 && limit <= 5000)) return undefined;
  const pageCount = Math.max(1, Math.ceil(items.length / limit));
  const slice = items.slice((p - 1) * limit, p * limit);
  return { meta: { page: p, count: slice.length, pageCount, totalCount: items.length }, slice };
}

export interface FakeVccInit {
  users: FakeUser[];
  addresses: { addressId: string; addressName?: string }[];
  /** Kill-point tests: called for each accepted PUT (n counts them from 0) before it is applied
   *  and after it is applied but before it is answered; a promise returned holds it there. */
  gate?: (n: number, phase: 'before' | 'after') => Promise<void> | undefined;
}

export async function startFakeVcc(init: FakeVccInit): Promise<FakeVcc> {
  let puts = 0;
  const tokens = new Set<string>();
  let issued = 0;
  const state = { users: init.users, addresses: init.addresses, faults: [] as Fault[], log: [] as string[], tokenRequests: [] as URLSearchParams[] };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    state.log.push(`${method} ${url.pathname}${url.search}`);
    const fault = state.faults.find((f) => f.times > 0 && f.method === method && url.pathname.includes(f.path));
    if (fault) {
      fault.times--;
      return send(res, fault.status, { message: 'scripted fault' }, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
    }
    if (url.pathname === '/Auth/connect/token' && method === 'POST') {
      const form = new URLSearchParams(await bodyOf(req));
      state.tokenRequests.push(form);
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' || form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'invalid_request' });
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) return send(res, 400, { error: 'invalid_client' });
      const token = `tok-${++issued}`;
      tokens.add(token);
      return send(res, 200, { access_token: token, expires_in: 7200, token_type: 'Bearer' });
    }
    if (!url.pathname.startsWith('/useradmin/')) return send(res, 404);
    if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return send(res, 401, { message: 'unauthorized' });
    if (req.headers.accept !== MEDIA) return send(res, 406);
    const path = url.pathname.slice('/useradmin'.length);
    const listed = (items: readonly unknown[], field: string): void => {
      const p = page(items, url.searchParams);
      if (!p) return send(res, 400, { message: 'bad paging' });
      send(res, 200, { meta: p.meta, [field]: p.slice });
    };
    if (path === '/users' && method === 'GET') return listed(state.users.map(({ addressIds: _, ...u }) => ({ ...u, active: true })), 'users');
    if (path === '/addresses' && method === 'GET') return listed(state.addresses.map((a) => ({ addressId: a.addressId })), 'addresses');
    const m = /^\/users\/([^/]+)\/permissions\/addresses$/.exec(path);
    const user = m ? state.users.find((u) => u.userId === decodeURIComponent(m[1] ?? '')) : undefined;
    if (!user) return send(res, 404, { message: 'no such user' });
    if (method === 'GET') {
      const name = (id: string): string | undefined => state.addresses.find((a) => a.addressId === id)?.addressName;
      const p = page(user.addressIds, url.searchParams);
      if (!p) return send(res, 400, { message: 'bad paging' });
      return send(res, 200, { meta: p.meta, userId: user.userId, addressPermissions: p.slice.map((addressId) => ({ addressId, ...(name(addressId) ? { addressName: name(addressId) } : {}) })) });
    }
    if (method === 'PUT') {
      if (req.headers['content-type'] !== 'application/json') return send(res, 415);
      const body = JSON.parse(await bodyOf(req)) as { addressPermissions?: { addressId: string }[] };
      const ids = (body.addressPermissions ?? []).map((p) => p.addressId);
      if (ids.some((id) => !state.addresses.some((a) => a.addressId === id))) return send(res, 400, { message: 'unknown address' });
      const n = puts++;
      await init.gate?.(n, 'before');
      user.addressIds = ids;
      await init.gate?.(n, 'after');
      return send(res, 200);
    }
    return send(res, 405);
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => send(res, 500)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/useradmin`,
    tokenUrl: `${base}/Auth/connect/token`,
    ...state,
    revokeTokens: () => tokens.clear(),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
