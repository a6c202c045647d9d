// `apply DIR --auto-approve` and the apply of a saved plan plan first, in the same process. The
// store is then not read again under the write lock when a watch opened before that read
// (PRAGMA data_version on a connection of its own, and the same file) shows nothing was
// committed since: the plan's snapshot is the store's state, and the fingerprint after the
// writes is predicted from it. Anything committed in between, a file renamed over the store, or
// a snapshot other than the plan's, and the store is read as before.
import { existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalState } from '../../src/plan/canonical.ts';
import { stateFingerprint } from '../../src/plan/fingerprint.ts';
import { predictFrom } from '../../src/plan/predict.ts';
import type { TargetState, UserState } from '../../src/plan/state.ts';
import { EMPTY_STATE } from '../../src/plan/state.ts';
import type { ApplyContext, TargetSnapshot, TargetWatch } from '../../src/targets/contract.ts';
import { createSqliteTarget, sqliteDriver } from '../../src/targets/sqlite/index.ts';
import { changesBetween, planOf } from '../store-changes.ts';
import { generateRepo, sizeFor } from '../../bench/generate.ts';
import { spawnCli, tempDir } from '../helpers.ts';

const TMP = mkdtempSync(join(tmpdir(), 'permctl-basis-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const user = (i: number, profiles = ['Agent']): UserState => ({ login: `user${String(i).padStart(4, '0')}@example.com`, securityProfiles: profiles });
const BASE: TargetState = canonicalState({
  ...EMPTY_STATE,
  profiles: [{ name: 'Agent', permissions: ['BasicAgentAccess'] }, { name: 'Supervisor', permissions: ['RealTimeMetrics.Access'] }],
  users: Array.from({ length: 300 }, (_, i) => user(i * 2)),
});
// Creates between existing logins, updates and deletes, and a profile change.
const NEXT: TargetState = canonicalState({
  ...BASE,
  profiles: [{ name: 'Agent', permissions: ['BasicAgentAccess', 'OutboundCallAccess'] }, { name: 'Supervisor', permissions: ['RealTimeMetrics.Access'] }],
  users: [...BASE.users.filter((_, k) => k % 50 !== 7).map((u, k) => (k % 40 === 3 ? { ...u, securityProfiles: ['Agent', 'Supervisor'] } : u)), user(1), user(301), user(9999)],
});

const ctx = (basis?: ApplyContext['basis']): ApplyContext => ({ meta: { actor: 'a', gitCommit: null, planHash: 'sha256:1', now: new Date(0) }, ...(basis ? { basis } : {}) });
const env = { cwd: TMP, env: {} };

/** A store holding BASE, a watch opened on it, then the snapshot read on another connection
 *  (as `apply` reads in its worker). */
async function watchedStore(name: string): Promise<{ path: string; watch: TargetWatch; snapshot: TargetSnapshot }> {
  const path = join(TMP, name);
  const t = createSqliteTarget({ path, create: true });
  await t.apply(planOf(changesBetween(EMPTY_STATE, BASE), (await t.read()).fingerprint), ctx());
  await t.close();
  const watch = sqliteDriver.watch?.(`sqlite:${path}`, env);
  if (watch === undefined) throw new Error('no watch on an existing store');
  const reader = createSqliteTarget({ path, create: false });
  const snapshot = await reader.read();
  await reader.close();
  return { path, watch, snapshot };
}

async function applyNext(path: string, plannedFrom: string, basis?: ApplyContext['basis']) {
  const t = createSqliteTarget({ path, create: true });
  try {
    return { result: await t.apply(planOf(changesBetween(BASE, NEXT), plannedFrom), ctx(basis)), state: (await t.read()).state, problems: await t.history?.verify?.() };
  } finally {
    await t.close();
  }
}

describe('sqlite store: an apply from the snapshot this process planned from', () => {
  it('records what a full check records, and the store verifies', async () => {
    const { path, watch, snapshot } = await watchedStore('same.db');
    expect(snapshot.fingerprint).toBe(stateFingerprint(BASE));
    expect(watch.unchanged()).toBe(true);
    const { result, state, problems } = await applyNext(path, snapshot.fingerprint, { snapshot, watch });
    expect(result).toMatchObject({ ok: true, fingerprint: stateFingerprint(NEXT) });
    expect(state).toStrictEqual(NEXT);
    expect(problems).toStrictEqual([]);
    // The store's own commit is another connection's: the watch sees it.
    expect(watch.unchanged()).toBe(false);
    watch.close();
  });

  it('predicts from the snapshot exactly what the store then holds', () => {
    const changes = changesBetween(BASE, NEXT);
    expect(predictFrom(BASE, changes)?.fingerprint).toBe(stateFingerprint(NEXT));
    // The plan's changes in another order predict the same.
    expect(predictFrom(BASE, [...changes].reverse())?.fingerprint).toBe(stateFingerprint(NEXT));
  });

  it('is refused as stale when another connection committed after the read', async () => {
    const { path, watch, snapshot } = await watchedStore('moved.db');
    const other = createSqliteTarget({ path, create: true });
    const moved = canonicalState({ ...BASE, users: [...BASE.users, user(5000)] });
    await other.apply(planOf(changesBetween(BASE, moved), snapshot.fingerprint), ctx());
    await other.close();
    expect(watch.unchanged()).toBe(false);
    const { result, state } = await applyNext(path, snapshot.fingerprint, { snapshot, watch });
    expect(result).toMatchObject({ ok: false, reason: 'stale', expected: stateFingerprint(BASE), actual: stateFingerprint(moved) });
    expect(state).toStrictEqual(moved);
    watch.close();
  });

  it('is not trusted for a file renamed over the store', async () => {
    const { path, watch } = await watchedStore('renamed.db');
    const { path: other } = await watchedStore('other.db');
    renameSync(other, path);
    expect(watch.unchanged()).toBe(false);
    watch.close();
  });

  it('is the watch\'s call: a watch that (wrongly) says unchanged skips the store\'s own check', async () => {
    // Shows the store is not read when the watch says so; the real watch is tested above.
    const { path, snapshot } = await watchedStore('lying.db');
    const other = createSqliteTarget({ path, create: true });
    await other.apply(planOf(changesBetween(BASE, canonicalState({ ...BASE, users: [...BASE.users, user(5000)] })), snapshot.fingerprint), ctx());
    await other.close();
    const lying: TargetWatch = { unchanged: () => true, close: () => undefined };
    expect((await applyNext(path, snapshot.fingerprint, { snapshot, watch: lying })).result).toMatchObject({ ok: true });
  });

  it('reads the store when the snapshot is not the one the plan was made from', async () => {
    const { path, watch, snapshot } = await watchedStore('other-plan.db');
    const { result } = await applyNext(path, 'sha256:some-other-state', { snapshot, watch });
    expect(result).toMatchObject({ ok: false, reason: 'stale', actual: stateFingerprint(BASE) });
    watch.close();
  });

  it('has no watch on a store that does not exist yet', () => {
    expect(sqliteDriver.watch?.(`sqlite:${join(TMP, 'missing.db')}`, env)).toBeUndefined();
  });
});

describe('apply with a watch, through the binary', () => {
  it('applies a repository and a saved plan, the store verifies, and no write-ahead log is left', () => {
    const dir = tempDir('permctl-basis-cli-');
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    generateRepo(a, { ...sizeFor(300), seed: 1 });
    generateRepo(b, { ...sizeFor(300), seed: 2 });
    const target = `sqlite:${join(dir, 'store.db')}`;
    const run = (args: readonly string[], cwd: string): number | null => spawnCli(args, { cwd, env: { PERMCTL_ACTOR: 'ci' } }).code;
    expect(run(['apply', '.', '--auto-approve', '--target', target], a)).toBe(0);
    // The store exists now: this apply watches it, and one from a saved plan too.
    expect(run(['apply', '.', '--auto-approve', '--allow-mass-revoke', '--target', target], b)).toBe(0);
    expect(run(['plan', '.', '--target', target, '--detailed-exitcode', '--out', join(dir, 'back.json')], a)).toBe(2);
    expect(run(['apply', join(dir, 'back.json'), '--allow-mass-revoke', '--target', target], a)).toBe(0);
    expect(run(['plan', '.', '--target', target, '--detailed-exitcode'], a)).toBe(0);
    expect(run(['history', '--target', target, '--verify'], a)).toBe(0);
    const wal = `${join(dir, 'store.db')}-wal`;
    expect(existsSync(wal) && statSync(wal).size > 0).toBe(false);
  });
});
