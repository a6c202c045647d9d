// Reads an instance in bulk: one SearchUsers page per 500 users, a handful of calls per
// security profile and routing profile, one page per 100 queues and hierarchy groups — never
// one call per user. Ids are mapped to names (the TargetState speaks names) and kept in an
// index for apply. What permctl does not model is collected as `unmodelled`.
import {
  DescribeSecurityProfileCommand,
  paginateListRoutingProfileQueues,
  paginateListSecurityProfileApplications,
  paginateListSecurityProfilePermissions,
  paginateListSecurityProfiles,
  paginateSearchQueues,
  paginateSearchRoutingProfiles,
  paginateSearchUserHierarchyGroups,
  paginateSearchUsers,
} from '@aws-sdk/client-connect';
import type { HierarchyPath, UserSearchSummary } from '@aws-sdk/client-connect';
import { canonicalJson, sha256, stateFingerprint } from '../../plan/fingerprint.ts';
import type { ProfileState, QueueState, RoutingProfileState, RoutingQueueState, TargetState, UserState } from '../../plan/state.ts';
import type { Unmodelled } from '../contract.ts';
import type { ConnectApi } from './api.ts';
import type { PermissionNames } from './permissions.ts';

export interface LiveProfile {
  readonly id: string;
  readonly name: string;
  /** Every permission the profile holds, as Connect spells it. */
  readonly permissions: readonly string[];
}

export interface LiveUser {
  readonly id: string;
  readonly login: string;
}

export interface LiveRouting {
  readonly id: string;
  readonly name: string;
  /** Queue id → channels configured for it (VOICE is the one permctl models). */
  readonly channels: ReadonlyMap<string, readonly string[]>;
}

export interface Live {
  readonly state: TargetState;
  readonly unmodelled: readonly Unmodelled[];
  readonly fingerprint: string;
  readonly profiles: ReadonlyMap<string, LiveProfile>;
  readonly users: ReadonlyMap<string, LiveUser>;
  readonly routing: ReadonlyMap<string, LiveRouting>;
  /** name → id */
  readonly queues: ReadonlyMap<string, string>;
  /** hierarchy path ('EMEA/Madrid/Team-3') → group id */
  readonly groups: ReadonlyMap<string, string>;
  /** What was read, per part, for a partial re-read. */
  readonly parts: Parts;
}

export interface ReadOptions {
  readonly instanceId: string;
  /** Permission names permctl's catalog knows; the others are unmodelled (kept, not diffed). */
  readonly isKnownPermission: (name: string) => boolean;
  /** Renamed permissions (the catalog's equivalences). */
  readonly names: PermissionNames;
  /** Parallel per-profile reads (the limiter paces them). */
  readonly concurrency: number;
}

/** The largest page each call allows (Amazon Connect API reference, MaxResults). */
export const PAGE = { searchUsers: 500, list: 1000, listQueues: 100, search: 100 } as const;

