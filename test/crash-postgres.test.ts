// Crash consistency on the PostgreSQL store (issue 15 item 7): an apply killed with SIGKILL at
// many points of its transaction — after BEGIN, after taking the advisory lock, while reading,
// in the middle of the writes, while refreshing the access tables, at the history record, just
// before COMMIT, and after it — leaves the store exactly old or exactly new (objects, access
// tables and history, which still verifies); the next plan shows all of the change (old) or
// none of it (new), and applying it completes the change.
//
// Kill points are statements, not times: the apply runs in a child process through a client
// that stops before sending its k-th statement (counted from the apply's BEGIN), says so, and is
// killed then. The statements are first recorded from the same apply in this process.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { canonicalState } from '../src/plan/canonical.ts';
import { desiredState } from '../src/plan/desired.ts';
import { makePlan } from '../src/plan/plan.ts';
import type { TargetState } from '../src/plan/state.ts';
import type { Plan } from '../src/plan/types.ts';
import { runValidate } from '../src/pipeline.ts';
import type { Target } from '../src/targets/contract.ts';
import type { PgClient } from '../src/targets/postgres/client.ts';
import { connectPg } from '../src/targets/postgres/client.ts';
import { createPostgresTarget } from '../src/targets/postgres/index.ts';
import type { PgConfig } from '../src/targets/postgres/url.ts';
import { parsePgUrl } from '../src/targets/postgres/url.ts';
import { ROOT, tempDir } from './helpers.ts';
import { PG_ENV, PG_SKIP, dropPgSchema, newPgSchema, pgAdmin, pgServer, pgUrlFor } from './pg/store.ts';

const { catalog } = loadBuiltin();
const META = { meta: { actor: 'test', gitCommit: null, planHash: 'sha256:test', now: new Date() } };
const dirs: string[] = [];
let admin: PgClient;

/** The acme repository's state, and a change of every sort from it: a user created, one
 *  deleted, one moved to another profile, a profile's permissions changed. */
function states(): { base: TargetState; next: TargetState } {
  const base = canonicalState(desiredState(runValidate(join(ROOT, 'examples/acme')).compiled.policy));
  const [moved, removed] = base.users.filter((u) => !u.securityProfiles.includes('Admin'));
  if (moved === undefined || removed === undefined) throw new Error('acme has too few users');
  const profile = base.profiles.find((p) => p.name !== 'Admin' && p.permissions.length > 1);
  if (profile === undefined) throw new Error('acme has no profile to change');
  const other = base.profiles.find((p) => p.name !== 'Admin' && !moved.securityProfiles.includes(p.name));
  if (other === undefined) throw new Error('acme has no profile to move a user to');
  const next = canonicalState({
    ...base,
    profiles: base.profiles.map((p) => (p === profile ? { ...p, permissions: p.permissions.slice(1) } : p)),
    users: [...base.users.filter((u) => u !== removed).map((u) => (u === moved ? { ...u, securityProfiles: [other.name] } : u)), { login: 'killed-point@example.com', securityProfiles: [profile.name] }],
  });
  return { base, next };
}

async function planTo(t: Target, desired: TargetState): Promise<Plan> {
  return makePlan(desired, await t.read(), { target: t.identity, now: new Date(), gitCommit: null, unmanaged: 'revoke', maxRevokeRatio: 1, allowMassRevoke: true, capabilities: t.capabilities, catalog, policyFingerprint: 'sha256:p' }).plan;
}

function target(schema: string) {
  const p = parsePgUrl(pgUrlFor(schema), { env: PG_ENV, cwd: ROOT });
  if (!p.ok) throw new Error(p.reason);
  return p.target;
}

/** A store in a new schema holding `base`, with its one history record. */
async function storeAt(base: TargetState, connect?: (c: PgConfig) => Promise<PgClient>): Promise<{ schema: string; t: Target }> {
  const schema = newPgSchema();
  const t = await createPostgresTarget({ target: target(schema), ...(connect ? { connect } : {}) });
  const r = await t.apply(await planTo(t, base), META);
  if (!r.ok) throw new Error('the base apply failed');
  return { schema, t };
}

async function historyCount(schema: string): Promise<number> {
  return Number((await admin.rows(`SELECT count(*)::int FROM "${schema}".history`))[0]?.[0]);
}

/** The child: applies the plan through a client that stops before its k-th statement of the
 *  apply (BEGIN is statement 0) and says `paused`; an apply that ends first says `applied` and
 *  waits. Either way it waits to be killed. */
const CHILD = (mod: (p: string) => string): string => `import { readFileSync } from 'node:fs';
import { connectPg } from ${mod('src/targets/postgres/client.ts')};
import { createPostgresTarget } from ${mod('src/targets/postgres/index.ts')};
import { parsePgUrl } from ${mod('src/targets/postgres/url.ts')};
const [url, planFile, at] = process.argv.slice(2);
const stop = Number(at);
const p = parsePgUrl(url, { env: process.env, cwd: process.cwd() });
let n = -1;
const forever = () => new Promise(() => undefined);
const connect = async (config) => {
  const c = await connectPg(config);
  const gate = (text) => {
    if (text === 'BEGIN') n = 0; else if (n >= 0) n++;
    if (n === stop) { process.stdout.write('paused ' + n + '\\n'); return true; }
    return false;
  };
  return { ...c, rows: (t, v) => (gate(t) ? forever() : c.rows(t, v)), exec: (t, v) => (gate(t) ? forever() : c.exec(t, v)) };
};
const t = await createPostgresTarget({ target: p.target, connect });
const r = await t.apply(JSON.parse(readFileSync(planFile, 'utf8')), { meta: { actor: 'doomed', gitCommit: null, planHash: 'x', now: new Date() } });
process.stdout.write((r.ok ? 'applied' : 'refused ' + JSON.stringify(r)) + '\\n');
await forever();
`;

