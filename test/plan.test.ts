// The pure planner: desired and current states in, changes, access and safety findings out.
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { stateFingerprint } from '../src/plan/fingerprint.ts';
import { makePlan } from '../src/plan/plan.ts';
import type { PlanOptions } from '../src/plan/plan.ts';
import { STORE_CAPABILITIES } from '../src/plan/project.ts';
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
    expect(p.access).toEqual([{ login: 'root@x', gained: ADMIN.permissions, lost: [], linesGained: [], linesLost: [], riskyGained: ['SecurityProfiles.Edit', 'Users.Edit', 'Users.EditPermission'].map((permission) => ({ permission, via: ['Admin'] })) }]);
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
    expect(refused.diagnostics).toMatchObject([{ code: 'PC602', args: { percent: 80, limit: 25 } }]);
    expect(plan(desired, current, { unmanaged: 'revoke', allowMassRevoke: true }).diagnostics).toEqual([]);
  });

  it('says which kinds the target cannot hold (PC604) and leaves them out', () => {
    const desired = state({ instance: { instance: 'i', screenRecordings: false, conversationAnalyzer: false, agentRecordingAccess: 'none' }, lines: [{ id: 'uk', number: '+442079460000' }] });
    const { plan: p, diagnostics } = plan(desired, EMPTY_STATE, { capabilities: live({ profile: ALL_FIELDS, user: ALL_FIELDS }) });
    expect(diagnostics).toMatchObject([{ code: 'PC604', args: { kind: 'instance settings' } }, { code: 'PC604', args: { kind: 'line', count: 1 } }]);
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
    expect(plan(desired, EMPTY_STATE).diagnostics).toEqual([{ code: 'PC505', severity: 'info', args: { subject: 'user "del@x"', transcripts: true } }]);
    expect(plan(desired, desired).diagnostics).toEqual([]); // already held: nothing to say
  });

  it('is deterministic: the same inputs give the same plan', () => {
    expect(plan(state({}), EMPTY_STATE)).toEqual(plan(state({}), EMPTY_STATE));
  });
});