const byKey = <T>(key: (t: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

function pathOf(p: HierarchyPath | undefined): string | undefined {
  if (!p) return undefined;
  const names = [p.LevelOne, p.LevelTwo, p.LevelThree, p.LevelFour, p.LevelFive].map((l) => l?.Name).filter((n): n is string => typeof n === 'string' && n !== '');
  return names.length === 0 ? undefined : names.join('/');
}

const present = (v: unknown): boolean => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && Object.keys(v).length === 0);

/** The spelling the state shows for a live permission: the live name when the catalog knows
 *  it, else the catalog's name of the same permission (renamed by Amazon Connect), else none. */
function stateSpelling(name: string, isKnown: (n: string) => boolean, names: PermissionNames): string | undefined {
  return names.spellings(name).find(isKnown);
}

/** The parts of an instance read separately; apply re-reads only those its changes touched. */
export type Part = 'groups' | 'queues' | 'profiles' | 'routing' | 'users';
export const ALL_PARTS: ReadonlySet<Part> = new Set<Part>(['groups', 'queues', 'profiles', 'routing', 'users']);

interface Parts {
  readonly groups: { readonly pathById: ReadonlyMap<string, string> };
  readonly queues: { readonly nameById: ReadonlyMap<string, string>; readonly states: readonly QueueState[] };
  readonly profiles: { readonly live: ReadonlyMap<string, LiveProfile>; readonly nameById: ReadonlyMap<string, string>; readonly states: readonly ProfileState[]; readonly unmodelled: readonly Unmodelled[] };
  readonly routing: { readonly live: ReadonlyMap<string, LiveRouting>; readonly nameById: ReadonlyMap<string, string>; readonly states: readonly RoutingProfileState[]; readonly unmodelled: readonly Unmodelled[] };
  readonly users: { readonly live: ReadonlyMap<string, LiveUser>; readonly summaries: readonly UserSearchSummary[] };
}

async function readGroups(api: ConnectApi, opts: ReadOptions): Promise<Parts['groups']> {
  const pathById = new Map<string, string>();
  for await (const page of paginateSearchUserHierarchyGroups({ client: api.client, pageSize: PAGE.search }, { InstanceId: opts.instanceId })) {
    for (const g of page.UserHierarchyGroups ?? []) {
      const path = pathOf(g.HierarchyPath) ?? g.Name;
      if (g.Id !== undefined && path !== undefined) pathById.set(g.Id, path);
    }
  }
  return { pathById };
}

async function readQueues(api: ConnectApi, opts: ReadOptions): Promise<Parts['queues']> {
  const nameById = new Map<string, string>();
  const states: QueueState[] = [];
  for await (const page of paginateSearchQueues({ client: api.client, pageSize: PAGE.search }, { InstanceId: opts.instanceId, SearchCriteria: { QueueTypeCondition: 'STANDARD' } })) {
    for (const q of page.Queues ?? []) {
      // Agent queues have no name; the search criteria already asks for STANDARD ones.
      if (q.QueueId === undefined || q.Name === undefined) continue;
      nameById.set(q.QueueId, q.Name);
      states.push({ name: q.Name, ...(q.Description ? { description: q.Description } : {}) });
    }
  }
  return { nameById, states: states.sort(byKey((q) => q.name)) };
}

/** Security profiles: list, then per profile its permissions (paged), settings and applications. */
async function readProfiles(api: ConnectApi, opts: ReadOptions): Promise<Parts['profiles']> {
  const { instanceId } = opts;
  const client = api.client;
  const summaries: { id: string; name: string }[] = [];
  for await (const page of paginateListSecurityProfiles({ client, pageSize: PAGE.list }, { InstanceId: instanceId })) {
    for (const s of page.SecurityProfileSummaryList ?? []) if (s.Id !== undefined && s.Name !== undefined) summaries.push({ id: s.Id, name: s.Name });
  }
  const details = await pool(summaries, opts.concurrency, async ({ id, name }) => {
    const permissions: string[] = [];
    for await (const page of paginateListSecurityProfilePermissions({ client, pageSize: PAGE.list }, { InstanceId: instanceId, SecurityProfileId: id })) permissions.push(...(page.Permissions ?? []));
    const applications: unknown[] = [];
    for await (const page of paginateListSecurityProfileApplications({ client, pageSize: PAGE.list }, { InstanceId: instanceId, SecurityProfileId: id })) applications.push(...(page.Applications ?? []));
    const described = (await api.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: id }))).SecurityProfile;
    return { id, name, permissions, applications, described };
  });
  const live = new Map<string, LiveProfile>();
  const nameById = new Map<string, string>();
  const states: ProfileState[] = [];
  const unmodelled: Unmodelled[] = [];
  for (const p of details) {
    nameById.set(p.id, p.name);
    live.set(p.name, { id: p.id, name: p.name, permissions: p.permissions });
    const shown = new Set<string>();
    const unknown: string[] = [];
    for (const perm of p.permissions) {
      const s = stateSpelling(perm, opts.isKnownPermission, opts.names);
      if (s === undefined) unknown.push(perm);
      else shown.add(s);
    }
    const d = p.described;
    states.push({ name: p.name, ...(d?.Description ? { description: d.Description } : {}), permissions: [...shown].sort() });
    if (unknown.length > 0) unmodelled.push({ kind: 'profile', name: p.name, field: 'permissions', value: unknown.sort() });
    const settings: Record<string, unknown> = {
      tags: d?.Tags,
      allowedAccessControlTags: d?.AllowedAccessControlTags,
      tagRestrictedResources: d?.TagRestrictedResources,
      hierarchyRestrictedResources: d?.HierarchyRestrictedResources,
      allowedAccessControlHierarchyGroupId: d?.AllowedAccessControlHierarchyGroupId,
      applications: p.applications,
    };
    for (const [field, value] of Object.entries(settings)) if (present(value)) unmodelled.push({ kind: 'profile', name: p.name, field, value });
  }
  return { live, nameById, states: states.sort(byKey((p) => p.name)), unmodelled };
}

