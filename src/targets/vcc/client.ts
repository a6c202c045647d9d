// The HTTP client for Vonage Contact Center's User Admin API, over an injected `fetch` (Node's
// built-in undici in production; the same function against a local server in tests). What it
// relies on, from VCC's public documentation (docs-vcc.atlassian.net, space VCCA):
// - "Requests (User Admin API)" (page 3567223721): base `https://{emea|nam|apac}.api.
//   newvoicemedia.com/useradmin`; every request sends `Accept: application/vnd.newvoicemedia.
//   v4+json` and `Authorization: Bearer …`; list endpoints take `page` (from 1) and `limit`
//   (at most 5,000) and answer `meta: { page, count, pageCount, totalCount }`.
// - "Get all users" (3568762915): GET /users?include=Active → `{ users: [{ userId, username,
//   name, … }] }`.
// - "Get all addresses" (3582918657): GET /addresses → `{ addresses: [{ addressId }] }`, the
//   account's PSTN lines only; the documented ids are the number's digits ("441234567890").
// - "Get user's address permissions" (3567224014): GET /users/{id}/permissions/addresses →
//   `{ userId, addressPermissions: [{ addressId, addressName }] }`, paged like the others.
// - "Replace user's address permissions" (3567224027): PUT /users/{id}/permissions/addresses
//   with `{ addressPermissions: [{ addressId, addressName }] }` replaces the whole list; scope
//   users:write.
// - "Authentication API" (3566174935, 3566174948): POST https://{region}.cc.vonage.com/Auth/
//   connect/token, form-encoded grant_type=client_credentials, client_id, client_secret, scope
//   (users:read / users:write); answers `{ access_token, expires_in: 7200, token_type }`.
// - "Rate limiting" (authentication.developer.newvoicemedia.com/docs/authentication/rate-
//   limiting): a fair-usage limit shared by all VCC APIs, no number published; beyond it 429,
//   reset "after a short period". Hence a configurable request rate and retries on 429.
// The token and the secret never leave this file: errors carry the method, path and status.
import { VccError } from './errors.ts';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface VccLimits {
  /** Users and permissions per page (the API's maximum is 5,000). */
  readonly pageSize: number;
  /** At least this many milliseconds between two requests' starts: the rate limit. */
  readonly minIntervalMs: number;
  /** Retries of one request answered 429 or 5xx (or not answered at all). */
  readonly maxRetries: number;
  /** First backoff when the server gives no Retry-After; doubled per retry, capped. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Requests in flight at once while reading users' permissions. */
  readonly concurrency: number;
  /** Pages of one list before the client gives up: a server that pages forever. */
  readonly maxPages: number;
}

export const DEFAULT_LIMITS: VccLimits = { pageSize: 5000, minIntervalMs: 100, maxRetries: 5, backoffMs: 500, maxBackoffMs: 30_000, concurrency: 4, maxPages: 10_000 };

export interface VccClientOptions {
  readonly fetch: FetchFn;
  /** The `…/useradmin` base, without a trailing slash. */
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** 'users:read' for plan and import, 'users:write' for apply. */
  readonly scope: string;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly limits?: Partial<VccLimits>;
}

export interface VccClient {
  /** GET a list endpoint through all its pages; `field` names the list in each page. */
  list(path: string, field: string, query?: Record<string, string>): Promise<unknown[]>;
  put(path: string, body: unknown): Promise<void>;
  readonly limits: VccLimits;
  readonly stats: { calls: Record<string, number>; throttled: number };
}

export const MEDIA_TYPE = 'application/vnd.newvoicemedia.v4+json';

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

/** Which operation a path is, for stats: 'GET /users', 'PUT /users/{id}/permissions/addresses'. */
const operation = (method: string, path: string): string => `${method} ${path.replace(/\/users\/[^/]+/, '/users/{id}')}`;

