// Builds a fake instance from names (a TargetState plus what permctl does not model), and the
// plans the tests apply.
import type { TargetState } from '../../../src/plan/state.ts';
import type { Change, Plan } from '../../../src/plan/types.ts';
import type { FakeData, FakeProfile } from './fake-connect.ts';
import { newId } from './fake-connect.ts';

export interface Extras {
  /** Per profile name: settings permctl does not model. */
  readonly profiles?: Readonly<Record<string, Partial<Pick<FakeProfile, 'tags' | 'applications' | 'allowedAccessControlTags' | 'allowedAccessControlHierarchyGroupId'>> & { extraPermissions?: string[] }>>;
}

export function seedData(state: TargetState, extras: Extras = {}): FakeData {
  const data: FakeData = { profiles: new Map(), users: new Map(), routing: new Map(), queues: new Map(), groups: new Map() };
  const queueId = new Map<string, string>();
  for (const q of state.queues) {
    const id = newId('q');
    queueId.set(q.name, id);
    data.queues.set(id, { id, name: q.name, ...(q.description ? { description: q.description } : {}) });
  }
  const routingId = new Map<string, string>();
  for (const r of state.routingProfiles) {
    const id = newId('rp');
    routingId.set(r.name, id);
    data.routing.set(id, { id, name: r.name, description: r.description ?? '', defaultOutboundQueueId: queueId.get(r.defaultOutboundQueue) ?? '', configs: r.queues.map((q) => ({ queueId: queueId.get(q.queue) ?? '', channel: 'VOICE', priority: q.priority, delay: q.delay })) });
  }
  const profileId = new Map<string, string>();
  for (const p of state.profiles) {
    const id = newId('sp');
    profileId.set(p.name, id);
    const { extraPermissions = [], ...settings } = extras.profiles?.[p.name] ?? {};
    data.profiles.set(id, { id, name: p.name, ...(p.description ? { description: p.description } : {}), permissions: [...p.permissions, ...extraPermissions], ...settings });
  }
  const groupId = new Map<string, string>();
  const group = (path: string): string => {
    const known = groupId.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    const parentId = slash < 0 ? undefined : group(path.slice(0, slash));
    const id = newId('hg');
    data.groups.set(id, { id, name: path.slice(slash + 1), ...(parentId ? { parentId } : {}) });
    groupId.set(path, id);
    return id;
  };
  for (const u of state.users) {
    const id = newId('user');
    const [firstName, ...rest] = (u.name ?? '').split(' ');
    data.users.set(id, {
      id,
      username: u.login,
      ...(firstName ? { firstName } : {}),
      ...(rest.length > 0 ? { lastName: rest.join(' ') } : {}),
      securityProfileIds: u.securityProfiles.map((p) => profileId.get(p) ?? p),
      routingProfileId: routingId.get(u.routingProfile ?? '') ?? '',
      ...(u.hierarchy !== undefined ? { hierarchyGroupId: group(u.hierarchy) } : {}),
    });
  }
  return data;
}

export function planOf(changes: readonly Change[], targetFingerprint: string): Plan {
  const count = (a: Change['action']): number => changes.filter((c) => c.action === a).length;
  return {
    format_version: '1.0',
    instance: 'test',
    target: 'connect://inst-1?region=eu-west-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    gitCommit: null,
    targetFingerprint,
    policyFingerprint: 'sha256:test',
    changes,
    access: [],
    findings: [],
    unmanaged: [],
    summary: { create: count('create'), update: count('update'), delete: count('delete'), usersGaining: 0, usersLosing: 0, riskyGrants: 0, unmanaged: 0, revokeRatio: 0 },
  };
}

/** A small instance: two queues, one routing profile, Admin/Agent/Supervisor, `n` agents. */
export function smallState(n: number): TargetState {
  const users = Array.from({ length: n }, (_, i) => ({ login: `agent${String(i).padStart(5, '0')}`, name: `Agent ${i}`, securityProfiles: ['Agent'], routingProfile: 'Basic', hierarchy: `EMEA/Team-${i % 3}` }));
  users.push({ login: 'admin', name: 'Ada Admin', securityProfiles: ['Admin'], routingProfile: 'Basic', hierarchy: 'EMEA/Team-0' });
  users.sort((a, b) => (a.login < b.login ? -1 : 1));
  return {
    profiles: [
      { name: 'Admin', permissions: ['AgentGrouping.View', 'RoutingPolicies.View', 'SecurityProfiles.Edit', 'SecurityProfiles.View', 'Users.Edit', 'Users.EditPermission', 'Users.View'] },
      { name: 'Agent', description: 'Front line', permissions: ['BasicAgentAccess', 'OutboundCallAccess'] },
      { name: 'Supervisor', permissions: ['BasicAgentAccess', 'ListenCallRecordings', 'ManagerListenIn'] },
    ],
    users,
    routingProfiles: [{ name: 'Basic', description: 'Basic routing', defaultOutboundQueue: 'Sales', queues: [{ queue: 'Sales', priority: 1, delay: 0 }, { queue: 'Support', priority: 2, delay: 10 }] }],
    queues: [{ name: 'Sales' }, { name: 'Support', description: 'Second line' }],
    lines: [],
  };
}
