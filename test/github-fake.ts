// A local stand-in for the GitHub REST API's issue-comment endpoints, on 127.0.0.1 at a port
// the OS picks: GET /user, list comments with Link-header pagination, create, update. Failures
// are injected per endpoint. Requests are recorded so tests can assert what permctl sent.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string };
}

export interface Failure {
  readonly status: number;
  readonly message: string;
}

export interface FakeGithub {
  readonly url: string;
  readonly comments: FakeComment[];
  /** Login GET /user answers with; null answers 403 as for the Actions GITHUB_TOKEN. */
  me: string | null;
  /** Who writes the comments the token creates. */
  writer: string;
  fail: Partial<Record<'user' | 'list' | 'create' | 'update', Failure>>;
  readonly requests: { method: string; path: string; auth: string | undefined }[];
  close(): Promise<void>;
}

const PER_PAGE_MAX = 100;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
}

export async function startFakeGithub(): Promise<FakeGithub> {
  let nextId = 1000;
  const fake: Omit<FakeGithub, 'url' | 'close'> = { comments: [], me: 'permctl-bot', writer: 'permctl-bot', fail: {}, requests: [] };
  const asJson = (c: FakeComment, base: string) => ({ id: c.id, body: c.body, user: { login: c.user.login, id: 1, type: 'User' }, html_url: `${base}/pr#issuecomment-${c.id}` });
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      fake.requests.push({ method: req.method ?? '', path: url.pathname, auth: req.headers.authorization });
      const failed = (k: keyof FakeGithub['fail']): boolean => {
        const f = fake.fail[k];
        if (f !== undefined) send(res, f.status, { message: f.message, documentation_url: 'https://docs.github.com/rest' });
        return f !== undefined;
      };
      if (req.method === 'GET' && url.pathname === '/user') {
        if (failed('user')) return;
        if (fake.me === null) return send(res, 403, { message: 'Resource not accessible by integration' });
        return send(res, 200, { login: fake.me, id: 7 });
      }
      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
      if (list !== null && req.method === 'GET') {
        if (failed('list')) return;
        const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), PER_PAGE_MAX);
        const page = Number(url.searchParams.get('page') ?? 1);
        const last = Math.max(1, Math.ceil(fake.comments.length / per));
        const link = (p: number, rel: string): string => `<${base}${url.pathname}?per_page=${per}&page=${p}>; rel="${rel}"`;
        const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
        return send(res, 200, fake.comments.slice((page - 1) * per, page * per).map((c) => asJson(c, base)), links.length > 0 ? { link: links.join(', ') } : {});
      }
      if (list !== null && req.method === 'POST') {
        if (failed('create')) return;
        const body = await readBody(req);
        const c: FakeComment = { id: nextId++, body: String(body.body), user: { login: fake.writer } };
        fake.comments.push(c);
        return send(res, 201, asJson(c, base));
      }
      const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (one !== null && req.method === 'PATCH') {
        if (failed('update')) return;
        const c = fake.comments.find((x) => x.id === Number(one[1]));
        if (c === undefined) return send(res, 404, { message: 'Not Found' });
        c.body = String((await readBody(req)).body);
        return send(res, 200, asJson(c, base));
      }
      send(res, 404, { message: 'Not Found' });
    })().catch((e: unknown) => send(res, 500, { message: String(e) }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    url: base,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  });
}