export function createVccClient(opts: VccClientOptions): VccClient {
  const limits: VccLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const stats = { calls: {} as Record<string, number>, throttled: 0 };
  let token: { value: string; expires: number } | undefined;
  let tokenPending: Promise<string> | undefined;
  let nextSlot = 0;

  // Rate limit: each request takes the next free slot, minIntervalMs after the previous one.
  async function slot(): Promise<void> {
    const now = opts.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + limits.minIntervalMs;
    if (at > now) await opts.sleep(at - now);
  }

  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: opts.clientId, client_secret: opts.clientSecret, scope: opts.scope });
    const res = await send('POST', opts.tokenUrl, 'POST /Auth/connect/token', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body.toString());
    if (!res.ok) throw new VccError(`the token endpoint answered ${res.status}${res.status === 400 || res.status === 401 ? ': check PERMCTL_VCC_CLIENT_ID and PERMCTL_VCC_CLIENT_SECRET' : ''}`, res.status);
    const json = (await res.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (typeof json?.access_token !== 'string' || json.access_token === '') throw new VccError('the token endpoint answered without an access_token', res.status);
    const seconds = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 7200;
    // Renew a minute early so a token never expires between the check and the request.
    token = { value: json.access_token, expires: opts.now() + Math.max(0, seconds - 60) * 1000 };
    return token.value;
  }

  function bearer(): Promise<string> {
    if (token && opts.now() < token.expires) return Promise.resolve(token.value);
    // Concurrent requests share one token request.
    tokenPending ??= fetchToken().finally(() => (tokenPending = undefined));
    return tokenPending;
  }

  /** One request with retries on 429/5xx and on network failure, honouring Retry-After. */
  async function send(method: string, url: string, op: string, headers: Record<string, string>, body?: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      await slot();
      stats.calls[op] = (stats.calls[op] ?? 0) + 1;
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await opts.fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
      } catch (e) {
        failure = e;
      }
      if (res && !retryable(res.status)) return res;
      if (attempt >= limits.maxRetries) {
        if (res) return res;
        throw new VccError(`${op}: no answer after ${attempt + 1} attempts (${failure instanceof Error ? failure.message : String(failure)})`, 0);
      }
      if (res?.status === 429) stats.throttled++;
      const wait = retryAfterMs(res?.headers.get('retry-after') ?? null, opts.now()) ?? limits.backoffMs * 2 ** attempt;
      await res?.body?.cancel();
      await opts.sleep(Math.min(wait, limits.maxBackoffMs));
    }
  }

  /** An API request with the bearer token; a 401 renews the token and retries once. */
  async function api(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<Response> {
    const op = operation(method, path.split('?')[0] ?? path);
    const headers = (t: string): Record<string, string> => ({ accept: MEDIA_TYPE, authorization: `Bearer ${t}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
    const json = body === undefined ? undefined : JSON.stringify(body);
    let res = await send(method, `${opts.apiUrl}${path}`, op, headers(await bearer()), json);
    if (res.status === 401) {
      await res.body?.cancel();
      token = undefined;
      res = await send(method, `${opts.apiUrl}${path}`, op, headers(await bearer()), json);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new VccError(`${op} answered ${res.status}${res.status === 403 ? ' (the credentials lack the scope ' + opts.scope + ')' : ''}`, res.status);
    }
    return res;
  }

  async function list(path: string, field: string, query: Record<string, string> = {}): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let page = 1; page <= limits.maxPages; page++) {
      const qs = new URLSearchParams({ ...query, page: String(page), limit: String(limits.pageSize) });
      const res = await api('GET', `${path}?${qs.toString()}`);
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      const items = json?.[field];
      if (!Array.isArray(items)) throw new VccError(`GET ${path} answered without a "${field}" list`, res.status);
      for (const item of items) out.push(item);
      const meta = json?.meta as { pageCount?: unknown } | undefined;
      const pageCount = typeof meta?.pageCount === 'number' ? meta.pageCount : page;
      if (page >= pageCount || items.length === 0) return out;
    }
    throw new VccError(`GET ${path} has more than ${limits.maxPages} pages`, 0);
  }

  async function put(path: string, body: unknown): Promise<void> {
    const res = await api('PUT', path, body);
    await res.body?.cancel();
  }

  return { list, put, limits, stats };
}
