// The PostgreSQL store against a real server (test/pg/cluster.ts: PERMCTL_TEST_PG_URL, or a
// throwaway cluster): the conformance suite, ten concurrent apply processes, a killed apply,
// schema versions, credentials, and plan creating nothing. Each test works in a schema of its own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBuiltin } from '../../src/catalog/builtin.ts';
import { canonicalState } from '../../src/plan/canonical.ts';
import { desiredState } from '../../src/plan/desired.ts';
import { makePlan } from '../../src/plan/plan.ts';
import type { TargetState } from '../../src/plan/state.ts';
import { runValidate } from '../../src/pipeline.ts';
import type { PgClient } from '../../src/targets/postgres/client.ts';
import { connectPg } from '../../src/targets/postgres/client.ts';
import { readInBackground } from '../../src/targets/background-read.ts';
import { createPostgresTarget, postgresDriver } from '../../src/targets/postgres/index.ts';
import { parsePgUrl } from '../../src/targets/postgres/url.ts';
import type { Target } from '../../src/targets/contract.ts';
import { generateRepo, sizeFor } from '../../bench/generate.ts';
import { BIN, ROOT, runCli, tempDir as makeTempDir } from '../helpers.ts';
import { describeTargetConformance } from './conformance.ts';

const SERVER = inject('pgUrl');
const SKIP = inject('pgSkip');
const server = SERVER === '' ? undefined : new URL(SERVER);
const PASSWORD = server ? decodeURIComponent(server.password) : '';

/** The server's URL for `schema`, without the password (it comes from PGPASSWORD). */
function urlFor(schema: string, password = false): string {
  if (!server) throw new Error('no server');
  const u = new URL(server.href);
  if (!password) u.password = '';
  u.search = `?schema=${schema}&sslmode=disable`;
  return u.href;
}
const ENV = { env: { PGPASSWORD: PASSWORD }, cwd: ROOT };
const newSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

/** Temp dirs of this file, removed when it ends. */
const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = makeTempDir(prefix);
  dirs.push(d);
  return d;
};

let admin: PgClient;
beforeAll(async () => {
  if (!server) return;
  const p = parsePgUrl(urlFor('public'), ENV);
  if (!p.ok) throw new Error(p.reason);
  admin = await connectPg(p.target.config, 'permctl-test-admin');
});
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await admin?.end();
});

