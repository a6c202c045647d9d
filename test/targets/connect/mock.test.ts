// The Connect target against aws-sdk-client-mock (the SDK's send replaced): paging, the
// read-only plan and import, eventual consistency, partial failure and resume, stale plans,
// and what permctl does not model being kept. Throttling and the SDK's own retry run over
// HTTP instead (http.test.ts): the mock bypasses them.
import {
  ConnectClient,
  CreateSecurityProfileCommand,
  DeleteSecurityProfileCommand,
  DescribeSecurityProfileCommand,
  ListRoutingProfileQueuesCommand,
  ListSecurityProfileApplicationsCommand,
  ListSecurityProfilePermissionsCommand,
  ListSecurityProfilesCommand,
  SearchQueuesCommand,
  SearchRoutingProfilesCommand,
  SearchUserHierarchyGroupsCommand,
  SearchUsersCommand,
  UpdateSecurityProfileCommand,
  UpdateUserSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import type { UserSearchSummary } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryFiles } from '../../../src/import/repository.ts';
import type { ProfileState, UserState } from '../../../src/plan/state.ts';
import type { Change } from '../../../src/plan/types.ts';
import type { ApplyContext } from '../../../src/targets/contract.ts';
import { createConnectTarget } from '../../../src/targets/connect/target.ts';
import { permissionNames } from '../../../src/targets/connect/permissions.ts';
import { permissionsToWrite } from '../../../src/targets/connect/write.ts';
import { planOf } from './seed.ts';
import { simClock } from './sim-clock.ts';

const mock = mockClient(ConnectClient);
afterEach(() => mock.reset());

const CTX: ApplyContext = { meta: { actor: 't', gitCommit: null, planHash: 'sha256:x', now: new Date(0) } };
const KNOWN = new Set(['BasicAgentAccess', 'ListenCallRecordings', 'ManagerListenIn', 'Users.View']);

interface Model {
  profiles: { Id: string; Name: string; Permissions: string[]; Description?: string; Tags?: Record<string, string> }[];
  users: UserSearchSummary[];
}

/** Registers read handlers answering from `model()` (re-evaluated per call, so a test can
 *  make writes visible late), paging SearchUsers by the MaxResults asked for. */
function serveReads(model: () => Model): void {
  mock.on(SearchUserHierarchyGroupsCommand).resolves({ UserHierarchyGroups: [{ Id: 'hg-1', Name: 'Team-1', HierarchyPath: { LevelOne: { Id: 'hg-0', Name: 'EMEA' }, LevelTwo: { Id: 'hg-1', Name: 'Team-1' } } }] });
  mock.on(SearchQueuesCommand).resolves({ Queues: [{ QueueId: 'q-1', Name: 'Sales' }] });
  mock.on(SearchRoutingProfilesCommand).resolves({ RoutingProfiles: [{ RoutingProfileId: 'rp-1', Name: 'Basic', Description: 'Basic routing', DefaultOutboundQueueId: 'q-1' }] });
  mock.on(ListRoutingProfileQueuesCommand).resolves({ RoutingProfileQueueConfigSummaryList: [{ QueueId: 'q-1', QueueArn: 'arn:q-1', QueueName: 'Sales', Priority: 1, Delay: 0, Channel: 'VOICE' }, { QueueId: 'q-1', QueueArn: 'arn:q-1', QueueName: 'Sales', Priority: 1, Delay: 0, Channel: 'CHAT' }] });
  mock.on(ListSecurityProfilesCommand).callsFake(() => ({ SecurityProfileSummaryList: model().profiles.map((p) => ({ Id: p.Id, Name: p.Name })) }));
  mock.on(ListSecurityProfilePermissionsCommand).callsFake((input: { SecurityProfileId: string; NextToken?: string }) => {
    const perms = model().profiles.find((p) => p.Id === input.SecurityProfileId)?.Permissions ?? [];
    // Two pages whenever there are two or more permissions: paging is exercised everywhere.
    const half = Math.ceil(perms.length / 2);
    return input.NextToken === 'p2' ? { Permissions: perms.slice(half) } : { Permissions: perms.slice(0, half), ...(perms.length > 1 ? { NextToken: 'p2' } : {}) };
  });
  mock.on(ListSecurityProfileApplicationsCommand).resolves({ Applications: [] });
  mock.on(DescribeSecurityProfileCommand).callsFake((input: { SecurityProfileId: string }) => {
    const p = model().profiles.find((x) => x.Id === input.SecurityProfileId);
    return { SecurityProfile: { Id: p?.Id, SecurityProfileName: p?.Name, Description: p?.Description, Tags: p?.Tags } };
  });
  mock.on(SearchUsersCommand).callsFake((input: { MaxResults?: number; NextToken?: string }) => {
    const users = model().users;
    const start = Number(input.NextToken ?? '0');
    const end = start + (input.MaxResults ?? 100);
    return { Users: users.slice(start, end), ...(end < users.length ? { NextToken: String(end) } : {}) };
  });
}

