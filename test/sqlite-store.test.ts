// The embedded store (`sqlite:PATH`) against real SQLite files: round trips of the canonical
// state, the materialised effective-access tables, stale and failed applies leaving nothing
// behind, applies racing from two processes, and the history.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, stateFingerprint } from '../src/plan/fingerprint.ts';
import type { TargetState, UserState } from '../src/plan/state.ts';
import { EMPTY_STATE } from '../src/plan/state.ts';
import type { Plan } from '../src/plan/types.ts';
import { canonicalState as canonical } from '../src/plan/canonical.ts';
import { STORE_CAPABILITIES } from '../src/plan/project.ts';
import { createSqliteTarget, SQLITE_SCHEME } from '../src/targets/sqlite/index.ts';
import { openDb, transaction } from '../src/targets/sqlite/driver.ts';
import type { ApplyMeta, ApplyResult, HistoryQuery, HistoryRecord, Target, TargetSnapshot } from '../src/targets/contract.ts';
import { changesBetween, planOf } from './store-changes.ts';

const TMP = mkdtempSync(join(tmpdir(), 'permctl-sqlite-'));
const INDEX_URL = pathToFileURL(join(import.meta.dirname, '../src/targets/sqlite/index.ts')).href;
let stores = 0;
const open: Target[] = [];

function newPath(): string {
  return join(TMP, `store-${++stores}`, 'permctl.db');
}

function target(path: string): Target {
  const t = createSqliteTarget({ path, create: true });
  open.push(t);
  return t;
}

afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

// --- plans made by hand: a minimal planner, enough to drive the store ---------------------

/** The store's own history (capabilities.history is 'own'). */
const history = (t: Target, q: HistoryQuery = {}): Promise<readonly HistoryRecord[]> => t.history!.query(q);

function planFor(snap: TargetSnapshot, desired: TargetState, access?: readonly string[]): Plan {
  return planOf(changesBetween(snap.state, desired), snap.fingerprint, access);
}

const META: ApplyMeta = { actor: 'alice', gitCommit: 'abc123', planHash: 'sha256:plan', now: new Date('2025-02-03T04:05:06.000Z') };

async function applyState(t: Target, desired: TargetState, meta: ApplyMeta = META, access?: readonly string[]): Promise<ApplyResult> {
  return t.apply(planFor(await t.read(), desired, access), { meta });
}

// --- fixtures --------------------------------------------------------------------------------

const rec = (lines: string[], role: 'normal' | 'nominee' | 'agent' = 'normal') => ({ role, viewCallRecordings: true, viewOutboundCallRecordings: true, viewScreenRecordings: false, deleteCallRecordings: role === 'nominee', lines });

const DESIRED: TargetState = canonical({
  instance: { instance: 'acme', screenRecordings: true, conversationAnalyzer: false, agentRecordingAccess: 'own' },
  queues: [{ name: 'Sales' }, { name: 'Billing', description: 'Billing questions' }],
  lines: [{ id: 'L2', number: '+15550002' }, { id: 'L1', number: '+15550001', description: 'Main line' }],
  routingProfiles: [{ name: 'Basic', defaultOutboundQueue: 'Sales', queues: [{ queue: 'Sales', priority: 1, delay: 30 }, { queue: 'Billing', priority: 2, delay: 0 }] }],
  profiles: [
    { name: 'Supervisor', description: 'Team leads', permissions: ['RealTimeMetrics.Access', 'ListenCallRecordings'] },
    { name: 'Agent', permissions: ['OutboundCallAccess', 'BasicAgentAccess'] },
    { name: 'Admin', permissions: ['Users.EditPermission', 'SecurityProfiles.Edit'] },
  ],
  users: [
    { login: 'ann@example.com', name: 'Ann', securityProfiles: ['Supervisor', 'Agent'], routingProfile: 'Basic', hierarchy: 'AMER/Austin', recordings: rec(['L2', 'L1']) },
    // Upper case sorts before lower case: users are ordered by code unit, not case-folded.
    { login: 'Bob@example.com', securityProfiles: ['Agent'], recordings: rec([], 'agent') },
    { login: 'zoe@example.com', securityProfiles: ['Admin'], recordings: rec(['L1'], 'nominee') },
    { login: 'zed@example.com', securityProfiles: [] },
  ],
});