/** Routing profiles: search (descriptions included), then each one's queue configs. */
async function readRouting(api: ConnectApi, opts: ReadOptions, queueName: ReadonlyMap<string, string>): Promise<Parts['routing']> {
  const { instanceId } = opts;
  const client = api.client;
  const summaries: { id: string; name: string; description?: string; defaultOutboundQueueId?: string }[] = [];
  for await (const page of paginateSearchRoutingProfiles({ client, pageSize: PAGE.search }, { InstanceId: instanceId })) {
    for (const r of page.RoutingProfiles ?? []) {
      if (r.RoutingProfileId === undefined || r.Name === undefined) continue;
      // Amazon Connect requires a description; permctl writes the name when git gives none, and
      // reads that convention back as "no description".
      const description = r.Description === r.Name ? undefined : r.Description;
      summaries.push({ id: r.RoutingProfileId, name: r.Name, ...(description ? { description } : {}), ...(r.DefaultOutboundQueueId ? { defaultOutboundQueueId: r.DefaultOutboundQueueId } : {}) });
    }
  }
  const configs = await pool(summaries, opts.concurrency, async (r) => {
    const out = [];
    for await (const page of paginateListRoutingProfileQueues({ client, pageSize: PAGE.listQueues }, { InstanceId: instanceId, RoutingProfileId: r.id })) out.push(...(page.RoutingProfileQueueConfigSummaryList ?? []));
    return out;
  });
  const live = new Map<string, LiveRouting>();
  const nameById = new Map<string, string>();
  const states: RoutingProfileState[] = [];
  const unmodelled: Unmodelled[] = [];
  summaries.forEach((r, i) => {
    nameById.set(r.id, r.name);
    const channels = new Map<string, string[]>();
    const voice: RoutingQueueState[] = [];
    const other: unknown[] = [];
    for (const c of configs[i] ?? []) {
      if (c.QueueId === undefined) continue;
      channels.set(c.QueueId, [...(channels.get(c.QueueId) ?? []), c.Channel ?? 'VOICE']);
      const queue = queueName.get(c.QueueId) ?? c.QueueName ?? c.QueueId;
      if ((c.Channel ?? 'VOICE') === 'VOICE') voice.push({ queue, priority: c.Priority ?? 1, delay: c.Delay ?? 0 });
      else other.push({ queue, channel: c.Channel, priority: c.Priority, delay: c.Delay });
    }
    live.set(r.name, { id: r.id, name: r.name, channels });
    const dq = r.defaultOutboundQueueId;
    states.push({ name: r.name, ...(r.description ? { description: r.description } : {}), defaultOutboundQueue: dq === undefined ? '' : (queueName.get(dq) ?? dq), queues: voice.sort(byKey((q) => q.queue)) });
    if (other.length > 0) unmodelled.push({ kind: 'routingProfile', name: r.name, field: 'otherChannelQueues', value: other });
  });
  return { live, nameById, states: states.sort(byKey((r) => r.name)), unmodelled };
}

/** Users: 500 per SearchUsers page, with their profile, routing and hierarchy ids. */
async function readUsers(api: ConnectApi, opts: ReadOptions): Promise<Parts['users']> {
  const live = new Map<string, LiveUser>();
  const summaries: UserSearchSummary[] = [];
  for await (const page of paginateSearchUsers({ client: api.client, pageSize: PAGE.searchUsers }, { InstanceId: opts.instanceId })) {
    for (const u of page.Users ?? []) {
      if (u.Id === undefined || u.Username === undefined) continue;
      live.set(u.Username, { id: u.Id, login: u.Username });
      summaries.push(u);
    }
  }
  return { live, summaries };
}

function userStates(p: Parts): UserState[] {
  const out: UserState[] = [];
  for (const u of p.users.summaries) {
    if (u.Username === undefined) continue;
    const name = [u.IdentityInfo?.FirstName, u.IdentityInfo?.LastName].filter((n) => typeof n === 'string' && n !== '').join(' ');
    const routingProfile = u.RoutingProfileId === undefined ? undefined : (p.routing.nameById.get(u.RoutingProfileId) ?? u.RoutingProfileId);
    const hierarchy = u.HierarchyGroupId === undefined ? undefined : (p.groups.pathById.get(u.HierarchyGroupId) ?? u.HierarchyGroupId);
    out.push({
      login: u.Username,
      ...(name !== '' ? { name } : {}),
      securityProfiles: (u.SecurityProfileIds ?? []).map((id) => p.profiles.nameById.get(id) ?? id).sort(),
      ...(routingProfile !== undefined ? { routingProfile } : {}),
      ...(hierarchy !== undefined ? { hierarchy } : {}),
    });
  }
  return out.sort(byKey((u) => u.login));
}

/** Reads the instance; with `previous`, only the parts in `only` (the rest is reused), which is
 *  how apply reads back what it wrote without re-reading 50,000 users for a profile change. */
export async function readLive(api: ConnectApi, opts: ReadOptions, previous?: Live, only: ReadonlySet<Part> = ALL_PARTS): Promise<Live> {
  const again = (part: Part): boolean => previous === undefined || only.has(part);
  const prev = previous?.parts;
  const [groups, queues] = await Promise.all([again('groups') || !prev ? readGroups(api, opts) : prev.groups, again('queues') || !prev ? readQueues(api, opts) : prev.queues]);
  const [profiles, routing, users] = await Promise.all([
    again('profiles') || !prev ? readProfiles(api, opts) : prev.profiles,
    again('routing') || !prev ? readRouting(api, opts, queues.nameById) : prev.routing,
    again('users') || !prev ? readUsers(api, opts) : prev.users,
  ]);
  const parts: Parts = { groups, queues, profiles, routing, users };
  const state: TargetState = { profiles: profiles.states, users: userStates(parts), routingProfiles: routing.states, queues: queues.states, lines: [] };
  const unmodelled = [...profiles.unmodelled, ...routing.unmodelled].sort(byKey((u) => `${u.kind}\u0000${u.name}\u0000${u.field}`));
  return {
    state,
    unmodelled,
    fingerprint: sha256(`${stateFingerprint(state)}\u0000${canonicalJson(unmodelled)}`),
    profiles: profiles.live,
    users: users.live,
    routing: routing.live,
    queues: new Map([...queues.nameById].map(([id, name]) => [name, id])),
    groups: new Map([...groups.pathById].map(([id, path]) => [path, id])),
    parts,
  };
}