const user = (i: number, profiles: string[]): UserSearchSummary => ({ Id: `u-${i}`, Username: `agent${String(i).padStart(4, '0')}`, IdentityInfo: { FirstName: 'Agent', LastName: String(i) }, SecurityProfileIds: profiles, RoutingProfileId: 'rp-1', HierarchyGroupId: 'hg-1' });

function baseModel(users = 3): Model {
  return {
    profiles: [
      { Id: 'sp-agent', Name: 'Agent', Permissions: ['BasicAgentAccess', 'Brand.NewThing'], Tags: { team: 'a' } },
      // Saved in the console since the rename: the new name of ListenCallRecordings.
      { Id: 'sp-sup', Name: 'Supervisor', Permissions: ['BasicAgentAccess', 'CallRecordings.View'] },
      { Id: 'sp-old', Name: 'Old', Permissions: ['Users.View'] },
    ],
    users: Array.from({ length: users }, (_, i) => user(i, ['sp-agent'])),
  };
}

// A rename as the catalog states them (policies/catalog-current.yaml `equivalences`).
const NAMES = permissionNames({ equivalences: [{ legacy: 'ListenCallRecordings', current: ['CallRecordings.View'], source: 'test' }] });
const target = (clock = simClock()) => createConnectTarget({ client: new ConnectClient({ region: 'eu-west-1' }), instanceId: 'inst-1', region: 'eu-west-1', clock, isKnownPermission: (p) => KNOWN.has(p), names: NAMES, readBack: { timeoutMs: 10_000, intervalMs: 1_000 } });

const commandNames = (): string[] => mock.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ''));
const READ_ONLY = /^(List|Describe|Search)/;