function inspect(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA busy_timeout = 10000');
  return db;
}

function effectiveRows(path: string): { permissions: string[]; lines: string[] } {
  const db = inspect(path);
  try {
    const permissions = db.prepare('SELECT login, permission FROM effective_permissions').all().map((r) => `${String(r.login)} ${String(r.permission)}`);
    const lines = db.prepare('SELECT login, line, view_outbound, view_screen, can_delete FROM effective_line_access').all().map((r) => [r.login, r.line, r.view_outbound, r.view_screen, r.can_delete].map(String).join(' '));
    return { permissions: permissions.sort(), lines: lines.sort() };
  } finally {
    db.close();
  }
}

/** What the effective tables must hold for a state, computed independently of the store. */
function expectedEffective(s: TargetState): { permissions: string[]; lines: string[] } {
  const perms = new Map(s.profiles.map((p) => [p.name, p.permissions]));
  const permissions = s.users.flatMap((u) => [...new Set(u.securityProfiles.flatMap((p) => perms.get(p) ?? []))].map((p) => `${u.login} ${p}`));
  const lines = s.users.flatMap((u) => {
    const r = u.recordings;
    if (!r || !r.viewCallRecordings || r.role === 'agent') return [];
    return r.lines.map((l) => [u.login, l, +r.viewOutboundCallRecordings, +r.viewScreenRecordings, +r.deleteCallRecordings].join(' '));
  });
  return { permissions: permissions.sort(), lines: lines.sort() };
}

function historyCount(path: string): number {
  const db = inspect(path);
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM history').get()?.n);
  } finally {
    db.close();
  }
}

// --- tests -----------------------------------------------------------------------------------

