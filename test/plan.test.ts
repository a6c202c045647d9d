// The pure planner: desired and current states in, changes, access and safety findings out.
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { describe as wordsOf } from '../src/render/messages.ts';
import { stateFingerprint } from '../src/plan/fingerprint.ts';
import { makePlan } from '../src/plan/plan.ts';
import type { PlanOptions } from '../src/plan/plan.ts';
import { STORE_CAPABILITIES } from '../src/plan/project.ts';
import { stateAfter } from '../src/plan/state-after.ts';
import { EMPTY_STATE } from '../src/plan/state.ts';
import type { Capabilities, KindCapability } from '../src/targets/contract.ts';
import type { TargetState, UserState } from '../src/plan/state.ts';

const { catalog } = loadBuiltin();
const OPTS: PlanOptions = { target: 'sqlite:/tmp/x.db', now: new Date('2026-11-22T12:00:00Z'), gitCommit: 'abc', unmanaged: 'report', maxRevokeRatio: 0.25, allowMassRevoke: false, capabilities: STORE_CAPABILITIES, catalog, policyFingerprint: 'sha256:test' };

const ADMIN = { name: 'Admin', permissions: ['SecurityProfiles.Edit', 'SecurityProfiles.View', 'Users.Edit', 'Users.EditPermission', 'Users.View'] };
const AGENT = { name: 'Agent', permissions: ['BasicAgentAccess', 'OutboundCallAccess'] };
const user = (login: string, securityProfiles: string[], extra: Partial<UserState> = {}): UserState => ({ login, securityProfiles, ...extra });
const state = (over: Partial<TargetState>): TargetState => ({ ...EMPTY_STATE, profiles: [ADMIN, AGENT], users: [user('root@x', ['Admin'])], ...over });
const plan = (desired: TargetState, current: TargetState, opts: Partial<PlanOptions> = {}) => makePlan(desired, { state: current, fingerprint: stateFingerprint(current) }, { ...OPTS, ...opts });

const ALL_FIELDS: KindCapability = { fields: 'all', create: true, delete: true };
const live = (kinds: Capabilities['kinds']): Capabilities => ({ kinds, atomic: false, history: 'external' });

