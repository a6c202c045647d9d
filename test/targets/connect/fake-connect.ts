// A Connect-like server for tests and the bench: the restJson1 endpoints permctl's Connect
// target uses (paths and shapes as in the SDK's schemas and the Amazon Connect API
// reference), in memory, on 127.0.0.1 and a port the OS picks. It pages with the service's
// page-size limits, can throttle (429 TooManyRequestsException), can be eventually consistent
// (reads see writes only `visibilityDelayMs` after the last write, on the injected clock) and
// logs every request with its operation and time.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../src/targets/connect/limiter.ts';

export interface FakeProfile { id: string; name: string; description?: string; permissions: string[]; tags?: Record<string, string>; applications?: { Namespace: string; ApplicationPermissions: string[] }[]; allowedAccessControlTags?: Record<string, string>; allowedAccessControlHierarchyGroupId?: string }
export interface FakeUser { id: string; username: string; firstName?: string; lastName?: string; email?: string; securityProfileIds: string[]; routingProfileId: string; hierarchyGroupId?: string; phoneConfig?: Record<string, unknown> }
export interface FakeQueueConfig { queueId: string; channel: string; priority: number; delay: number }
export interface FakeRouting { id: string; name: string; description: string; defaultOutboundQueueId: string; configs: FakeQueueConfig[] }
export interface FakeQueue { id: string; name: string; description?: string }
export interface FakeGroup { id: string; name: string; parentId?: string }

export interface FakeData {
  profiles: Map<string, FakeProfile>;
  users: Map<string, FakeUser>;
  routing: Map<string, FakeRouting>;
  queues: Map<string, FakeQueue>;
  groups: Map<string, FakeGroup>;
}

export interface CallRecord {
  readonly op: string;
  readonly method: string;
  readonly path: string;
  /** The clock stamp the client sent (x-permctl-clock), else the server clock's time. */
  readonly t: number;
  readonly stamped: boolean;
  readonly status: number;
}

export interface FakeOptions {
  readonly instanceId: string;
  readonly clock: Clock;
  /** Return true to answer this request 429 (n: its index in the call log). */
  readonly throttle?: (op: string, n: number) => boolean;
  /** Return an error name to fail this request with 400 (partial-failure tests). */
  readonly fail?: (op: string, body: Record<string, unknown>, path: string) => string | undefined;
  readonly visibilityDelayMs?: number;
  /** As Amazon Connect's console save does: legacy permission names written are stored as their
   *  successors (legacy → current names). */
  readonly migrate?: Readonly<Record<string, readonly string[]>>;
}

export interface FakeConnect {
  readonly endpoint: string;
  readonly data: FakeData;
  readonly log: CallRecord[];
  /** Reads see `data` from now on (ends the visibility delay). */
  settle(): void;
  /** From now on, the first write to the (n+1)-th distinct object written fails (400
   *  InjectedFailure); returns the undo. */
  failAfter(n: number): () => void;
  close(): Promise<void>;
}

const emptyData = (): FakeData => ({ profiles: new Map(), users: new Map(), routing: new Map(), queues: new Map(), groups: new Map() });

function clone(d: FakeData): FakeData {
  return structuredClone<FakeData>(d);
}

class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

function page<T>(items: readonly T[], query: URLSearchParams | Record<string, unknown>, max: number): { items: T[]; next?: string } {
  const get = (k: string, K: string): unknown => (query instanceof URLSearchParams ? query.get(k) ?? undefined : query[K]);
  const maxResults = Number(get('maxResults', 'MaxResults') ?? max);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) throw new ApiError(400, 'InvalidParameterException', `MaxResults must be between 1 and ${max}`);
  const token = get('nextToken', 'NextToken');
  const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  const slice = items.slice(start, start + maxResults);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: Buffer.from(String(end)).toString('base64url') } : { items: slice };
}

let seq = 0;
export const newId = (prefix: string): string => `${prefix}-${(++seq).toString(16).padStart(8, '0')}`;