describe('sqlite store: state round trip', () => {
  it('an empty store reads as the empty state, with the same fingerprint from every connection', async () => {
    const path = newPath();
    const a = await target(path).read();
    expect(a.state).toStrictEqual(EMPTY_STATE);
    expect(a.fingerprint).toBe(stateFingerprint(EMPTY_STATE));
    const b = target(path);
    expect((await b.read()).fingerprint).toBe(a.fingerprint);
    expect(b.identity).toBe(`${SQLITE_SCHEME}${path}`);
    expect(b.capabilities).toEqual(STORE_CAPABILITIES);
    expect(a.exists).toBe(false);
  });

  it('refuses to open a store written by another schema version', async () => {
    const path = newPath();
    await applyState(target(path), DESIRED);
    const db = inspect(path);
    db.exec(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`);
    db.close();
    expect(() => createSqliteTarget({ path, create: false })).toThrow(/schema version 99; this permctl reads up to version 3/);
  });

  it('applies a plan creating every kind of object and reads back exactly the desired state', async () => {
    const path = newPath();
    const t = target(path);
    const result = await applyState(t, DESIRED);
    expect(result).toMatchObject({ ok: true, historyId: 1, fingerprint: stateFingerprint(DESIRED) });
    expect(result.ok && result.outcomes.every((o) => o.status === 'applied')).toBe(true);
    const snap = await target(path).read();
    expect(snap.state).toStrictEqual(DESIRED);
    expect(canonicalJson(snap.state)).toBe(canonicalJson(DESIRED));
    expect(snap.fingerprint).toBe(stateFingerprint(DESIRED));
  });

  it('applies updates and deletes of every kind, including a renamed instance and swapped line numbers', async () => {
    const t = target(newPath());
    await applyState(t, DESIRED);
    const next = canonical({
      instance: { instance: 'acme-eu', screenRecordings: false, conversationAnalyzer: true, agentRecordingAccess: 'all' },
      queues: [{ name: 'Billing' }, { name: 'Support', description: 'New' }],
      lines: [{ id: 'L1', number: '+15550002' }, { id: 'L2', number: '+15550001', description: 'Swapped' }],
      routingProfiles: [{ name: 'Basic', description: 'Now described', defaultOutboundQueue: 'Billing', queues: [{ queue: 'Billing', priority: 1, delay: 5 }] }],
      profiles: [{ name: 'Agent', description: 'Agents', permissions: ['BasicAgentAccess'] }, DESIRED.profiles.find((p) => p.name === 'Admin')!],
      users: [
        { login: 'ann@example.com', securityProfiles: ['Agent'], hierarchy: 'EMEA' },
        { login: 'Bob@example.com', name: 'Bob', securityProfiles: ['Admin', 'Agent'], recordings: rec(['L1']) },
        { login: 'new@example.com', securityProfiles: ['Agent'] },
      ],
    });
    expect(await applyState(t, next)).toMatchObject({ ok: true, fingerprint: stateFingerprint(next) });
    expect((await t.read()).state).toStrictEqual(next);
    // A new line takes the number of a line the same plan deletes (deletes run last).
    const renumbered = canonical({ ...next, lines: [{ id: 'L1', number: '+15550002' }, { id: 'L3', number: '+15550001' }] });
    expect(await applyState(t, renumbered)).toMatchObject({ ok: true, fingerprint: stateFingerprint(renumbered) });
    expect((await t.read()).state).toStrictEqual(renumbered);
  });

  it('sorts logins by UTF-16 code unit like the planner, not by the UTF-8 bytes SQLite compares', async () => {
    const t = target(newPath());
    // U+1F600 is a surrogate pair (0xD83D…) and sorts before U+FF21 in JavaScript; as UTF-8
    // (F0… against EF…) it sorts after.
    const desired = canonical({ ...EMPTY_STATE, users: [{ login: '\uFF21@example.com', securityProfiles: [] }, { login: '\u{1F600}@example.com', securityProfiles: [] }] });
    expect(desired.users[0]?.login).toBe('\u{1F600}@example.com');
    await applyState(t, desired);
    const snap = await t.read();
    expect(snap.state).toStrictEqual(desired);
    expect(snap.fingerprint).toBe(stateFingerprint(desired));
  });
});

describe('sqlite store: effective access tables', () => {
  function hasPermission(db: DatabaseSync, login: string, permission: string): boolean {
    return db.prepare('SELECT 1 FROM effective_permissions WHERE login = ? AND permission = ?').get(login, permission) !== undefined;
  }
  function lineAccess(db: DatabaseSync, login: string, line: string): Record<string, unknown> | undefined {
    return db.prepare('SELECT view_outbound, view_screen, can_delete FROM effective_line_access WHERE login = ? AND line = ?').get(login, line);
  }

  it('answers with one primary-key lookup, and follows profile changes and user deletes', async () => {
    const path = newPath();
    const t = target(path);
    await applyState(t, DESIRED);
    const db = inspect(path);
    try {
      expect(hasPermission(db, 'ann@example.com', 'ListenCallRecordings')).toBe(true);
      expect(hasPermission(db, 'ann@example.com', 'BasicAgentAccess')).toBe(true);
      expect(hasPermission(db, 'Bob@example.com', 'ListenCallRecordings')).toBe(false);
      expect(hasPermission(db, 'zed@example.com', 'BasicAgentAccess')).toBe(false);
      expect(lineAccess(db, 'ann@example.com', 'L2')).toEqual({ view_outbound: 1, view_screen: 0, can_delete: 0 });
      expect(lineAccess(db, 'zoe@example.com', 'L1')).toEqual({ view_outbound: 1, view_screen: 0, can_delete: 1 });
      expect(lineAccess(db, 'zoe@example.com', 'L2')).toBeUndefined();
      // Agents are not line-scoped: no rows, whatever their recordings allow.
      expect(db.prepare('SELECT count(*) AS n FROM effective_line_access WHERE login = ?').get('Bob@example.com')).toEqual({ n: 0 });
      expect(effectiveRows(path)).toEqual(expectedEffective(DESIRED));

      const plans = [
        db.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM effective_permissions WHERE login = ? AND permission = ?').all('a', 'b'),
        db.prepare('EXPLAIN QUERY PLAN SELECT view_outbound FROM effective_line_access WHERE login = ? AND line = ?').all('a', 'b'),
        db.prepare('EXPLAIN QUERY PLAN SELECT login FROM effective_permissions WHERE permission = ?').all('b'),
      ].map((rows) => rows.map((r) => String(r.detail)).join(' | '));
      for (const p of plans) expect(p).toMatch(/PRIMARY KEY|USING (COVERING )?INDEX/);
      expect(plans[0]).toMatch(/SEARCH effective_permissions USING PRIMARY KEY \(login=\? AND permission=\?\)/);

      // Agent gains a permission: users holding it are refreshed although the plan names no user.
      const agent = { name: 'Agent', permissions: ['BasicAgentAccess', 'ContactSearch.View'] };
      const changed = canonical({ ...DESIRED, profiles: DESIRED.profiles.map((p) => (p.name === 'Agent' ? agent : p)) });
      const r1 = await applyState(t, changed);
      expect(r1.ok).toBe(true);
      expect(hasPermission(db, 'ann@example.com', 'ContactSearch.View')).toBe(true);
      expect(hasPermission(db, 'Bob@example.com', 'ContactSearch.View')).toBe(true);
      expect(hasPermission(db, 'Bob@example.com', 'OutboundCallAccess')).toBe(false);
      expect(hasPermission(db, 'zoe@example.com', 'ContactSearch.View')).toBe(false);
      expect(effectiveRows(path)).toEqual(expectedEffective(changed));

      // The same lines with other flags: the rows a refresh keeps must not keep their old flags.
      const flags = canonical({ ...changed, users: changed.users.map((u) => (u.recordings ? { ...u, recordings: { ...u.recordings, viewOutboundCallRecordings: !u.recordings.viewOutboundCallRecordings, deleteCallRecordings: !u.recordings.deleteCallRecordings } } : u)) });
      expect(flags.users.some((u) => u.recordings?.viewCallRecordings === true && u.recordings.lines.length > 0 && u.recordings.role !== 'agent')).toBe(true);
      expect((await applyState(t, flags)).ok).toBe(true);
      expect(effectiveRows(path)).toEqual(expectedEffective(flags));

      const without = canonical({ ...flags, users: flags.users.filter((u) => u.login !== 'ann@example.com') });
      expect((await applyState(t, without)).ok).toBe(true);
      expect(hasPermission(db, 'ann@example.com', 'ListenCallRecordings')).toBe(false);
      expect(lineAccess(db, 'ann@example.com', 'L1')).toBeUndefined();
      expect(effectiveRows(path)).toEqual(expectedEffective(without));
    } finally {
      db.close();
    }
  });
});

describe('sqlite store: all or nothing', () => {
  it('refuses a stale plan and leaves the store unchanged', async () => {
    const path = newPath();
    const t = target(path);
    await applyState(t, DESIRED);
    const before = await t.read();
    const plan = { ...planFor(before, { ...DESIRED, queues: [] }), targetFingerprint: 'sha256:not-the-current-state' };
    const result = await t.apply(plan, { meta: META });
    expect(result).toEqual({ ok: false, reason: 'stale', expected: 'sha256:not-the-current-state', actual: before.fingerprint });
    const after = await target(path).read();
    expect(canonicalJson(after.state)).toBe(canonicalJson(before.state));
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(historyCount(path)).toBe(1);
  });

  it('rolls back every write when one fails in the middle of an apply', async () => {
    const path = newPath();
    const t = target(path);
    await applyState(t, DESIRED);
    const before = await t.read();
    const effectiveBefore = effectiveRows(path);
    const db = inspect(path);
    db.exec(`CREATE TRIGGER boom BEFORE INSERT ON users WHEN NEW.login = 'zzz@example.com' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`);
    db.close();
    const extra = ['amy@example.com', 'max@example.com', 'zzz@example.com'].map((login) => ({ login, securityProfiles: ['Agent'] }));
    const desired = canonical({ ...DESIRED, queues: [...DESIRED.queues, { name: 'Extra' }], users: [...DESIRED.users.filter((u) => u.login !== 'zed@example.com'), ...extra] });
    const plan = planFor(before, desired);
    // The failing user is written last, after the new queue and the other new users.
    expect(plan.changes.map((c) => `${c.action} ${c.name}`)).toEqual(expect.arrayContaining(['create Extra', 'create amy@example.com', 'create max@example.com', 'delete zed@example.com']));
    const result = await t.apply(plan, { meta: META });
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(result.ok === false && result.reason === 'failed' ? result.message : '').toContain('injected failure');
    // Outcomes name the change that failed; those written before it were rolled back with it.
    const outcomes = result.ok === false && result.reason === 'failed' ? result.outcomes : [];
    expect(outcomes.find((o) => o.name === 'zzz@example.com')).toMatchObject({ status: 'failed', error: expect.stringContaining('injected failure') as unknown });
    expect(outcomes.find((o) => o.name === 'amy@example.com')?.status).toBe('rolled-back');
    expect(outcomes.find((o) => o.name === 'zed@example.com')?.status).toBe('skipped'); // deletes run last
    expect(outcomes).toHaveLength(plan.changes.length);
    const after = await target(path).read();
    expect(canonicalJson(after.state)).toBe(canonicalJson(before.state));
    expect(effectiveRows(path)).toEqual(effectiveBefore);
    expect(await history(t)).toHaveLength(1);
  });

  it('serialises applies from two processes: one succeeds, the other is refused as stale', async () => {
    const path = newPath();
    const base = target(path);
    await applyState(base, DESIRED);
    const snap = await base.read();
    const script = join(TMP, 'apply-once.mjs');
    // Each child opens the store, says it is ready, and applies when the parent says go, so both
    // transactions start as close together as possible.
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { createSqliteTarget } from ${JSON.stringify(INDEX_URL)};
const [path, planFile, actor] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const t = createSqliteTarget({ path, create: true });
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  const r = await t.apply(plan, { meta: { actor, gitCommit: null, planHash: 'h-' + actor, now: new Date() } });
  await t.close();
  process.stdout.write(JSON.stringify(r) + '\\n');
  process.exit(0);
});
`,
    );
    const users = (prefix: string): UserState[] => Array.from({ length: 1500 }, (_, i) => ({ login: `${prefix}${String(i).padStart(4, '0')}@example.com`, securityProfiles: ['Agent'] }));
    const run = (actor: string, desired: TargetState) => {
      const planFile = join(TMP, `plan-${actor}.json`);
      writeFileSync(planFile, JSON.stringify(planFor(snap, desired)));
      const child = spawn(process.execPath, [script, path, planFile, actor], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve()));
      const done = new Promise<ApplyResult>((resolve, reject) =>
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1] ?? '') as ApplyResult) : reject(new Error(`child exited ${String(code)}: ${err}`)))),
      );
      return { child, ready, done };
    };
    const a = run('a', canonical({ ...DESIRED, users: [...DESIRED.users, ...users('a')] }));
    const b = run('b', canonical({ ...DESIRED, users: [...DESIRED.users, ...users('b')] }));
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.end('go\n');
    b.child.stdin.end('go\n');
    const results = await Promise.all([a.done, b.done]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const stale = results.filter((r) => !r.ok);
    expect(stale).toEqual([expect.objectContaining({ ok: false, reason: 'stale', expected: snap.fingerprint })]);
    const recorded = await history(base);
    expect(recorded).toHaveLength(2);
    const winner = results.findIndex((r) => r.ok) === 0 ? 'a' : 'b';
    expect(recorded[0]?.actor).toBe(winner);
    expect((await base.read()).state.users).toHaveLength(DESIRED.users.length + 1500);
  });
});