async function schemaExists(schema: string): Promise<boolean> {
  const [r] = await admin.rows('SELECT to_regnamespace($1) IS NOT NULL', [schema]);
  return r?.[0] === true;
}
async function dropSchema(schema: string): Promise<void> {
  await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
async function open(schema: string, create = true): Promise<Target> {
  const o = await postgresDriver.open(urlFor(schema), ENV, { create });
  if (!o.ok) throw new Error(JSON.stringify(o.diagnostic));
  return o.target;
}

/** Fails the (n+1)-th object write of the next apply inside the server: row triggers on every
 *  object table share one counter, rolled back with the transaction (the fault stays until the
 *  undo). */
async function pgFault(schema: string, afterN: number): Promise<() => Promise<void>> {
  const s = `"${schema}"`;
  await admin.exec(`CREATE TABLE ${s}.conformance_fault (n int); INSERT INTO ${s}.conformance_fault VALUES (${afterN});
    CREATE FUNCTION ${s}.conformance_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE ${s}.conformance_fault SET n = n - 1;
      IF (SELECT n FROM ${s}.conformance_fault) < 0 THEN RAISE EXCEPTION 'injected failure'; END IF;
      RETURN COALESCE(NEW, OLD);
    END $$;`);
  for (const table of ['queues', 'lines', 'routing_profiles', 'security_profiles', 'users']) await admin.exec(`CREATE TRIGGER fault BEFORE INSERT OR DELETE ON ${s}.${table} FOR EACH ROW EXECUTE FUNCTION ${s}.conformance_fault()`);
  await admin.exec(`CREATE TRIGGER fault_ins BEFORE INSERT ON ${s}.meta FOR EACH ROW WHEN (NEW.key = 'instance') EXECUTE FUNCTION ${s}.conformance_fault()`);
  await admin.exec(`CREATE TRIGGER fault_del BEFORE DELETE ON ${s}.meta FOR EACH ROW WHEN (OLD.key = 'instance') EXECUTE FUNCTION ${s}.conformance_fault()`);
  return async () => {
    for (const table of ['queues', 'lines', 'routing_profiles', 'security_profiles', 'users']) await admin.exec(`DROP TRIGGER fault ON ${s}.${table}`);
    await admin.exec(`DROP TRIGGER fault_ins ON ${s}.meta; DROP TRIGGER fault_del ON ${s}.meta; DROP FUNCTION ${s}.conformance_fault(); DROP TABLE ${s}.conformance_fault;`);
  };
}

if (server === undefined) {
  describe.skip(`PostgreSQL (skipped: ${SKIP})`, () => {
    it('needs a server', () => undefined);
  });
} else {
  describeTargetConformance({
    name: 'postgres',
    setup() {
      const schema = newSchema();
      return Promise.resolve({
        open: ({ create }) => open(schema, create),
        exists: () => schemaExists(schema),
        injectFailure: (n) => pgFault(schema, n),
        teardown: () => dropSchema(schema),
      });
    },
  });
}

// --- beyond the suite -------------------------------------------------------------------------

const { catalog } = loadBuiltin();
const acme = runValidate(join(ROOT, 'examples/acme'));
const BASE: TargetState = canonicalState(desiredState(acme.compiled.policy));
const META = { meta: { actor: 'test', gitCommit: null, planHash: 'sha256:test', now: new Date() } };

async function planTo(t: Target, desired: TargetState) {
  return makePlan(desired, await t.read(), { target: t.identity, now: new Date(), gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities: t.capabilities, catalog, policyFingerprint: 'sha256:p' }).plan;
}
async function historyCount(schema: string): Promise<number> {
  const [r] = await admin.rows(`SELECT count(*)::int FROM "${schema}".history`);
  return Number(r?.[0]);
}
const withUser = (login: string): TargetState => canonicalState({ ...BASE, users: [...BASE.users, { login, securityProfiles: ['Agent'] }] });

function spawnNode(args: readonly string[], env: Record<string, string>, cwd?: string) {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...(process.env.NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.NODE_OPTIONS }), ...env }, stdio: ['pipe', 'pipe', 'pipe'], ...(cwd !== undefined ? { cwd } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, out: () => stdout };
}