describe('makePlan', () => {
  it('an empty target: everything is created, and risky grants are listed', () => {
    const { plan: p, diagnostics } = plan(state({}), EMPTY_STATE);
    expect(diagnostics).toEqual([]);
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['create profile Admin', 'create profile Agent', 'create user root@x']);
    expect(p.access).toEqual([{ login: 'root@x', gained: ADMIN.permissions, lost: [], linesGained: [], linesLost: [], recordingsGained: [], recordingsLost: [], restrictionsGained: [], restrictionsLost: [], riskyGained: ['SecurityProfiles.Edit', 'Users.Edit', 'Users.EditPermission'].map((permission) => ({ permission, via: ['Admin'] })) }]);
    expect(p.targetFingerprint).toBe(stateFingerprint(EMPTY_STATE));
    expect(p.summary).toMatchObject({ create: 3, update: 0, delete: 0, usersGaining: 1, riskyGrants: 3 });
  });

  it('identical states: no changes, no access changes', () => {
    const s = state({ users: [user('root@x', ['Admin']), user('a@x', ['Agent'])] });
    const { plan: p } = plan(s, structuredClone(s));
    expect(p.changes).toEqual([]);
    expect(p.access).toEqual([]);
  });

  it('a profile losing a permission updates it and every holder loses it', () => {
    const current = state({ users: [user('root@x', ['Admin']), user('a@x', ['Agent']), user('b@x', ['Agent'])] });
    const desired = state({ profiles: [ADMIN, { name: 'Agent', permissions: ['BasicAgentAccess', 'Queues.View'] }], users: current.users });
    const { plan: p } = plan(desired, current, { maxRevokeRatio: 1 });
    expect(p.changes).toMatchObject([{ kind: 'profile', name: 'Agent', action: 'update', add: ['Queues.View'], remove: ['OutboundCallAccess'], fields: ['permissions'] }]);
    expect(p.access.map((a) => [a.login, a.gained, a.lost])).toEqual([
      ['a@x', ['Queues.View'], ['OutboundCallAccess']],
      ['b@x', ['Queues.View'], ['OutboundCallAccess']],
    ]);
  });

  it('a user changing profiles and recording lines', () => {
    const rec = { role: 'nominee' as const, viewCallRecordings: true, viewOutboundCallRecordings: true, viewScreenRecordings: false, deleteCallRecordings: false, lines: ['uk'] };
    const current = state({ users: [user('root@x', ['Admin']), user('a@x', ['Agent'], { recordings: rec })] });
    const desired = state({ users: [user('root@x', ['Admin']), user('a@x', ['Admin', 'Agent'], { recordings: { ...rec, lines: ['es'] } })] });
    const { plan: p } = plan(desired, current);
    expect(p.changes).toMatchObject([{ kind: 'user', name: 'a@x', action: 'update', add: ['Admin'], remove: [], fields: ['recordings', 'securityProfiles'] }]);
    expect(p.access[0]).toMatchObject({ login: 'a@x', linesGained: ['es'], linesLost: ['uk'] });
    expect(p.access[0]?.riskyGained.map((r) => r.permission)).toEqual(['SecurityProfiles.Edit', 'Users.Edit', 'Users.EditPermission']);
  });

  it.each([
    ['report', [], [{ kind: 'user', name: 'old@x' }]],
    ['revoke', ['delete user old@x'], []],
  ] as const)('unmanaged: %s', (mode, changes, unmanaged) => {
    const current = state({ users: [user('old@x', ['Agent']), user('root@x', ['Admin'])] });
    const { plan: p } = plan(state({}), current, { unmanaged: mode, maxRevokeRatio: 1 });
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(changes);
    expect(p.unmanaged).toEqual(unmanaged);
  });

  it('refuses to leave no administrator (PC601)', () => {
    const { diagnostics } = plan(state({ users: [user('a@x', ['Agent'])] }), state({}), { maxRevokeRatio: 1, unmanaged: 'revoke' });
    expect(diagnostics.map((d) => d.code)).toEqual(['PC601']);
    // Kept as unmanaged (report), the old administrator still counts.
    expect(plan(state({ users: [user('a@x', ['Agent'])] }), state({}), { maxRevokeRatio: 1 }).diagnostics).toEqual([]);
  });

  it('someone holding both Users.EditPermission and SecurityProfiles.Edit counts as an administrator', () => {
    const ops = { name: 'Ops', permissions: ['SecurityProfiles.Edit', 'Users.EditPermission'] };
    const { diagnostics } = plan(state({ profiles: [AGENT, ops], users: [user('ops@x', ['Ops'])] }), EMPTY_STATE);
    expect(diagnostics).toEqual([]);
  });

  it('refuses a mass revoke over maxRevokeRatio (PC602) unless allowed', () => {
    const many = Array.from({ length: 10 }, (_, i) => user(`u${i}@x`, ['Agent']));
    const current = state({ users: [user('root@x', ['Admin']), ...many] });
    const desired = state({ users: [user('root@x', ['Admin'])] });
    const refused = plan(desired, current, { unmanaged: 'revoke' });
    // 80% of the grants, but 10 of 11 users lose everything: the per-user measure decides.
    expect(refused.diagnostics).toMatchObject([{ code: 'PC602', args: { percent: 90.9, limit: 25, measure: 'users', revoked: 10, total: 11 } }]);
    expect(plan(desired, current, { unmanaged: 'revoke', allowMassRevoke: true }).diagnostics).toEqual([]);
  });

  it('says once which kinds the target cannot hold (PC604) and leaves them out', () => {
    const desired = state({ instance: { instance: 'i', screenRecordings: false, conversationAnalyzer: false, agentRecordingAccess: 'none' }, lines: [{ id: 'uk', number: '+442079460000' }] });
    const { plan: p, diagnostics } = plan(desired, EMPTY_STATE, { capabilities: live({ profile: ALL_FIELDS, user: ALL_FIELDS }) });
    expect(diagnostics).toMatchObject([{ code: 'PC604', args: { kinds: ['instance settings', '1 line'], partial: [] } }]);
    expect(p.changes.some((c) => c.kind === 'line')).toBe(false);
  });

  it('compares only the fields a target holds, on both sides: never a permanent diff', () => {
    const rec = { role: 'normal' as const, viewCallRecordings: true, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: ['uk'] };
    const desired = state({ users: [user('root@x', ['Admin'], { name: 'Root', hierarchy: 'EMEA', recordings: rec })] });
    // The target holds users' profiles and recording lines only: no name, hierarchy or flags.
    const current = state({ users: [user('root@x', ['Admin'], { recordings: { ...rec, viewCallRecordings: false, lines: ['uk'] } })] });
    const caps = live({ profile: ALL_FIELDS, user: { fields: ['securityProfiles', 'recordings.lines'], create: true, delete: true } });
    expect(plan(desired, current, { capabilities: caps }).plan.changes).toEqual([]);
    const moved = state({ users: [user('root@x', ['Admin'], { name: 'Root', recordings: { ...rec, lines: ['de'] } })] });
    const changes = plan(moved, current, { capabilities: caps }).plan.changes;
    expect(changes).toMatchObject([{ kind: 'user', name: 'root@x', action: 'update', fields: ['recordings'], after: { login: 'root@x', securityProfiles: ['Admin'], recordings: { lines: ['de'] } } }]);
  });

  it('reports desired objects a target cannot create (PC609) instead of creating them', () => {
    const desired = state({ users: [user('new@x', ['Agent']), user('old@x', ['Agent']), user('root@x', ['Admin'])] });
    const current = state({ users: [user('old@x', ['Admin']), user('root@x', ['Admin'])] });
    const { plan: p, diagnostics } = plan(desired, current, { allowMassRevoke: true, capabilities: live({ profile: ALL_FIELDS, user: { fields: 'all', create: false, delete: true } }) });
    expect(p.changes.map((c) => `${c.action} ${c.name}`)).toEqual(['update old@x']);
    expect(diagnostics).toMatchObject([{ code: 'PC609', severity: 'warning', args: { kind: 'user', count: 1, names: '"new@x"' } }]);
    expect(p.access.map((a) => a.login)).toEqual(['old@x']);
  });

  it('never deletes objects of a kind the target cannot delete, even with unmanaged: revoke', () => {
    const desired = state({});
    const current = state({ users: [user('gone@x', ['Agent']), user('root@x', ['Admin'])] });
    const { plan: p } = plan(desired, current, { unmanaged: 'revoke', capabilities: live({ profile: ALL_FIELDS, user: { fields: 'all', create: true, delete: false } }) });
    expect(p.changes).toEqual([]);
    expect(p.unmanaged).toEqual([{ kind: 'user', name: 'gone@x' }]);
  });

  it('says what deleting recordings also deletes, for users who gain delete (PC505)', () => {
    const rec = { role: 'nominee' as const, viewCallRecordings: true, viewOutboundCallRecordings: true, viewScreenRecordings: false, deleteCallRecordings: true, lines: [] };
    const instance = { instance: 'i', screenRecordings: true, conversationAnalyzer: true, agentRecordingAccess: 'none' as const };
    const desired = state({ instance, users: [user('root@x', ['Admin']), user('del@x', ['Agent'], { recordings: rec })] });
    const [gain] = plan(desired, EMPTY_STATE).diagnostics;
    expect(gain).toEqual({ code: 'PC505', severity: 'warning', args: { logins: ['del@x'], count: 1, screen: true, transcripts: true } });
    expect(gain && wordsOf(gain).message).toMatch(/^user "del@x" can now delete call recordings: deleting a recording also deletes its screen recording and its Conversation Analyzer transcripts/);
    expect(plan(desired, desired).diagnostics).toEqual([]); // already held: nothing to say
  });

  it('is deterministic: the same inputs give the same plan', () => {
    expect(plan(state({}), EMPTY_STATE)).toEqual(plan(state({}), EMPTY_STATE));
  });

  describe('recording access is access (issue 9, item 1)', () => {
    const off = { role: 'normal' as const, viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: [] };
    const on = { ...off, viewCallRecordings: true, deleteCallRecordings: true, lines: ['uk'] };

    it('a user gaining delete is in the access diff, among risky grants, and counted as gaining', () => {
      const current = state({ users: [user('root@x', ['Admin']), user('a@x', ['Agent'], { recordings: off })] });
      const desired = state({ instance: { instance: 'i', screenRecordings: false, conversationAnalyzer: true, agentRecordingAccess: 'none' }, users: [user('root@x', ['Admin']), user('a@x', ['Agent'], { recordings: on })] });
      const { plan: p, diagnostics } = plan(desired, current);
      expect(p.access).toEqual([expect.objectContaining({ login: 'a@x', recordingsGained: ['deleteCallRecordings', 'viewCallRecordings'], linesGained: ['uk'] })]);
      expect(p.access[0]?.riskyGained).toEqual([{ permission: 'deleteCallRecordings', via: [], through: 'recordings' }, { permission: 'viewCallRecordings', via: [], through: 'recordings' }]);
      expect(p.summary).toMatchObject({ usersGaining: 1, riskyGrants: 2 });
      // PC505 is shown (a warning), and names screen recordings only where they exist.
      expect(diagnostics.filter((d) => d.code === 'PC505')).toMatchObject([{ severity: 'warning', args: { screen: false, transcripts: true } }]);
    });

    it('a user losing recording access loses it in the diff', () => {
      const current = state({ users: [user('root@x', ['Admin']), user('a@x', ['Agent'], { recordings: on })] });
      const desired = state({ users: [user('root@x', ['Admin']), user('a@x', ['Agent'], { recordings: off })] });
      const { plan: p } = plan(desired, current, { maxRevokeRatio: 1 });
      expect(p.access).toEqual([expect.objectContaining({ recordingsLost: ['deleteCallRecordings', 'viewCallRecordings'], linesLost: ['uk'] })]);
      expect(p.summary.usersLosing).toBe(1);
    });
  });

  it('restrictions: gaining one narrows access, losing one widens it, neither is a grant (item 3)', () => {
    const restricted = { name: 'Agent', permissions: ['BasicAgentAccess', 'OutboundCallAccess', 'RestrictTaskCreation.Access'] };
    const users = [user('root@x', ['Admin']), user('a@x', ['Agent'])];
    const gain = plan(state({ profiles: [ADMIN, restricted], users }), state({ users })).plan;
    expect(gain.access).toEqual([expect.objectContaining({ login: 'a@x', gained: [], restrictionsGained: ['RestrictTaskCreation.Access'] })]);
    expect(gain.summary).toMatchObject({ usersGaining: 0, usersLosing: 1, riskyGrants: 0 });
    const lose = plan(state({ users }), state({ profiles: [ADMIN, restricted], users })).plan;
    expect(lose.access).toEqual([expect.objectContaining({ lost: [], restrictionsLost: ['RestrictTaskCreation.Access'] })]);
    expect(lose.summary).toMatchObject({ usersGaining: 1, usersLosing: 0, revokeRatio: 0 });
  });

  describe('mass revoke is measured per grant and per user (item 12)', () => {
    const BIG_ADMIN = { name: 'Admin', permissions: catalog.names.filter((n) => !catalog.permissions.get(n)?.restriction) };
    const agents = ['a@x', 'b@x', 'c@x'].map((l) => user(l, ['Agent']));

    it('three agents of four users vanishing is refused, though Admin holds most grants', () => {
      const current = state({ profiles: [BIG_ADMIN, AGENT], users: [...agents, user('root@x', ['Admin'])] });
      const desired = state({ profiles: [BIG_ADMIN, AGENT], users: [user('root@x', ['Admin'])] });
      const { plan: p, diagnostics } = plan(desired, current, { unmanaged: 'revoke' });
      expect(p.summary).toMatchObject({ revokeRatio: 0.75, revokeMeasure: 'users' });
      expect(diagnostics).toMatchObject([{ code: 'PC602', args: { measure: 'users', revoked: 3, total: 4 } }]);
    });

    it('many grants revoked from one user is measured per grant', () => {
      const current = state({ profiles: [BIG_ADMIN, AGENT], users: [user('root@x', ['Admin']), user('z@x', ['Admin'])] });
      const desired = state({ profiles: [BIG_ADMIN, AGENT], users: [user('root@x', ['Admin']), user('z@x', ['Agent'])] });
      const { plan: p, diagnostics } = plan(desired, current);
      expect(p.summary.revokeMeasure).toBe('grants');
      expect(diagnostics).toMatchObject([{ code: 'PC602', args: { measure: 'grants' } }]);
    });
  });

  it('the last-admin rule counts who administers now, not who could become one (item 5)', () => {
    const HELPDESK = { name: 'Helpdesk', permissions: ['Users.Edit', 'Users.View'] };
    const current = state({ profiles: [ADMIN, AGENT, HELPDESK], users: [user('root@x', ['Admin']), user('h@x', ['Helpdesk'])] });
    const desired = state({ profiles: [ADMIN, AGENT, HELPDESK], users: [user('h@x', ['Helpdesk'])] });
    expect(plan(desired, current, { maxRevokeRatio: 1, unmanaged: 'revoke' }).diagnostics.map((d) => d.code)).toEqual(['PC601']);
  });

  it('a profile whose target copy differs only by migrated names is not a change (equivalences)', () => {
    const legacy = { name: 'Metrics', permissions: ['BasicAgentAccess', 'RealTimeMetrics.Access'] };
    const migrated = { name: 'Metrics', permissions: ['AccessMetrics.RealTimeMetrics.Access', 'BasicAgentAccess'] };
    const users = [user('root@x', ['Admin']), user('m@x', ['Metrics'])];
    const { plan: p } = plan(state({ profiles: [ADMIN, AGENT, legacy], users }), state({ profiles: [ADMIN, AGENT, migrated], users }));
    expect(p.changes).toEqual([]);
    expect(p.access).toEqual([]);
    const other = { name: 'Metrics', permissions: ['BasicAgentAccess', 'HistoricalMetrics.Access'] };
    expect(plan(state({ profiles: [ADMIN, AGENT, legacy], users }), state({ profiles: [ADMIN, AGENT, other], users })).plan.changes).toHaveLength(1);
  });
});

describe('stateAfter: the state a store holds once a plan is applied', () => {
  const instance = { instance: 'i', screenRecordings: false, conversationAnalyzer: false, agentRecordingAccess: 'none' as const };
  const current = state({
    instance,
    queues: [{ name: 'A' }, { name: 'B' }],
    lines: [{ id: 'l1', number: '+441' }],
    users: [user('gone@x', ['Agent']), user('root@x', ['Admin'])],
  });
  it.each([
    ['creates, updates and deletes of every kind', state({ instance: { ...instance, screenRecordings: true }, queues: [{ name: 'B', description: 'b' }, { name: 'C' }], lines: [], users: [user('new@x', ['Agent']), user('root@x', ['Admin', 'Agent'])] })],
    ['a renamed instance', state({ instance: { ...instance, instance: 'j' }, queues: current.queues, lines: current.lines, users: current.users })],
    ['no changes', current],
  ])('%s', (_name, desired) => {
    const { plan: p } = plan(desired, current, { unmanaged: 'revoke', allowMassRevoke: true });
    expect(stateAfter(current, p.changes)).toEqual(desired);
    expect(stateFingerprint(stateAfter(current, p.changes))).toBe(stateFingerprint(desired));
  });
});