describe('sqlite store: history', () => {
  it('lists applies newest first, limited, filtered by user in any case, with every field', async () => {
    const t = target(newPath());
    expect(await history(t)).toEqual([]);
    const first = await applyState(t, DESIRED, { ...META, gitCommit: null });
    const noAnn = canonical({ ...DESIRED, users: DESIRED.users.filter((u) => u.login !== 'ann@example.com') });
    const firstPlan = planFor({ state: EMPTY_STATE, fingerprint: stateFingerprint(EMPTY_STATE), exists: false }, DESIRED);
    const secondPlan = planFor(await t.read(), noAnn);
    const second = await t.apply(secondPlan, { meta: { ...META, actor: 'bob', planHash: 'sha256:second', now: new Date('2025-03-01T00:00:00.000Z') } });
    // A profile change touches no user object; plan.access names whose access changed.
    const noAdmin = canonical({ ...noAnn, profiles: noAnn.profiles.map((p) => (p.name === 'Admin' ? { ...p, permissions: ['Users.EditPermission'] } : p)) });
    const third = await applyState(t, noAdmin, { ...META, actor: 'carol' }, ['zoe@example.com']);
    expect([first.ok, second.ok, third.ok]).toEqual([true, true, true]);

    const all = await history(t);
    expect(all.map((h) => h.actor)).toEqual(['carol', 'bob', 'alice']);
    expect(all.map((h) => h.id)).toEqual([3, 2, 1]);
    expect(await history(t, { limit: 1 })).toEqual([all[0]]);
    expect(await history(t, { limit: 0 })).toEqual([]);
    expect((await history(t, { user: 'ANN@example.COM' })).map((h) => h.id)).toEqual([2, 1]);
    expect((await history(t, { user: 'bob@EXAMPLE.com' })).map((h) => h.id)).toEqual([1]);
    expect((await history(t, { user: 'zoe@example.com' })).map((h) => h.id)).toEqual([3, 1]);
    expect((await history(t, { user: 'zoe@example.com', limit: 1 })).map((h) => h.id)).toEqual([3]);
    expect(await history(t, { user: 'nobody@example.com' })).toEqual([]);

    expect(all[1]).toEqual({
      id: 2,
      appliedAt: '2025-03-01T00:00:00.000Z',
      actor: 'bob',
      gitCommit: 'abc123',
      planHash: 'sha256:second',
      target: t.identity,
      status: 'applied',
      fingerprintBefore: stateFingerprint(DESIRED),
      fingerprintAfter: stateFingerprint(noAnn),
      summary: secondPlan.summary,
      changes: secondPlan.changes,
      outcomes: secondPlan.changes.map((c) => ({ kind: c.kind, name: c.name, action: c.action, status: 'applied' })),
    });
    expect(all[2]).toMatchObject({ gitCommit: null, fingerprintBefore: stateFingerprint(EMPTY_STATE), changes: firstPlan.changes, summary: firstPlan.summary });
  });
});