describe('Connect target with a mocked SDK', () => {
  it('pages SearchUsers 500 at a time and each profile\'s permissions, and sends only reads', async () => {
    const model = baseModel(1201);
    serveReads(() => model);
    const t = target();
    const snap = await t.read();
    expect(snap.state.users).toHaveLength(1201);
    const searches = mock.commandCalls(SearchUsersCommand);
    expect(searches.map((c) => c.args[0].input.MaxResults)).toEqual([500, 500, 500]);
    expect(mock.commandCalls(ListSecurityProfilePermissionsCommand)).toHaveLength(5); // 2 + 2 + 1
    expect(commandNames().filter((n) => !READ_ONLY.test(n))).toEqual([]);
    expect(t.stats?.().calls.SearchUsers).toBe(3);
  });

  it('pages every list and search call, asking for the largest page each allows, and reads every page', async () => {
    serveReads(() => baseModel(1));
    // Each paged operation answers two pages: what is on the second must be read too.
    const two = (first: object, second: object) => (input: { NextToken?: string }) => (input.NextToken === 'next' ? second : { ...first, NextToken: 'next' });
    const voice = (id: string, name: string) => ({ QueueId: id, QueueArn: `arn:${id}`, QueueName: name, Priority: 1, Delay: 0, Channel: 'VOICE' as const });
    mock.on(SearchUserHierarchyGroupsCommand).callsFake(two({ UserHierarchyGroups: [{ Id: 'hg-0', Name: 'EMEA', HierarchyPath: { LevelOne: { Id: 'hg-0', Name: 'EMEA' } } }] }, { UserHierarchyGroups: [{ Id: 'hg-1', Name: 'Team-1', HierarchyPath: { LevelOne: { Id: 'hg-0', Name: 'EMEA' }, LevelTwo: { Id: 'hg-1', Name: 'Team-1' } } }] }));
    mock.on(SearchQueuesCommand).callsFake(two({ Queues: [{ QueueId: 'q-1', Name: 'Sales' }] }, { Queues: [{ QueueId: 'q-2', Name: 'Support' }] }));
    mock.on(SearchRoutingProfilesCommand).callsFake(two({ RoutingProfiles: [{ RoutingProfileId: 'rp-1', Name: 'Basic', DefaultOutboundQueueId: 'q-1' }] }, { RoutingProfiles: [{ RoutingProfileId: 'rp-2', Name: 'Second', DefaultOutboundQueueId: 'q-2' }] }));
    mock.on(ListRoutingProfileQueuesCommand).callsFake(two({ RoutingProfileQueueConfigSummaryList: [voice('q-1', 'Sales')] }, { RoutingProfileQueueConfigSummaryList: [voice('q-2', 'Support')] }));
    mock.on(ListSecurityProfilesCommand).callsFake(two({ SecurityProfileSummaryList: [{ Id: 'sp-agent', Name: 'Agent' }] }, { SecurityProfileSummaryList: [{ Id: 'sp-sup', Name: 'Supervisor' }] }));
    mock.on(ListSecurityProfileApplicationsCommand).callsFake(two({ Applications: [{ Namespace: 'app-a', ApplicationPermissions: ['A'] }] }, { Applications: [{ Namespace: 'app-b', ApplicationPermissions: ['B'] }] }));
    const snap = await target().read();
    expect(snap.state.queues.map((q) => q.name)).toEqual(['Sales', 'Support']);
    expect(snap.state.routingProfiles.map((r) => [r.name, r.defaultOutboundQueue, r.queues.map((q) => q.queue)])).toEqual([['Basic', 'Sales', ['Sales', 'Support']], ['Second', 'Support', ['Sales', 'Support']]]);
    expect(snap.state.profiles.map((p) => p.name)).toEqual(['Agent', 'Supervisor']);
    expect(snap.state.users.map((u) => u.hierarchy)).toEqual(['EMEA/Team-1']);
    expect(snap.unmodelled?.find((u) => u.name === 'Agent' && u.field === 'applications')?.value).toEqual([{ Namespace: 'app-a', ApplicationPermissions: ['A'] }, { Namespace: 'app-b', ApplicationPermissions: ['B'] }]);
    // The largest page each call allows (Amazon Connect API reference, MaxResults), on every page.
    const max = (inputs: readonly { MaxResults?: number }[]): number[] => [...new Set(inputs.map((i) => i.MaxResults ?? 0))];
    expect({
      SearchUserHierarchyGroups: max(mock.commandCalls(SearchUserHierarchyGroupsCommand).map((c) => c.args[0].input)),
      SearchQueues: max(mock.commandCalls(SearchQueuesCommand).map((c) => c.args[0].input)),
      SearchRoutingProfiles: max(mock.commandCalls(SearchRoutingProfilesCommand).map((c) => c.args[0].input)),
      ListRoutingProfileQueues: max(mock.commandCalls(ListRoutingProfileQueuesCommand).map((c) => c.args[0].input)),
      ListSecurityProfiles: max(mock.commandCalls(ListSecurityProfilesCommand).map((c) => c.args[0].input)),
      ListSecurityProfileApplications: max(mock.commandCalls(ListSecurityProfileApplicationsCommand).map((c) => c.args[0].input)),
      ListSecurityProfilePermissions: max(mock.commandCalls(ListSecurityProfilePermissionsCommand).map((c) => c.args[0].input)),
      SearchUsers: max(mock.commandCalls(SearchUsersCommand).map((c) => c.args[0].input)),
    }).toEqual({ SearchUserHierarchyGroups: [100], SearchQueues: [100], SearchRoutingProfiles: [100], ListRoutingProfileQueues: [100], ListSecurityProfiles: [1000], ListSecurityProfileApplications: [1000], ListSecurityProfilePermissions: [1000], SearchUsers: [500] });
    // Per-object lists are paged per object.
    // (The SDK's paginators reuse one input object per object, so the log shows the ids only.)
    expect(mock.commandCalls(ListRoutingProfileQueuesCommand).map((c) => c.args[0].input.RoutingProfileId).sort()).toEqual(['rp-1', 'rp-1', 'rp-2', 'rp-2']);
    expect(mock.commandCalls(ListSecurityProfileApplicationsCommand).map((c) => c.args[0].input.SecurityProfileId).sort()).toEqual(['sp-agent', 'sp-agent', 'sp-sup', 'sp-sup']);
    expect(commandNames().filter((n) => !READ_ONLY.test(n))).toEqual([]);
  });

  it('maps ids to names, keeps unknown permissions out of the state and shows them, and reads a renamed permission under the catalog\'s name', async () => {
    serveReads(() => baseModel(1));
    const snap = await target().read();
    expect(snap.state.profiles).toEqual<ProfileState[]>([
      { name: 'Agent', permissions: ['BasicAgentAccess'] },
      { name: 'Old', permissions: ['Users.View'] },
      { name: 'Supervisor', permissions: ['BasicAgentAccess', 'ListenCallRecordings'] },
    ]);
    expect(snap.state.users).toEqual<UserState[]>([{ login: 'agent0000', name: 'Agent 0', securityProfiles: ['Agent'], routingProfile: 'Basic', hierarchy: 'EMEA/Team-1' }]);
    expect(snap.state.routingProfiles).toEqual([{ name: 'Basic', description: 'Basic routing', defaultOutboundQueue: 'Sales', queues: [{ queue: 'Sales', priority: 1, delay: 0 }] }]);
    expect(snap.unmodelled).toEqual([
      { kind: 'profile', name: 'Agent', field: 'permissions', value: ['Brand.NewThing'] },
      { kind: 'profile', name: 'Agent', field: 'tags', value: { team: 'a' } },
      { kind: 'routingProfile', name: 'Basic', field: 'otherChannelQueues', value: [{ queue: 'Sales', channel: 'CHAT', priority: 1, delay: 0 }] },
    ]);
  });

  it('import reads only, and writes a repository holding what it read', async () => {
    serveReads(() => baseModel(2));
    const snap = await target().read();
    const files = repositoryFiles(snap.state, 'connect://inst-1?region=eu-west-1');
    expect(files.get('users/users.yaml')).toContain('agent0001');
    expect(commandNames().filter((n) => !READ_ONLY.test(n))).toEqual([]);
  });

  it('the fingerprint changes with unmodelled data too', async () => {
    const model = baseModel(1);
    serveReads(() => model);
    const a = await target().read();
    model.profiles[0]?.Permissions.push('Brand.Other');
    const b = await target().read();
    expect(b.state).toEqual(a.state);
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });

  it('keeps unknown permissions and the live spelling of renamed ones on update', async () => {
    const model = baseModel(1);
    serveReads(() => model);
    mock.on(UpdateSecurityProfileCommand).callsFake((input: { SecurityProfileId: string; Permissions: string[] }) => {
      const p = model.profiles.find((x) => x.Id === input.SecurityProfileId);
      if (p) p.Permissions = input.Permissions;
      return {};
    });
    const t = target();
    const snap = await t.read();
    const agent = snap.state.profiles[0] as ProfileState;
    const sup = snap.state.profiles[2] as ProfileState;
    const changes: Change[] = [
      { kind: 'profile', name: 'Agent', action: 'update', before: agent, after: { ...agent, permissions: ['BasicAgentAccess', 'ManagerListenIn'] }, add: ['ManagerListenIn'] },
      { kind: 'profile', name: 'Supervisor', action: 'update', before: sup, after: { ...sup, permissions: ['ListenCallRecordings'] }, remove: ['BasicAgentAccess'] },
    ];
    const result = await t.apply(planOf(changes, snap.fingerprint), CTX);
    expect(result.ok).toBe(true);
    const sent = mock.commandCalls(UpdateSecurityProfileCommand).map((c) => c.args[0].input);
    expect(sent).toEqual([
      { InstanceId: 'inst-1', SecurityProfileId: 'sp-agent', Permissions: ['BasicAgentAccess', 'Brand.NewThing', 'ManagerListenIn'] },
      { InstanceId: 'inst-1', SecurityProfileId: 'sp-sup', Permissions: ['CallRecordings.View'] },
    ]);
    // Neither tags nor applications nor access-control settings are sent: they stay as they are.
    expect(sent.every((i) => !('Tags' in i) && !('Applications' in i) && !('AllowedAccessControlTags' in i))).toBe(true);
  });

  it.each([
    ['keeps an unknown live permission', ['A', 'X'], ['A'], ['A', 'B'], ['A', 'B', 'X']],
    ['removes what the plan removes', ['A', 'B'], ['A', 'B'], ['A'], ['A']],
    ['keeps the live spelling of a renamed permission', ['CallRecordings.View'], ['ListenCallRecordings'], ['ListenCallRecordings', 'B'], ['B', 'CallRecordings.View']],
    ['writes the plan\'s spelling for a new permission', [], [], ['ListenCallRecordings'], ['ListenCallRecordings']],
  ])('permissionsToWrite %s', (_name, live, before, after, expected) => {
    expect(permissionsToWrite(live, before, after, NAMES)).toEqual(expected);
  });

  // One legacy name split into several (the console migrates a profile to all of them).
  const SPLIT = permissionNames({ equivalences: [{ legacy: 'Old', current: ['New.A', 'New.B'], source: 'test' }] });
  it.each([
    ['a migrated profile keeps the successors', ['New.A', 'New.B'], ['New.A', 'New.B'], ['B', 'Old'], ['B', 'New.A', 'New.B']],
    ['a partly migrated one gets all of them, never the legacy name', ['New.A'], ['New.A'], ['Old'], ['New.A', 'New.B']],
    ['one not migrated keeps the legacy name', ['Old'], ['Old'], ['B', 'Old'], ['B', 'Old']],
    ['a new grant is written as the plan spells it', [], [], ['Old'], ['Old']],
    ['removing the legacy name removes its successors', ['New.A', 'New.B', 'X'], ['New.A', 'New.B'], [], ['X']],
  ])('permissionsToWrite, one to several: %s', (_name, live, before, after, expected) => {
    expect(permissionsToWrite(live, before, after, SPLIT)).toEqual(expected);
  });

  it('reads back until the writes are visible (eventual consistency)', async () => {
    const stale = baseModel(2);
    const fresh = baseModel(2);
    let reads = 0;
    serveReads(() => (reads >= 3 ? fresh : stale));
    mock.on(SearchUsersCommand).callsFake((input: { NextToken?: string }) => {
      reads += 1;
      const users = (reads >= 3 ? fresh : stale).users;
      return { Users: users, ...(input.NextToken ? {} : {}) };
    });
    mock.on(UpdateUserSecurityProfilesCommand).callsFake((input: { UserId: string; SecurityProfileIds: string[] }) => {
      const u = fresh.users.find((x) => x.Id === input.UserId);
      if (u) u.SecurityProfileIds = input.SecurityProfileIds;
      return {};
    });
    const clock = simClock();
    const t = target(clock);
    const snap = await t.read(); // read 1
    const u0 = snap.state.users[0] as UserState;
    const change: Change = { kind: 'user', name: u0.login, action: 'update', before: u0, after: { ...u0, securityProfiles: ['Agent', 'Supervisor'] }, add: ['Supervisor'] };
    const result = await t.apply(planOf([change], snap.fingerprint), CTX); // read 2 (stale check), 3+ (read back)
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.outcomes).toEqual([{ kind: 'user', name: 'agent0000', action: 'update', status: 'applied' }]);
    expect(reads).toBeGreaterThanOrEqual(3);
  });

  it('reports a write that never becomes visible as failed, naming the timeout', async () => {
    const model = baseModel(1);
    serveReads(() => model);
    mock.on(UpdateUserSecurityProfilesCommand).resolves({}); // accepted, never shows
    const clock = simClock();
    const t = target(clock);
    const snap = await t.read();
    const u0 = snap.state.users[0] as UserState;
    const result = await t.apply(planOf([{ kind: 'user', name: u0.login, action: 'update', before: u0, after: { ...u0, securityProfiles: ['Old'] } }], snap.fingerprint), CTX);
    expect(result.ok).toBe(false);
    if (!result.ok && result.reason === 'failed') expect(result.outcomes[0]?.error).toMatch(/not visible after 10 s/);
    expect(clock.now()).toBeGreaterThanOrEqual(10_000);
  });

  it('reports exactly which changes were applied when one fails half-way, and a second apply finishes the rest', async () => {
    const model = baseModel(3);
    serveReads(() => model);
    let refuse = true;
    mock.on(UpdateUserSecurityProfilesCommand).callsFake((input: { UserId: string; SecurityProfileIds: string[] }) => {
      if (refuse && input.UserId === 'u-1') throw Object.assign(new Error('Security profile limit reached'), { name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
      const u = model.users.find((x) => x.Id === input.UserId);
      if (u) u.SecurityProfileIds = input.SecurityProfileIds;
      return {};
    });
    mock.on(CreateSecurityProfileCommand).callsFake((input: { SecurityProfileName: string; Permissions: string[] }) => {
      model.profiles.push({ Id: 'sp-new', Name: input.SecurityProfileName, Permissions: input.Permissions });
      return { SecurityProfileId: 'sp-new' };
    });
    mock.on(DeleteSecurityProfileCommand).callsFake((input: { SecurityProfileId: string }) => {
      model.profiles = model.profiles.filter((p) => p.Id !== input.SecurityProfileId);
      return {};
    });
    const t = target();
    const snap = await t.read();
    const old = snap.state.profiles.find((p) => p.name === 'Old') as ProfileState;
    const changes: Change[] = [
      { kind: 'profile', name: 'New', action: 'create', before: null, after: { name: 'New', permissions: ['Users.View'] } },
      ...snap.state.users.map((u): Change => ({ kind: 'user', name: u.login, action: 'update', before: u, after: { ...u, securityProfiles: ['Agent', 'New'] } })),
      { kind: 'profile', name: 'Old', action: 'delete', before: old, after: null },
    ];
    const result = await t.apply(planOf(changes, snap.fingerprint), CTX);
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== 'failed') throw new Error('expected a partial failure');
    expect(result.outcomes.map((o) => [o.kind, o.name, o.status])).toEqual([
      ['profile', 'New', 'applied'],
      ['user', 'agent0000', 'applied'],
      ['user', 'agent0001', 'failed'],
      ['user', 'agent0002', 'applied'],
      ['profile', 'Old', 'skipped'],
    ]);
    expect(result.outcomes[2]?.error).toBe('InvalidParameterException: Security profile limit reached');
    expect(result.message).toBe('3 of 5 changes applied, 1 failed (user agent0001: InvalidParameterException: Security profile limit reached), 1 not attempted; plan again to see what is left');
    expect(mock.commandCalls(DeleteSecurityProfileCommand)).toHaveLength(0);

    // Resume: a fresh read shows only what is left; applying that finishes the job.
    refuse = false;
    const again = await t.read();
    const left = again.state.users.filter((u) => !u.securityProfiles.includes('New'));
    expect(left.map((u) => u.login)).toEqual(['agent0001']);
    const rest: Change[] = [
      ...left.map((u): Change => ({ kind: 'user', name: u.login, action: 'update', before: u, after: { ...u, securityProfiles: ['Agent', 'New'] } })),
      { kind: 'profile', name: 'Old', action: 'delete', before: old, after: null },
    ];
    const second = await t.apply(planOf(rest, again.fingerprint), CTX);
    expect(second.ok).toBe(true);
    expect(model.profiles.map((p) => p.Name)).toEqual(['Agent', 'Supervisor', 'New']);
  });

  it('refuses a stale plan without writing anything', async () => {
    const model = baseModel(2);
    serveReads(() => model);
    const t = target();
    const snap = await t.read();
    model.users[0]!.SecurityProfileIds = ['sp-old']; // someone changed the instance since
    const u0 = snap.state.users[0] as UserState;
    const result = await t.apply(planOf([{ kind: 'user', name: u0.login, action: 'update', before: u0, after: { ...u0, securityProfiles: ['Supervisor'] } }], snap.fingerprint), CTX);
    expect(result).toMatchObject({ ok: false, reason: 'stale', expected: snap.fingerprint });
    expect(commandNames().filter((n) => !READ_ONLY.test(n))).toEqual([]);
  });
});