/** Runs the child until it pauses (or applies), then kills it. Returns what it said. */
async function applyKilledAt(script: string, url: string, planFile: string, at: number): Promise<string> {
  // NODE_OPTIONS passes on what the oldest supported Node needs to run the TypeScript the child
  // imports (--experimental-strip-types, set by .ci/run).
  const env = { PATH: process.env.PATH ?? '', ...(process.env.NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.NODE_OPTIONS }), ...PG_ENV };
  const child = spawn(process.execPath, [script, url, planFile, String(at)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Listened for before anything is awaited: a child that exits on its own (a crash) must not
  // leave the test waiting for an exit that has already happened.
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const said = await new Promise<string>((resolve) => {
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => resolve(`exited: ${out}${err}`));
  });
  child.kill('SIGKILL');
  await exited;
  return said;
}

if (pgServer === undefined) {
  describe.skip(`PostgreSQL kill points (skipped: ${PG_SKIP})`, () => {
    it('needs a server', () => undefined);
  });
}

describe.skipIf(pgServer === undefined)('crash consistency on the PostgreSQL store', () => {
  beforeAll(async () => {
    admin = await pgAdmin();
  });
  afterAll(async () => {
    await admin?.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('SIGKILL at many points of an apply leaves the store exactly old or exactly new; the next apply completes it', { timeout: 600_000 }, async () => {
    const { base, next } = states();
    // The apply's statements, recorded from the same apply of the same plan in this process.
    const statements: string[] = [];
    const recorded = await storeAt(base, async (config) => {
      const c = await connectPg(config);
      let on = false;
      const log = (text: string): void => {
        if (text === 'BEGIN') on = true;
        if (on) statements.push(text);
        if (text === 'COMMIT') on = false;
      };
      return { ...c, rows: (t, v) => (log(t), c.rows(t, v)), exec: (t, v) => (log(t), c.exec(t, v)) };
    });
    const plan = await planTo(recorded.t, next);
    expect(new Set(plan.changes.map((c) => `${c.action} ${c.kind}`))).toEqual(new Set(['update profile', 'update user', 'delete user', 'create user']));
    const fingerprints = { old: (await recorded.t.read()).fingerprint, new: '' };
    statements.length = 0;
    expect((await recorded.t.apply(plan, META)).ok).toBe(true);
    fingerprints.new = (await recorded.t.read()).fingerprint;
    await recorded.t.close();
    await dropPgSchema(admin, recorded.schema);
    const at = (re: RegExp): number => statements.findIndex((s) => re.test(s));
    const commit = statements.length - 1;
    expect(statements[commit]).toBe('COMMIT');
    // The named points, then every fourth statement between them, then after COMMIT.
    const named = [1, at(/pg_advisory_xact_lock/), at(/FROM users/), at(/INSERT INTO security_profiles/), at(/INSERT INTO users/), at(/DELETE FROM users/), at(/effective_permissions/), at(/INSERT INTO history /), at(/INSERT INTO history_users/), commit];
    expect(named.every((i) => i > 0)).toBe(true);
    const points = [...new Set([...named, ...statements.map((_, i) => i).filter((i) => i > 0 && i % 4 === 0)])].sort((a, b) => a - b);
    points.push(statements.length); // after COMMIT: the apply has returned

    const dir = tempDir('permctl-pg-kill-points-');
    dirs.push(dir);
    const script = join(dir, 'apply-until.ts');
    writeFileSync(script, CHILD((p) => JSON.stringify(pathToFileURL(join(ROOT, p)).href)));
    const tally = { old: 0, new: 0 };
    for (const k of points) {
      const { schema, t } = await storeAt(base);
      try {
        expect((await t.read()).fingerprint).toBe(fingerprints.old);
        const planFile = join(dir, `plan-${k}.json`);
        writeFileSync(planFile, JSON.stringify(plan));
        const said = await applyKilledAt(script, pgUrlFor(schema), planFile, k);
        expect(said, `kill point ${k} (${statements[k] ?? 'after COMMIT'})`).toBe(k < statements.length ? `paused ${k}` : 'applied');
        // Exactly old or exactly new: objects, access tables and history together.
        const now = (await t.read()).fingerprint;
        expect([fingerprints.old, fingerprints.new]).toContain(now);
        const isNew = now === fingerprints.new;
        tally[isNew ? 'new' : 'old']++;
        expect(isNew).toBe(k === statements.length);
        expect(await historyCount(schema)).toBe(isNew ? 2 : 1);
        expect(await t.history?.verify?.()).toEqual([]);
        // The next plan shows all of the change, or none of it; applying it completes it.
        const again = await planTo(t, next);
        expect(again.changes.length).toBe(isNew ? 0 : plan.changes.length);
        if (!isNew) expect(await t.apply(again, META)).toMatchObject({ ok: true });
        expect((await t.read()).fingerprint).toBe(fingerprints.new);
        expect(await historyCount(schema)).toBe(2);
        expect(await t.history?.verify?.()).toEqual([]);
      } finally {
        await t.close();
        await dropPgSchema(admin, schema);
      }
    }
    expect(tally).toEqual({ old: points.length - 1, new: 1 });
    // At least the named points and after COMMIT; with acme about 20 (docs/reliability.md).
    expect(points.length).toBeGreaterThanOrEqual(12);
    process.stdout.write(`PostgreSQL kill points: ${points.length} (${statements.length} statements in the apply)\n`);
  });
});