describe('sqlite store: the chain index', () => {
  const chainIndexes = (path: string): unknown[] => {
    const db = inspect(path);
    try {
      return db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'history' AND name = 'history_chain'`).all().map((r) => r.sql);
    } finally {
      db.close();
    }
  };

  it('is made with the store, and by the next apply of a store made before it; the chain it reads verifies', async () => {
    const path = newPath();
    const t = target(path);
    expect((await applyState(t, DESIRED)).ok).toBe(true);
    expect(chainIndexes(path)).toEqual(['CREATE INDEX history_chain ON history (id, chain)']);
    await t.close();
    const db = inspect(path);
    db.exec('DROP INDEX history_chain'); // as a store made before the index is
    db.close();
    const again = target(path);
    const fewer = canonical({ ...DESIRED, users: DESIRED.users.slice(1) });
    expect((await applyState(again, fewer)).ok).toBe(true);
    expect(chainIndexes(path)).toHaveLength(1);
    expect((await applyState(again, DESIRED)).ok).toBe(true);
    expect(await again.history!.verify!()).toEqual([]);
    expect((await history(again)).map((h) => h.id)).toEqual([3, 2, 1]);
  });
});

describe('sqlite store: creation and schema versions', () => {
  it('reading or querying a missing store creates nothing; apply creates it', async () => {
    const path = newPath();
    const t = createSqliteTarget({ path, create: false });
    open.push(t);
    expect(await t.read()).toEqual({ state: EMPTY_STATE, fingerprint: stateFingerprint(EMPTY_STATE), exists: false });
    expect(await history(t)).toEqual([]);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
    expect((await applyState(target(path), DESIRED)).ok).toBe(true);
    expect((await target(path).read()).exists).toBe(true);
  });

  it('migrates a version 1 store inside the apply, and reads its history before that', async () => {
    const path = newPath();
    await applyState(target(path), DESIRED);
    // Make it a version 1 store: history without target, status and outcomes.
    const db = inspect(path);
    db.exec(`DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete;
      ALTER TABLE history DROP COLUMN target; ALTER TABLE history DROP COLUMN status; ALTER TABLE history DROP COLUMN outcomes;
      UPDATE meta SET value = '1' WHERE key = 'schema_version';`);
    db.close();
    const old = createSqliteTarget({ path, create: false });
    open.push(old);
    expect(await history(old)).toMatchObject([{ id: 1, actor: 'alice', target: '', status: 'applied', outcomes: [] }]);
    expect((await old.read()).state).toStrictEqual(DESIRED);
    const version = (): string => {
      const d = inspect(path);
      try {
        return String(d.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()?.value);
      } finally {
        d.close();
      }
    };
    expect(version()).toBe('1'); // reading changed nothing
    const next = canonical({ ...DESIRED, queues: [] });
    const migrated = await applyState(target(path), next);
    expect(migrated.ok, JSON.stringify(migrated)).toBe(true);
    expect(version()).toBe('3');
    const t = target(path);
    expect((await history(t)).map((h) => [h.id, h.status, h.target])).toEqual([
      [2, 'applied', t.identity],
      [1, 'applied', ''],
    ]);
  });
});

/** Runs `sql` in a child process on the store at `path` (created when missing) and kills it
 *  once the last statement has run, inside its open transaction: a write left half done, with
 *  the store's pages spilled into the file (a small page cache) and its rollback journal hot. */
async function killedMidWrite(path: string, sql: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const code = `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(path)}); db.exec(${JSON.stringify(sql)}); process.stdout.write('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    child.on('exit', (c) => reject(new Error(`the writer exited (${String(c)}) before it was killed`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  expect(existsSync(`${path}-journal`)).toBe(true);
}

/** A long transaction's worth of rows, more than the 8 pages of cache the writer keeps. */
const BULK = `PRAGMA cache_size = 8; BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS junk (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO junk SELECT printf('%0200d', i) FROM n;`;

describe('sqlite store: the apply that creates it', () => {
  it('runs its transaction without a write-ahead log; the first commit makes the store WAL', () => {
    const path = newPath();
    const db = openDb(path);
    const mode = (): unknown => db.stmt('PRAGMA journal_mode').get()?.journal_mode;
    try {
      expect(mode()).toBe('delete');
      transaction(db, true, () => db.raw.exec('CREATE TABLE t (x TEXT)'));
      expect(mode()).toBe('wal');
    } finally {
      db.close();
    }
    // A store that has pages is a WAL store from the moment a writer opens it.
    const again = openDb(path);
    try {
      expect(again.stmt('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    } finally {
      again.close();
    }
  });

  it('writes the new store without a write-ahead log, and leaves it a WAL store', async () => {
    const path = newPath();
    expect((await applyState(target(path), DESIRED)).ok).toBe(true);
    for (const t of open.splice(0)) await t.close();
    const db = inspect(path);
    try {
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      db.close();
    }
    expect(['-journal', '-wal'].filter((s) => existsSync(`${path}${s}`))).toEqual([]);
    expect((await target(path).read()).state).toStrictEqual(DESIRED);
  });

  it('killed, it leaves a store that reads as empty, and the next apply creates it', async () => {
    const path = newPath();
    await killedMidWrite(path, BULK);
    const reader = createSqliteTarget({ path, create: false });
    open.push(reader);
    expect(await reader.read()).toEqual({ state: EMPTY_STATE, fingerprint: stateFingerprint(EMPTY_STATE), exists: false });
    expect(await history(reader)).toEqual([]);
    const applied = await applyState(target(path), DESIRED);
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    expect(existsSync(`${path}-journal`)).toBe(false);
    expect((await target(path).read()).state).toStrictEqual(DESIRED);
    expect(await target(path).history!.verify!()).toEqual([]);
  });

  it('a write interrupted in a store that already held data is refused to readers with what to do', async () => {
    const path = newPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    db.exec(`CREATE TABLE junk (x TEXT); INSERT INTO junk VALUES ('kept')`);
    db.close();
    await killedMidWrite(path, BULK);
    expect(() => createSqliteTarget({ path, create: false })).toThrow(/a write to it was interrupted \(its rollback journal .*-journal is left\).*run permctl apply against it, or open it once with write access/);
  });
});

describe('sqlite store: size', () => {
  it('applies and reads back 5,000 generated users, then refreshes a change incrementally', async () => {
    const path = newPath();
    const t = target(path);
    const pad = (n: number): string => String(n).padStart(4, '0');
    const profiles = Array.from({ length: 50 }, (_, i) => ({ name: `P${pad(i)}`, permissions: Array.from({ length: 8 }, (_, j) => `Perm${pad((i * 3 + j) % 60)}`) }));
    const lines = Array.from({ length: 200 }, (_, i) => ({ id: `L${pad(i)}`, number: `+1555${pad(i)}` }));
    const users: UserState[] = Array.from({ length: 5000 }, (_, i) => ({
      login: `user${pad(i)}@example.com`,
      ...(i % 4 ? { name: `User ${i}` } : {}),
      securityProfiles: [...new Set([`P${pad(i % 50)}`, `P${pad((i * 7) % 50)}`, `P${pad((i * 13) % 50)}`])],
      ...(i % 10 < 3 ? { recordings: rec([`L${pad(i % 200)}`, `L${pad((i + 3) % 200)}`], i % 30 === 0 ? 'agent' : 'normal') } : {}),
    }));
    const desired = canonical({ ...EMPTY_STATE, instance: DESIRED.instance!, profiles, lines, users });
    expect(await applyState(t, desired)).toMatchObject({ ok: true, fingerprint: stateFingerprint(desired) });
    const snap = await target(path).read();
    expect(snap.state).toStrictEqual(desired);
    expect(effectiveRows(path)).toEqual(expectedEffective(desired));

    // A profile held by a few hundred users, and one user: the row-by-row refresh.
    const changed = canonical({
      ...desired,
      profiles: desired.profiles.map((p) => (p.name === 'P0007' ? { ...p, permissions: ['Perm9999'] } : p)),
      users: desired.users.map((u) => (u.login === 'user0001@example.com' ? { ...u, securityProfiles: ['P0049'], recordings: rec(['L0199']) } : u)),
    });
    expect(await applyState(t, changed)).toMatchObject({ ok: true, fingerprint: stateFingerprint(changed) });
    expect(effectiveRows(path)).toEqual(expectedEffective(changed));
  });
});
