// An apply records the fingerprint the store has after its writes. It predicts it in the same
// pass over the users that checks the plan is not stale (storeFingerprints), then reads back
// only what the plan wrote (holdsAsPredicted); anything unexpected and the whole store is read
// again. The prediction must equal a full read's fingerprint across slice boundaries, for
// creates, updates and deletes of every kind, and must never be trusted when it is wrong.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalState } from '../../src/plan/canonical.ts';
import { stateFingerprint } from '../../src/plan/fingerprint.ts';
import { FINGERPRINT_SLICE, heldText, stateText, stateWithText, userBounds } from '../../src/plan/state-text.ts';
import { predictFrom } from '../../src/plan/predict.ts';
import { userJson } from '../../src/plan/state-text.ts';
import type { TargetState, UserState } from '../../src/plan/state.ts';
import { EMPTY_STATE } from '../../src/plan/state.ts';
import { openDb } from '../../src/targets/sqlite/driver.ts';
import { createSqliteTarget } from '../../src/targets/sqlite/index.ts';
import { holdsAsPredicted, storeFingerprint, storeFingerprints } from '../../src/targets/sqlite/read.ts';
import { changesBetween, planOf } from '../store-changes.ts';

const TMP = mkdtempSync(join(tmpdir(), 'permctl-predict-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const pad = (n: number): string => String(n).padStart(5, '0');
const user = (i: number, variant = 0): UserState => ({
  login: `user${pad(i)}@example.com`,
  ...(i % 3 ? { name: `User ${i}${variant ? ' (moved)' : ''}` } : {}),
  securityProfiles: variant ? ['Agent', 'Supervisor'] : ['Agent'],
  ...(i % 7 === 0 ? { recordings: { role: 'normal' as const, viewCallRecordings: true, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: ['L2', 'L1'] } } : {}),
});

const BASE: TargetState = canonicalState({
  instance: { instance: 'acme', screenRecordings: true, conversationAnalyzer: false, agentRecordingAccess: 'own' },
  queues: [{ name: 'Sales' }],
  lines: [{ id: 'L1', number: '+15550001' }, { id: 'L2', number: '+15550002' }],
  routingProfiles: [{ name: 'Basic', defaultOutboundQueue: 'Sales', queues: [{ queue: 'Sales', priority: 1, delay: 0 }] }],
  profiles: [{ name: 'Agent', permissions: ['BasicAgentAccess'] }, { name: 'Supervisor', permissions: ['RealTimeMetrics.Access'] }],
  // Over two fingerprint slices, so creates and deletes move every later slice's boundary.
  users: Array.from({ length: 2 * FINGERPRINT_SLICE + 1 }, (_, i) => user(i * 2)),
});

// Deletes, creates and updates spread over every slice, and a change to every other kind.
const NEXT: TargetState = canonicalState({
  ...BASE,
  instance: { instance: 'acme-eu', screenRecordings: false, conversationAnalyzer: true, agentRecordingAccess: 'all' },
  queues: [{ name: 'Sales', description: 'Now described' }, { name: 'Support' }],
  lines: [{ id: 'L1', number: '+15550001', description: 'Main' }],
  profiles: [{ name: 'Agent', permissions: ['BasicAgentAccess', 'OutboundCallAccess'] }, { name: 'Supervisor', permissions: ['RealTimeMetrics.Access'] }],
  users: [
    ...BASE.users.filter((_, k) => k % 997 !== 3).map((u, k) => (k % 1009 === 5 ? user(Number(u.login.slice(4, 9)), 1) : u)),
    ...Array.from({ length: 40 }, (_, k) => user(k * 500 + 1)),
    user(999_999),
  ],
});

describe('sqlite store: the fingerprint an apply records', () => {
  it('is predicted in the stale check\'s pass, equal to a full read of the state the apply leaves', async () => {
    const path = join(TMP, 'predict.db');
    const t = createSqliteTarget({ path, create: true });
    const first = await t.apply(planOf(changesBetween(EMPTY_STATE, BASE), (await t.read()).fingerprint), { meta: { actor: 'a', gitCommit: null, planHash: 'sha256:1', now: new Date(0) } });
    expect(first).toMatchObject({ ok: true, fingerprint: stateFingerprint(BASE) });
    const changes = changesBetween(BASE, NEXT);
    expect(changes.filter((c) => c.kind === 'user' && c.action === 'delete').length).toBeGreaterThan(5);
    expect(changes.filter((c) => c.kind === 'user' && c.action === 'create').length).toBe(41);
    expect(changes.filter((c) => c.kind === 'user' && c.action === 'update').length).toBeGreaterThan(5);

    const db = openDb(path);
    try {
      const { before, after } = storeFingerprints(db, changes);
      expect(before).toBe(stateFingerprint(BASE));
      expect(after?.fingerprint).toBe(stateFingerprint(NEXT));
      // Before the writes, the store does not hold the prediction.
      expect(holdsAsPredicted(db, after!.prediction)).toBe(false);
      // A plan writing more users than a slice (deleting them all here) is not predicted: the
      // apply streams the store again rather than hold them all.
      expect(storeFingerprints(db, changesBetween(BASE, EMPTY_STATE)).after).toBeUndefined();
    } finally {
      db.raw.close();
    }
    const second = await t.apply(planOf(changes, stateFingerprint(BASE)), { meta: { actor: 'a', gitCommit: null, planHash: 'sha256:2', now: new Date(0) } });
    expect(second).toMatchObject({ ok: true, fingerprint: stateFingerprint(NEXT) });
    expect((await t.read()).state).toStrictEqual(NEXT);
    await t.close();

    const again = openDb(path);
    try {
      expect(storeFingerprint(again)).toBe(stateFingerprint(NEXT));
      const { after } = storeFingerprints(again, []);
      expect(holdsAsPredicted(again, after!.prediction)).toBe(true);
      // A prediction that differs from the store in one written user, or in another object,
      // is not the store's: the apply reads everything again instead.
      const users = new Map(after!.prediction.users);
      const someone = NEXT.users[4321]!;
      expect(holdsAsPredicted(again, { ...after!.prediction, users: new Map([...users, [someone.login, { ...someone, hierarchy: 'EMEA' }]]) })).toBe(false);
      expect(holdsAsPredicted(again, { ...after!.prediction, users: new Map([...users, [someone.login, null]]) })).toBe(false);
      expect(holdsAsPredicted(again, { ...after!.prediction, users: new Map([...users, ['nobody@example.com', user(3)]]) })).toBe(false);
      expect(holdsAsPredicted(again, { ...after!.prediction, objects: { ...after!.prediction.objects, queues: [] } })).toBe(false);
    } finally {
      again.raw.close();
    }
  });

  it('is not predicted when the store\'s login order is not the canonical one; the apply reads it all', async () => {
    const path = join(TMP, 'order.db');
    const t = createSqliteTarget({ path, create: true });
    // U+1F600 sorts before U+FF21 by UTF-16 code unit, after it by UTF-8 byte (SQLite's order).
    const state = canonicalState({ ...EMPTY_STATE, users: [{ login: '\uFF21@example.com', securityProfiles: [] }, { login: '\u{1F600}@example.com', securityProfiles: [] }] });
    await t.apply(planOf(changesBetween(EMPTY_STATE, state), (await t.read()).fingerprint), { meta: { actor: 'a', gitCommit: null, planHash: 'sha256:1', now: new Date(0) } });
    const next = canonicalState({ ...state, users: [...state.users, { login: 'a@example.com', securityProfiles: [] }] });
    const db = openDb(path);
    try {
      const { before, after } = storeFingerprints(db, changesBetween(state, next));
      expect(before).toBe(stateFingerprint(state));
      expect(after).toBeUndefined();
    } finally {
      db.raw.close();
    }
    expect(await t.apply(planOf(changesBetween(state, next), stateFingerprint(state)), { meta: { actor: 'a', gitCommit: null, planHash: 'sha256:2', now: new Date(0) } })).toMatchObject({ ok: true, fingerprint: stateFingerprint(next) });
    await t.close();
  });

  it('is predicted from the text the state was read as, equal to writing every user again', () => {
    // Names that hold what the scan for each user's text must step over inside strings (the
    // same users' in both states, so the plan's changes are NEXT's and long runs of users are
    // kept, across the slices' boundaries).
    const tricky = (u: UserState): UserState => (Number(u.login.slice(4, 9)) % 10 === 0 ? { ...u, name: ['a"],["b', 'back\\slash\\', '\\"]', '[[', 'x\u2028y'][(Number(u.login.slice(4, 9)) % 50) / 10] ?? 'x' } : u);
    const base = canonicalState({ ...BASE, users: BASE.users.map(tricky) });
    const next = canonicalState({ ...NEXT, users: NEXT.users.map(tricky) });
    const changes = changesBetween(base, next);
    const read = stateWithText(stateText(base));
    expect(heldText(read)).toBeDefined();
    expect(read).toEqual(base);
    const spliced = predictFrom(read, changes);
    expect(spliced?.fingerprint).toBe(stateFingerprint(next));
    expect(spliced?.fingerprint).toBe(predictFrom(base, changes)?.fingerprint);
    // Each user's text is the user's JSON, found past brackets and quotes inside strings.
    const [first = ''] = stateText(base).users;
    const bounds = userBounds(first) ?? [];
    expect(Array.from({ length: bounds.length / 2 }, (_, k) => first.slice(bounds[2 * k], bounds[2 * k + 1]))).toEqual(base.users.slice(0, FINGERPRINT_SLICE).map(userJson));
    expect(userBounds('[["a"],["b"]')).toBeUndefined();
    expect(userBounds('not a slice')).toBeUndefined();
    // A text that does not hold one user per user is not used: the users are written again.
    const short = stateWithText({ ...stateText(base), users: stateText(base).users.slice(1) });
    expect(predictFrom({ ...short, users: base.users }, changes)?.fingerprint).toBe(stateFingerprint(next));
  });
});
