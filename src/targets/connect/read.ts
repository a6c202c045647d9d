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
import type { HierarchyPath } from '@aws-sdk/client-connect';
import { canonicalJson, sha256, stateFingerprint } from '../../plan/fingerprint.ts';
import type { ProfileState, QueueState, RoutingProfileState, RoutingQueueState, TargetState, UserState } from '../../plan/state.ts';
import type { Unmodelled } from '../contract.ts';
import type { ConnectApi } from './api.ts';
import { spellings } from './permissions.ts';

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
}

export interface ReadOptions {
  readonly instanceId: string;
  /** Permission names permctl's catalog knows; the others are unmodelled (kept, not diffed). */
  readonly isKnownPermission: (name: string) => boolean;
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
function stateSpelling(name: string, isKnown: (n: string) => boolean): string | undefined {
  return spellings(name).find(isKnown);
}

export async function readLive(api: ConnectApi, opts: ReadOptions): Promise<Live> {
  const { instanceId, concurrency } = opts;
  const client = api.client;
  const unmodelled: Unmodelled[] = [];

  // Hierarchy groups and queues first: users and routing profiles refer to them by id.
  const groupPath = new Map<string, string>();
  for await (const page of paginateSearchUserHierarchyGroups({ client, pageSize: PAGE.search }, { InstanceId: instanceId })) {
    for (const g of page.UserHierarchyGroups ?? []) {
      const path = pathOf(g.HierarchyPath) ?? g.Name;
      if (g.Id !== undefined && path !== undefined) groupPath.set(g.Id, path);
    }
  }
  const queueName = new Map<string, string>();
  const queues: QueueState[] = [];
  for await (const page of paginateSearchQueues({ client, pageSize: PAGE.search }, { InstanceId: instanceId, SearchCriteria: { QueueTypeCondition: 'STANDARD' } })) {
    for (const q of page.Queues ?? []) {
      // Agent queues have no name; the search criteria already asks for STANDARD ones.
      if (q.QueueId === undefined || q.Name === undefined) continue;
      queueName.set(q.QueueId, q.Name);
      queues.push({ name: q.Name, ...(q.Description ? { description: q.Description } : {}) });
    }
  }

  // Security profiles: list, then per profile its permissions (paged), settings and applications.
  const summaries: { id: string; name: string }[] = [];
  for await (const page of paginateListSecurityProfiles({ client, pageSize: PAGE.list }, { InstanceId: instanceId })) {
    for (const s of page.SecurityProfileSummaryList ?? []) if (s.Id !== undefined && s.Name !== undefined) summaries.push({ id: s.Id, name: s.Name });
  }
  const profileDetails = await pool(summaries, concurrency, async ({ id, name }) => {
    const permissions: string[] = [];
    for await (const page of paginateListSecurityProfilePermissions({ client, pageSize: PAGE.list }, { InstanceId: instanceId, SecurityProfileId: id })) permissions.push(...(page.Permissions ?? []));
    const applications: unknown[] = [];
    for await (const page of paginateListSecurityProfileApplications({ client, pageSize: PAGE.list }, { InstanceId: instanceId, SecurityProfileId: id })) applications.push(...(page.Applications ?? []));
    const described = (await api.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: id }))).SecurityProfile;
    return { id, name, permissions, applications, described };
  });
  const profiles = new Map<string, LiveProfile>();
  const profileName = new Map<string, string>();
  const profileStates: ProfileState[] = [];
  for (const p of profileDetails) {
    profileName.set(p.id, p.name);
    profiles.set(p.name, { id: p.id, name: p.name, permissions: p.permissions });
    const shown = new Set<string>();
    const unknown: string[] = [];
    for (const perm of p.permissions) {
      const s = stateSpelling(perm, opts.isKnownPermission);
      if (s === undefined) unknown.push(perm);
      else shown.add(s);
    }
    const d = p.described;
    profileStates.push({ name: p.name, ...(d?.Description ? { description: d.Description } : {}), permissions: [...shown].sort() });
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

  // Routing profiles: search (descriptions included), then each one's queue configs.
  const routingSummaries: { id: string; name: string; description?: string; defaultOutboundQueueId?: string }[] = [];
  for await (const page of paginateSearchRoutingProfiles({ client, pageSize: PAGE.search }, { InstanceId: instanceId })) {
    for (const r of page.RoutingProfiles ?? []) {
      if (r.RoutingProfileId === undefined || r.Name === undefined) continue;
      routingSummaries.push({ id: r.RoutingProfileId, name: r.Name, ...(r.Description ? { description: r.Description } : {}), ...(r.DefaultOutboundQueueId ? { defaultOutboundQueueId: r.DefaultOutboundQueueId } : {}) });
    }
  }
  const routingConfigs = await pool(routingSummaries, concurrency, async (r) => {
    const configs = [];
    for await (const page of paginateListRoutingProfileQueues({ client, pageSize: PAGE.listQueues }, { InstanceId: instanceId, RoutingProfileId: r.id })) configs.push(...(page.RoutingProfileQueueConfigSummaryList ?? []));
    return configs;
  });
  const routing = new Map<string, LiveRouting>();
  const routingName = new Map<string, string>();
  const routingStates: RoutingProfileState[] = [];
  routingSummaries.forEach((r, i) => {
    routingName.set(r.id, r.name);
    const channels = new Map<string, string[]>();
    const voice: RoutingQueueState[] = [];
    const other: unknown[] = [];
    for (const c of routingConfigs[i] ?? []) {
      if (c.QueueId === undefined) continue;
      channels.set(c.QueueId, [...(channels.get(c.QueueId) ?? []), c.Channel ?? 'VOICE']);
      const queue = queueName.get(c.QueueId) ?? c.QueueName ?? c.QueueId;
      if ((c.Channel ?? 'VOICE') === 'VOICE') voice.push({ queue, priority: c.Priority ?? 1, delay: c.Delay ?? 0 });
      else other.push({ queue, channel: c.Channel, priority: c.Priority, delay: c.Delay });
    }
    routing.set(r.name, { id: r.id, name: r.name, channels });
    const dq = r.defaultOutboundQueueId;
    routingStates.push({ name: r.name, ...(r.description ? { description: r.description } : {}), defaultOutboundQueue: dq === undefined ? '' : (queueName.get(dq) ?? dq), queues: voice.sort(byKey((q) => q.queue)) });
    if (other.length > 0) unmodelled.push({ kind: 'routingProfile', name: r.name, field: 'otherChannelQueues', value: other });
  });

  // Users: 500 per SearchUsers page, with their profile, routing and hierarchy ids.
  const users = new Map<string, LiveUser>();
  const userStates: UserState[] = [];
  for await (const page of paginateSearchUsers({ client, pageSize: PAGE.searchUsers }, { InstanceId: instanceId })) {
    for (const u of page.Users ?? []) {
      if (u.Id === undefined || u.Username === undefined) continue;
      users.set(u.Username, { id: u.Id, login: u.Username });
      const name = [u.IdentityInfo?.FirstName, u.IdentityInfo?.LastName].filter((n) => typeof n === 'string' && n !== '').join(' ');
      const routingProfile = u.RoutingProfileId === undefined ? undefined : (routingName.get(u.RoutingProfileId) ?? u.RoutingProfileId);
      const hierarchy = u.HierarchyGroupId === undefined ? undefined : (groupPath.get(u.HierarchyGroupId) ?? u.HierarchyGroupId);
      userStates.push({
        login: u.Username,
        ...(name !== '' ? { name } : {}),
        securityProfiles: (u.SecurityProfileIds ?? []).map((id) => profileName.get(id) ?? id).sort(),
        ...(routingProfile !== undefined ? { routingProfile } : {}),
        ...(hierarchy !== undefined ? { hierarchy } : {}),
      });
    }
  }

  const state: TargetState = {
    profiles: profileStates.sort(byKey((p) => p.name)),
    users: userStates.sort(byKey((u) => u.login)),
    routingProfiles: routingStates.sort(byKey((r) => r.name)),
    queues: queues.sort(byKey((q) => q.name)),
    lines: [],
  };
  const sortedUnmodelled = unmodelled.sort(byKey((u) => `${u.kind}\u0000${u.name}\u0000${u.field}`));
  return {
    state,
    unmodelled: sortedUnmodelled,
    fingerprint: sha256(`${stateFingerprint(state)}\u0000${canonicalJson(sortedUnmodelled)}`),
    profiles,
    users,
    routing,
    queues: new Map([...queueName].map(([id, name]) => [name, id])),
    groups: new Map([...groupPath].map(([id, path]) => [path, id])),
  };
}