describe.skipIf(server === undefined)('postgres store', () => {
  it('ten concurrent apply processes from saved plans: one applies, nine are refused as stale, one history record', { timeout: 120_000 }, async () => {
    const schema = newSchema();
    try {
      const t = await open(schema);
      expect((await t.apply(await planTo(t, BASE), META)).ok).toBe(true);
      await t.close();
      // Each racer is a reviewed change in its own checkout: a saved plan is applied from its
      // repository, which apply plans again and verifies (docs/reliability.md).
      const dir = tempDir('permctl-pg-ten-');
      const repos: string[] = [];
      for (let k = 0; k < 10; k++) {
        const repo = join(dir, `repo-${k}`);
        cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
        writeFileSync(join(repo, 'users', 'racer.yaml'), `kind: Users\nusers:\n  - login: racer${k}@example.com\n    securityProfiles: [Agent]\n    routingProfile: Basic\n`);
        const planned = await runCli(['plan', repo, '--target', urlFor(schema), '--out', join(repo, 'plan.json')], { env: { PGPASSWORD: PASSWORD } });
        expect(planned.code, planned.stderr).toBe(0);
        expect(readFileSync(join(repo, 'plan.json'), 'utf8')).not.toContain(PASSWORD);
        repos.push(repo);
      }
      const runs = repos.map((repo) => spawnNode([BIN, 'apply', 'plan.json', '--target', urlFor(schema)], { PGPASSWORD: PASSWORD, PERMCTL_ACTOR: repo }, repo));
      const results = await Promise.all(runs.map((r) => r.done));
      const won = results.filter((r) => r.code === 0);
      expect(won).toHaveLength(1);
      const lost = results.filter((r) => r.code === 1);
      expect(lost).toHaveLength(9);
      for (const r of lost) expect(r.stderr).toContain('error PC603: saved plan is stale: the target changed since this plan was made');
      for (const r of results) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
      expect(await historyCount(schema)).toBe(2);
      const winner = results.findIndex((r) => r.code === 0);
      const after = await runCli(['plan', repos[winner] ?? '', '--target', urlFor(schema), '--detailed-exitcode'], { env: { PGPASSWORD: PASSWORD } });
      expect(after.code, after.stdout).toBe(0);
    } finally {
      await dropSchema(schema);
    }
  });

  it('a SIGKILL mid-transaction leaves the store exactly as before and releases the advisory lock', { timeout: 60_000 }, async () => {
    const schema = newSchema();
    try {
      const t = await open(schema);
      expect((await t.apply(await planTo(t, BASE), META)).ok).toBe(true);
      const before = await t.read();
      const plan = await planTo(t, withUser('killed@example.com'));
      const dir = tempDir('permctl-pg-kill-');
      const planFile = join(dir, 'plan.json');
      writeFileSync(planFile, JSON.stringify(plan));
      const script = join(dir, 'apply-and-hang.ts');
      const mod = (p: string): string => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
      // The child applies through a client that stops, never to return, when the apply is about
      // to append its history record: every object is written, nothing is committed.
      writeFileSync(
        script,
        `import { readFileSync } from 'node:fs';
import { connectPg } from ${mod('src/targets/postgres/client.ts')};
import { createPostgresTarget } from ${mod('src/targets/postgres/index.ts')};
import { parsePgUrl } from ${mod('src/targets/postgres/url.ts')};
const p = parsePgUrl(process.argv[2], { env: process.env, cwd: process.cwd() });
const connect = async (config) => {
  const c = await connectPg(config);
  const pause = (text) => text.includes('INSERT INTO history') && (process.stdout.write('paused\\n'), true);
  return { ...c,
    rows: (text, values) => (pause(text) ? new Promise(() => undefined) : c.rows(text, values)),
    exec: (text, values) => (pause(text) ? new Promise(() => undefined) : c.exec(text, values)),
  };
};
const t = await createPostgresTarget({ target: p.target, connect });
await t.apply(JSON.parse(readFileSync(process.argv[3], 'utf8')), { meta: { actor: 'doomed', gitCommit: null, planHash: 'x', now: new Date() } });
`,
      );
      const run = spawnNode([script, urlFor(schema), planFile], { PGPASSWORD: PASSWORD });
      for (let i = 0; i < 600 && !run.out().includes('paused'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(run.out()).toContain('paused');
      const held = async (): Promise<number> => Number((await admin.rows(`SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND granted`))[0]?.[0]);
      expect(await held()).toBe(1);
      // Inside the open transaction the user is written; outside, nobody sees it.
      expect((await t.read()).fingerprint).toBe(before.fingerprint);
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      // The server notices the closed connection, rolls back and frees the lock.
      for (let i = 0; i < 200 && (await held()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await held()).toBe(0);
      const after = await t.read();
      expect(after.fingerprint).toBe(before.fingerprint);
      expect(after.state).toEqual(before.state);
      expect(await historyCount(schema)).toBe(1);
      // Nothing is left holding the store: the same plan applies now.
      expect(await t.apply(plan, META)).toMatchObject({ ok: true });
      await t.close();
    } finally {
      await dropSchema(schema);
    }
  });

  it('plan and history never create the schema; apply does', async () => {
    const schema = newSchema();
    try {
      const repo = tempDir('permctl-pg-plan-');
      const env = { PGPASSWORD: PASSWORD, PERMCTL_ACTOR: 'ci' };
      const url = urlFor(schema);
      const p = await runCli(['plan', join(ROOT, 'examples/acme'), '--target', url], { env });
      expect(p.code).toBe(0);
      const identity = `postgres://permctl@127.0.0.1:${server?.port ?? ''}/postgres?schema=${schema}`;
      expect(p.stdout).toContain(`→ ${identity}`);
      expect(p.stderr).toContain(`info PC608: target ${identity}: the store is empty; apply will create it`);
      expect((await runCli(['history', '--target', url], { env, cwd: repo })).stdout).toContain('No applies recorded.');
      expect(await schemaExists(schema)).toBe(false);
      expect((await runCli(['apply', join(ROOT, 'examples/acme'), '--auto-approve', '--target', url], { env })).code).toBe(0);
      expect(await schemaExists(schema)).toBe(true);
      expect((await runCli(['history', '--target', url, '--format', 'json'], { env, cwd: repo })).stdout).toContain(`"target": "${identity}"`);
    } finally {
      await dropSchema(schema);
    }
  });

  // ApplyContext.basis with the snapshot's readAt (src/targets/postgres/read-at.ts): the apply
  // reads nothing again while nothing was committed since the plan's read, and reads (and so
  // catches) anything that was.
  it('an apply from the snapshot it planned from reads the store again only when something was committed since', async () => {
    const schema = newSchema();
    const statements: string[] = [];
    const p = parsePgUrl(urlFor(schema), ENV);
    if (!p.ok) throw new Error(p.reason);
    const t = await createPostgresTarget({
      target: p.target,
      connect: async (config) => {
        const c = await connectPg(config);
        return { ...c, rows: (q, v) => (statements.push(q), c.rows(q, v)), exec: (q, v) => (statements.push(q), c.exec(q, v)) };
      },
    });
    const renamed = (name: string): TargetState => ({ ...BASE, users: BASE.users.map((u, i) => (i === 0 ? { ...u, name } : u)) });
    /** Plans `desired` from a fresh read, runs `between`, then applies with that read as basis. */
    const applyFromRead = async (desired: TargetState, between: () => Promise<void>) => {
      const snapshot = await t.read();
      expect(snapshot.readAt).toMatch(/^\d+:\d+:/);
      const plan = makePlan(desired, snapshot, { target: t.identity, now: new Date(), gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities: t.capabilities, catalog, policyFingerprint: 'sha256:p' }).plan;
      await between();
      statements.length = 0;
      const r = await t.apply(plan, { ...META, basis: { snapshot } });
      // The store's read: as text (read-text.ts), or row by row (read.ts).
      return { r, readUsers: statements.some((q) => /server_encoding|FROM users u LEFT JOIN|hierarchy FROM users/.test(q)) };
    };
    try {
      expect((await t.apply(await planTo(t, BASE), META)).ok).toBe(true);
      // Nothing committed since the read: the store is not read again, and what the apply
      // records is what a fresh read finds.
      const quiet = await applyFromRead(renamed('Quiet'), () => Promise.resolve());
      expect(quiet.r.ok).toBe(true);
      expect(quiet.readUsers).toBe(false);
      if (quiet.r.ok) expect((await t.read()).fingerprint).toBe(quiet.r.fingerprint);
      // A write elsewhere in the database: read again, and applied.
      const elsewhere = await applyFromRead(renamed('Elsewhere'), () => admin.exec(`CREATE SCHEMA "${schema}_other"; CREATE TABLE "${schema}_other".t AS SELECT 1 AS x`));
      expect(elsewhere.readUsers).toBe(true);
      expect(elsewhere.r.ok).toBe(true);
      await dropSchema(`${schema}_other`);
      // The store edited outside permctl after the read: read again, and refused as stale.
      const edited = await applyFromRead(renamed('Edited'), () => admin.exec(`UPDATE "${schema}".users SET name = 'Mallory' WHERE login = $1`, [BASE.users[1]?.login]));
      expect(edited.readUsers).toBe(true);
      expect(edited.r).toMatchObject({ ok: false, reason: 'stale' });
      expect((await t.read()).state.users[0]?.name).toBe('Elsewhere');
      // The snapshot a plan reads on its own thread (run-plan.ts) carries readAt across.
      const background = readInBackground(urlFor(schema), ENV, false, true);
      const read = await background.result;
      await background.release();
      expect(read.ok && read.snapshot.readAt).toMatch(/^\d+:\d+:/);
    } finally {
      await t.close();
      await dropSchema(schema);
    }
  });

  // Without statistics the next plan's verification is planned for empty tables (and takes
  // twice as long at 50,000 users); an apply that reshapes the users analyzes what it wrote.
  it('an apply that writes many users leaves the planner statistics of what it wrote', async () => {
    const schema = newSchema();
    try {
      const repo = join(tempDir('permctl-pg-analyze-'), 'repo');
      generateRepo(repo, { ...sizeFor(300), seed: 3 });
      expect((await runCli(['apply', repo, '--auto-approve', '--target', urlFor(schema)], { env: { PGPASSWORD: PASSWORD } })).code).toBe(0);
      const tuples = await admin.rows(`SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname IN ('users', 'effective_permissions') ORDER BY 1`, [schema]);
      expect(tuples.map(([name, n]) => [name, Number(n) > 0])).toEqual([
        ['effective_permissions', true],
        ['users', true],
      ]);
      expect(Number(tuples[1]?.[1])).toBe(300);
    } finally {
      await dropSchema(schema);
    }
  });

  it('takes the password from the URL or PGPASSWORD and never shows it', async () => {
    const schema = newSchema();
    const withPw = await postgresDriver.open(urlFor(schema, true), { env: {}, cwd: ROOT }, { create: false });
    expect(withPw.ok).toBe(true);
    if (withPw.ok) {
      expect(withPw.target.identity).not.toContain(PASSWORD);
      await withPw.target.close();
    }
    const wrong = new URL(urlFor(schema, true));
    wrong.password = 'not-the-password-s3cret';
    const r = await runCli(['plan', join(ROOT, 'examples/acme'), '--target', wrong.href]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC606: target postgres:\/\/permctl@127\.0\.0\.1:\d+\/postgres\?schema=t_\w+: .*password authentication failed/);
    expect(r.stderr + r.stdout).not.toContain('s3cret');
    const none = await runCli(['plan', join(ROOT, 'examples/acme'), '--target', urlFor(schema)], { env: {} });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error PC606');
  });

  it('migrates a version 1 store inside the apply; refuses a store of a newer permctl', async () => {
    const schema = newSchema();
    try {
      const t = await open(schema);
      expect((await t.apply(await planTo(t, BASE), META)).ok).toBe(true);
      await t.close();
      await admin.exec(`SET search_path TO "${schema}"; DROP TRIGGER history_append_only ON history;
        ALTER TABLE history DROP COLUMN target, DROP COLUMN status, DROP COLUMN outcomes;
        UPDATE meta SET value = '1' WHERE key = 'schema_version'; SET search_path TO DEFAULT;`);
      const old = await open(schema, false);
      expect(await old.history?.query({})).toMatchObject([{ id: 1, target: '', status: 'applied', outcomes: [] }]);
      const version = async (): Promise<string> => String((await admin.rows(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`))[0]?.[0]);
      expect(await version()).toBe('1');
      expect((await old.apply(await planTo(old, withUser('new@example.com')), META)).ok).toBe(true);
      expect(await version()).toBe('3');
      expect((await old.history?.query({}))?.map((h) => [h.id, h.target])).toEqual([
        [2, old.identity],
        [1, ''],
      ]);
      await old.close();
      await admin.exec(`UPDATE "${schema}".meta SET value = '99' WHERE key = 'schema_version'`);
      const newer = await postgresDriver.open(urlFor(schema), ENV, { create: true });
      expect(newer).toMatchObject({ ok: false, diagnostic: { code: 'PC613', args: { found: 99, supported: 3 } } });
    } finally {
      await dropSchema(schema);
    }
  });
});