function pathOf(groups: Map<string, FakeGroup>, id: string): Record<string, { Id: string; Name: string }> {
  const chain: FakeGroup[] = [];
  for (let g = groups.get(id); g !== undefined && chain.length < 5; g = g.parentId === undefined ? undefined : groups.get(g.parentId)) chain.unshift(g);
  const levels = ['LevelOne', 'LevelTwo', 'LevelThree', 'LevelFour', 'LevelFive'];
  const out: Record<string, { Id: string; Name: string }> = {};
  chain.forEach((g, i) => (out[levels[i] ?? 'LevelFive'] = { Id: g.id, Name: g.name }));
  return out;
}

export async function startFakeConnect(opts: FakeOptions, initial?: FakeData): Promise<FakeConnect> {
  const data = initial ?? emptyData();
  let view = (opts.visibilityDelayMs ?? 0) > 0 ? clone(data) : data;
  let dirtySince: number | undefined;
  const delay = opts.visibilityDelayMs ?? 0;
  const log: CallRecord[] = [];
  let failing: { readonly after: number; readonly seen: Set<string> } | undefined;
  /** The object a write is about: the path up to its id, or the new object's name. */
  const objectOf = (method: string, path: string, body: Record<string, unknown>): string => {
    const parts = path.split('/').filter((x) => x !== '');
    if (method === 'PUT') return `${parts[0] ?? ''}/new:${JSON.stringify(body.Username ?? body.SecurityProfileName ?? body.Name ?? '')}`;
    return `${parts[0] ?? ''}/${parts[2] ?? ''}`;
  };
  const injected = (method: string, path: string, body: Record<string, unknown>): boolean => {
    if (failing === undefined || method === 'GET' || path.startsWith('/search-')) return false;
    const key = objectOf(method, path, body);
    if (failing.seen.has(key)) return false;
    failing.seen.add(key);
    return failing.seen.size === failing.after + 1;
  };

  const current = (): FakeData => {
    // Strongly consistent: reads see the data itself (no copy per write).
    if (delay === 0) return data;
    if (dirtySince !== undefined && opts.clock.now() - dirtySince >= delay) {
      view = clone(data);
      dirtySince = undefined;
    }
    return view;
  };
  const wrote = (): void => {
    if (delay > 0) dirtySince = opts.clock.now();
  };

  const need = <T>(map: Map<string, T>, id: string | undefined, what: string): T => {
    const v = id === undefined ? undefined : map.get(id);
    if (v === undefined) throw new ApiError(404, 'ResourceNotFoundException', `${what} ${String(id)} not found`);
    return v;
  };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const configsOf = (v: unknown): FakeQueueConfig[] =>
    (Array.isArray(v) ? (v as { QueueReference?: { QueueId?: string; Channel?: string }; Priority?: number; Delay?: number }[]) : []).map((c) => ({ queueId: need(data.queues, c.QueueReference?.QueueId, 'queue').id, channel: c.QueueReference?.Channel ?? 'VOICE', priority: c.Priority ?? 1, delay: c.Delay ?? 0 }));
  const chunkLimit = (n: number): void => {
    if (n > 10) throw new ApiError(400, 'InvalidParameterException', 'at most 10 queue configs per request');
  };

  const migrated = (perms: readonly string[]): string[] => [...new Set(perms.flatMap((p) => opts.migrate?.[p] ?? [p]))];
  type Handler = (m: RegExpExecArray, q: URLSearchParams, body: Record<string, unknown>) => unknown;
  const routes: [string, string, RegExp, Handler][] = [
    ['ListSecurityProfiles', 'GET', /^\/security-profiles-summary\/([^/]+)$/, (_m, q) => {
      const p = page([...current().profiles.values()], q, 1000);
      return { SecurityProfileSummaryList: p.items.map((x) => ({ Id: x.id, Name: x.name, Arn: `arn:${x.id}` })), NextToken: p.next };
    }],
    ['ListSecurityProfilePermissions', 'GET', /^\/security-profiles-permissions\/([^/]+)\/([^/]+)$/, (m, q) => {
      const p = page(need(current().profiles, m[2], 'security profile').permissions, q, 1000);
      return { Permissions: p.items, NextToken: p.next };
    }],
    ['ListSecurityProfileApplications', 'GET', /^\/security-profiles-applications\/([^/]+)\/([^/]+)$/, (m, q) => {
      const p = page(need(current().profiles, m[2], 'security profile').applications ?? [], q, 1000);
      return { Applications: p.items, NextToken: p.next };
    }],
    ['DescribeSecurityProfile', 'GET', /^\/security-profiles\/([^/]+)\/([^/]+)$/, (m) => {
      const x = need(current().profiles, m[2], 'security profile');
      return { SecurityProfile: { Id: x.id, SecurityProfileName: x.name, Description: x.description, Tags: x.tags, AllowedAccessControlTags: x.allowedAccessControlTags, AllowedAccessControlHierarchyGroupId: x.allowedAccessControlHierarchyGroupId } };
    }],
    ['CreateSecurityProfile', 'PUT', /^\/security-profiles\/([^/]+)$/, (_m, _q, b) => {
      const name = str(b.SecurityProfileName) ?? '';
      if ([...data.profiles.values()].some((p) => p.name === name)) throw new ApiError(409, 'DuplicateResourceException', `security profile ${name} exists`);
      const id = newId('sp');
      data.profiles.set(id, { id, name, ...(str(b.Description) ? { description: str(b.Description) } : {}), permissions: migrated(strs(b.Permissions)) });
      return { SecurityProfileId: id, SecurityProfileArn: `arn:${id}` };
    }],
    ['UpdateSecurityProfile', 'POST', /^\/security-profiles\/([^/]+)\/([^/]+)$/, (m, _q, b) => {
      const x = need(data.profiles, m[2], 'security profile');
      // Omitted fields stay as they are.
      if (b.Permissions !== undefined) x.permissions = migrated(strs(b.Permissions));
      if (b.Description !== undefined) x.description = str(b.Description);
      if (b.Applications !== undefined) x.applications = b.Applications as FakeProfile['applications'];
      if (b.AllowedAccessControlTags !== undefined) x.allowedAccessControlTags = b.AllowedAccessControlTags as Record<string, string>;
      return {};
    }],
    ['DeleteSecurityProfile', 'DELETE', /^\/security-profiles\/([^/]+)\/([^/]+)$/, (m) => {
      need(data.profiles, m[2], 'security profile');
      if ([...data.users.values()].some((u) => u.securityProfileIds.includes(m[2] ?? ''))) throw new ApiError(409, 'ResourceInUseException', 'security profile in use');
      data.profiles.delete(m[2] ?? '');
      return {};
    }],
    ['SearchUsers', 'POST', /^\/search-users$/, (_m, _q, b) => {
      const p = page([...current().users.values()], b, 500);
      return { Users: p.items.map((u) => ({ Id: u.id, Username: u.username, IdentityInfo: { FirstName: u.firstName, LastName: u.lastName }, SecurityProfileIds: u.securityProfileIds, RoutingProfileId: u.routingProfileId, HierarchyGroupId: u.hierarchyGroupId })), NextToken: p.next, ApproximateTotalCount: current().users.size };
    }],
    ['DescribeUser', 'GET', /^\/users\/([^/]+)\/([^/]+)$/, (m) => {
      const u = need(current().users, m[2], 'user');
      return { User: { Id: u.id, Username: u.username, IdentityInfo: { FirstName: u.firstName, LastName: u.lastName, Email: u.email }, SecurityProfileIds: u.securityProfileIds, RoutingProfileId: u.routingProfileId } };
    }],
    ['CreateUser', 'PUT', /^\/users\/([^/]+)$/, (_m, _q, b) => {
      const username = str(b.Username) ?? '';
      if ([...data.users.values()].some((u) => u.username === username)) throw new ApiError(409, 'DuplicateResourceException', `user ${username} exists`);
      const ids = strs(b.SecurityProfileIds);
      for (const id of ids) need(data.profiles, id, 'security profile');
      need(data.routing, str(b.RoutingProfileId), 'routing profile');
      if (b.PhoneConfig === undefined) throw new ApiError(400, 'InvalidParameterException', 'PhoneConfig is required');
      const info = (b.IdentityInfo ?? {}) as { FirstName?: string; LastName?: string; Email?: string };
      const phoneConfig = b.PhoneConfig as Record<string, unknown>;
      if (phoneConfig.PhoneType === 'DESK_PHONE' && phoneConfig.DeskPhoneNumber === undefined) throw new ApiError(400, 'InvalidParameterException', 'DeskPhoneNumber is required for DESK_PHONE');
      const id = newId('user');
      const hg = str(b.HierarchyGroupId);
      if (hg !== undefined) need(data.groups, hg, 'hierarchy group');
      data.users.set(id, { id, username, ...(info.FirstName ? { firstName: info.FirstName } : {}), ...(info.LastName ? { lastName: info.LastName } : {}), ...(info.Email ? { email: info.Email } : {}), phoneConfig, securityProfileIds: ids, routingProfileId: str(b.RoutingProfileId) ?? '', ...(hg ? { hierarchyGroupId: hg } : {}) });
      return { UserId: id, UserArn: `arn:${id}` };
    }],
    ['DeleteUser', 'DELETE', /^\/users\/([^/]+)\/([^/]+)$/, (m) => {
      need(data.users, m[2], 'user');
      data.users.delete(m[2] ?? '');
      return {};
    }],
    ['UpdateUserSecurityProfiles', 'POST', /^\/users\/([^/]+)\/([^/]+)\/security-profiles$/, (m, _q, b) => {
      const u = need(data.users, m[2], 'user');
      const ids = strs(b.SecurityProfileIds);
      if (ids.length < 1 || ids.length > 10) throw new ApiError(400, 'InvalidParameterException', '1 to 10 security profiles');
      for (const id of ids) need(data.profiles, id, 'security profile');
      u.securityProfileIds = ids;
      return {};
    }],
    ['UpdateUserRoutingProfile', 'POST', /^\/users\/([^/]+)\/([^/]+)\/routing-profile$/, (m, _q, b) => {
      need(data.users, m[2], 'user').routingProfileId = need(data.routing, str(b.RoutingProfileId), 'routing profile').id;
      return {};
    }],
    ['UpdateUserHierarchy', 'POST', /^\/users\/([^/]+)\/([^/]+)\/hierarchy$/, (m, _q, b) => {
      const u = need(data.users, m[2], 'user');
      const hg = str(b.HierarchyGroupId);
      if (hg === undefined) delete u.hierarchyGroupId;
      else u.hierarchyGroupId = need(data.groups, hg, 'hierarchy group').id;
      return {};
    }],
    ['UpdateUserIdentityInfo', 'POST', /^\/users\/([^/]+)\/([^/]+)\/identity-info$/, (m, _q, b) => {
      const u = need(data.users, m[2], 'user');
      const info = (b.IdentityInfo ?? {}) as { FirstName?: string; LastName?: string; Email?: string };
      // Replaces the whole identity, as the real API does.
      u.firstName = info.FirstName;
      u.lastName = info.LastName;
      u.email = info.Email;
      return {};
    }],
    ['SearchQueues', 'POST', /^\/search-queues$/, (_m, _q, b) => {
      const p = page([...current().queues.values()], b, 100);
      return { Queues: p.items.map((x) => ({ QueueId: x.id, Name: x.name, Description: x.description })), NextToken: p.next };
    }],
    ['UpdateQueueName', 'POST', /^\/queues\/([^/]+)\/([^/]+)\/name$/, (m, _q, b) => {
      const x = need(data.queues, m[2], 'queue');
      if (str(b.Name) !== undefined) x.name = str(b.Name) ?? x.name;
      if (b.Description !== undefined) x.description = str(b.Description);
      return {};
    }],
    ['SearchRoutingProfiles', 'POST', /^\/search-routing-profiles$/, (_m, _q, b) => {
      const p = page([...current().routing.values()], b, 100);
      return { RoutingProfiles: p.items.map((r) => ({ RoutingProfileId: r.id, Name: r.name, Description: r.description, DefaultOutboundQueueId: r.defaultOutboundQueueId })), NextToken: p.next };
    }],
    ['ListRoutingProfileQueues', 'GET', /^\/routing-profiles\/([^/]+)\/([^/]+)\/queues$/, (m, q) => {
      const r = need(current().routing, m[2], 'routing profile');
      const p = page(r.configs, q, 100);
      return { RoutingProfileQueueConfigSummaryList: p.items.map((c) => ({ QueueId: c.queueId, QueueName: current().queues.get(c.queueId)?.name, Priority: c.priority, Delay: c.delay, Channel: c.channel })), NextToken: p.next };
    }],
    ['CreateRoutingProfile', 'PUT', /^\/routing-profiles\/([^/]+)$/, (_m, _q, b) => {
      const configs = configsOf(b.QueueConfigs);
      chunkLimit(configs.length);
      if (b.MediaConcurrencies === undefined || b.Description === undefined) throw new ApiError(400, 'InvalidParameterException', 'Description and MediaConcurrencies are required');
      const id = newId('rp');
      data.routing.set(id, { id, name: str(b.Name) ?? '', description: str(b.Description) ?? '', defaultOutboundQueueId: need(data.queues, str(b.DefaultOutboundQueueId), 'queue').id, configs });
      return { RoutingProfileId: id, RoutingProfileArn: `arn:${id}` };
    }],
    ['DeleteRoutingProfile', 'DELETE', /^\/routing-profiles\/([^/]+)\/([^/]+)$/, (m) => {
      need(data.routing, m[2], 'routing profile');
      if ([...data.users.values()].some((u) => u.routingProfileId === m[2])) throw new ApiError(409, 'ResourceInUseException', 'routing profile in use');
      data.routing.delete(m[2] ?? '');
      return {};
    }],
    ['UpdateRoutingProfileName', 'POST', /^\/routing-profiles\/([^/]+)\/([^/]+)\/name$/, (m, _q, b) => {
      const r = need(data.routing, m[2], 'routing profile');
      if (str(b.Name) !== undefined) r.name = str(b.Name) ?? r.name;
      if (b.Description !== undefined) r.description = str(b.Description) ?? '';
      return {};
    }],
    ['UpdateRoutingProfileDefaultOutboundQueue', 'POST', /^\/routing-profiles\/([^/]+)\/([^/]+)\/default-outbound-queue$/, (m, _q, b) => {
      need(data.routing, m[2], 'routing profile').defaultOutboundQueueId = need(data.queues, str(b.DefaultOutboundQueueId), 'queue').id;
      return {};
    }],
    ['AssociateRoutingProfileQueues', 'POST', /^\/routing-profiles\/([^/]+)\/([^/]+)\/associate-queues$/, (m, _q, b) => {
      const r = need(data.routing, m[2], 'routing profile');
      const configs = configsOf(b.QueueConfigs);
      chunkLimit(configs.length);
      for (const c of configs) if (!r.configs.some((x) => x.queueId === c.queueId && x.channel === c.channel)) r.configs.push(c);
      return {};
    }],
    ['UpdateRoutingProfileQueues', 'POST', /^\/routing-profiles\/([^/]+)\/([^/]+)\/queues$/, (m, _q, b) => {
      const r = need(data.routing, m[2], 'routing profile');
      const configs = configsOf(b.QueueConfigs);
      chunkLimit(configs.length);
      for (const c of configs) {
        const x = r.configs.find((y) => y.queueId === c.queueId && y.channel === c.channel);
        if (x === undefined) throw new ApiError(400, 'InvalidParameterException', 'queue not in routing profile');
        x.priority = c.priority;
        x.delay = c.delay;
      }
      return {};
    }],
    ['DisassociateRoutingProfileQueues', 'POST', /^\/routing-profiles\/([^/]+)\/([^/]+)\/disassociate-queues$/, (m, _q, b) => {
      const r = need(data.routing, m[2], 'routing profile');
      const refs = (Array.isArray(b.QueueReferences) ? b.QueueReferences : []) as { QueueId?: string; Channel?: string }[];
      chunkLimit(refs.length);
      r.configs = r.configs.filter((c) => !refs.some((x) => x.QueueId === c.queueId && (x.Channel ?? 'VOICE') === c.channel));
      return {};
    }],
    ['SearchUserHierarchyGroups', 'POST', /^\/search-user-hierarchy-groups$/, (_m, _q, b) => {
      const groups = current().groups;
      const p = page([...groups.values()], b, 100);
      return { UserHierarchyGroups: p.items.map((g) => ({ Id: g.id, Name: g.name, HierarchyPath: pathOf(groups, g.id) })), NextToken: p.next };
    }],
    ['CreateUserHierarchyGroup', 'PUT', /^\/user-hierarchy-groups\/([^/]+)$/, (_m, _q, b) => {
      const parent = str(b.ParentGroupId);
      if (parent !== undefined) need(data.groups, parent, 'hierarchy group');
      const id = newId('hg');
      data.groups.set(id, { id, name: str(b.Name) ?? '', ...(parent ? { parentId: parent } : {}) });
      return { HierarchyGroupId: id, HierarchyGroupArn: `arn:${id}` };
    }],
  ];

  const send = (res: ServerResponse, status: number, body: unknown, type?: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const stamp = req.headers['x-permctl-clock'];
    const t = typeof stamp === 'string' && stamp !== 'none' ? Number(stamp) : opts.clock.now();
    const path = decodeURIComponent(url.pathname);
    for (const [op, method, re, fn] of routes) {
      const m = re.exec(path);
      if (m === null || req.method !== method) continue;
      const record = (status: number): void => void log.push({ op, method, path, t, stamped: typeof stamp === 'string' && stamp !== 'none', status });
      if (opts.throttle?.(op, log.length) === true) {
        record(429);
        send(res, 429, { message: 'Rate exceeded' }, 'TooManyRequestsException');
        return;
      }
      try {
        const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
        const instance = m[1] ?? str(body.InstanceId);
        if (instance !== opts.instanceId) throw new ApiError(404, 'ResourceNotFoundException', `instance ${String(instance)} not found`);
        if (injected(method, path, body)) throw new ApiError(400, 'InjectedFailure', `injected failure for ${op}`);
        const failure = opts.fail?.(op, body, path);
        if (failure !== undefined) throw new ApiError(400, failure, `injected failure for ${op}`);
        const out = fn(m, url.searchParams, body);
        if (method !== 'GET' && !op.startsWith('Search')) wrote();
        record(200);
        send(res, 200, out);
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(500, 'InternalServiceException', String(e));
        record(err.status);
        send(res, err.status, { Message: err.message }, err.type);
      }
      return;
    }
    log.push({ op: 'unknown', method: req.method ?? '', path, t, stamped: false, status: 404 });
    send(res, 404, { Message: `no route ${req.method ?? ''} ${path}` }, 'UnknownOperationException');
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    data,
    log,
    settle: () => {
      view = clone(data);
      dirtySince = undefined;
    },
    failAfter: (n) => {
      failing = { after: n, seen: new Set() };
      return () => {
        failing = undefined;
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
