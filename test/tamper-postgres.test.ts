// Stores that detect tampering, PostgreSQL: as test/tamper-store.test.ts for SQLite, a store
// edited behind permctl's back (triggers disabled, rows inserted, edited or deleted) is reported
// by `history --verify` (errors) and every `plan` (warnings), with the same codes and words; a
// history row that cannot be read is a clear error; a store of schema version 2 (before the
// chain) is migrated by the next apply and its earlier records are chained from then on.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgClient } from '../src/targets/postgres/client.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';
import { expectUnreadableRecord, renameBen } from './tamper-setup.ts';
import type { Tamper } from './tamper-setup.ts';
import { PG_ENV, PG_SKIP, dropPgSchema, inSchema, newPgSchema, pgAdmin, pgServer, pgUrlFor } from './pg/store.ts';

let admin: PgClient;
let repo: string;
let schema: string;
let target: string;

const cli = (...args: string[]) => runCli(args, { cwd: repo, env: PG_ENV });
const sql = (statements: string): Promise<void> => inSchema(admin, schema, statements);
const UNGUARD = 'ALTER TABLE history DISABLE TRIGGER USER; ALTER TABLE history_users DISABLE TRIGGER USER';

/** Renames Ben and applies the change: one more recorded apply. */
async function applyRenamed(to: string): Promise<void> {
  renameBen(repo, to);
  const r = await cli('apply', '.', '--auto-approve', '--target', target);
  expect(r.code, r.stderr).toBe(0);
}

// The SQLite cases (tamper-store.test.ts), in PostgreSQL's words.
const TAMPERS: readonly Tamper[] = [
  { name: 'a row inserted into effective_permissions', sql: `INSERT INTO effective_permissions (login, permission) VALUES ('ben@example.com', 'Users.EditPermission')`, finds: /1 row of the access tables/ },
  { name: 'a row deleted from effective_permissions', sql: `DELETE FROM effective_permissions WHERE (login, permission) IN (SELECT login, permission FROM effective_permissions LIMIT 1)`, finds: /1 row of the access tables/ },
  { name: 'a row inserted into effective_line_access', sql: `INSERT INTO effective_line_access VALUES ('ben@example.com', 'support-uk', true, true, true)`, finds: /access tables/ },
  { name: 'a row of effective_line_access edited', sql: `UPDATE effective_line_access SET can_delete = NOT can_delete WHERE (login, line) IN (SELECT login, line FROM effective_line_access LIMIT 1)`, finds: /2 rows of the access tables/ },
  { name: 'a user edited in the object tables', sql: `UPDATE users SET name = 'Mallory' WHERE login = 'ben@example.com'`, finds: /not what the last recorded apply \(#3\) left/ },
  { name: 'a permission added to a profile', sql: `INSERT INTO security_profile_permissions VALUES ('Agent', 'Users.EditPermission')`, finds: /not what the last recorded apply \(#3\) left/ },
  { name: 'a history record edited (triggers disabled)', sql: `${UNGUARD}; UPDATE history SET actor = 'someone-else' WHERE id = 2`, finds: /record #2 was edited/ },
  { name: 'a history record removed from the middle', sql: `${UNGUARD}; DELETE FROM history_users WHERE history_id = 2; DELETE FROM history WHERE id = 2`, finds: /records #2–#2 were removed/ },
  { name: 'the last history record removed', sql: `${UNGUARD}; DELETE FROM history_users WHERE history_id = 3; DELETE FROM history WHERE id = 3`, finds: /not what the last recorded apply \(#2\) left/ },
  { name: 'a record and its hash rewritten', sql: `${UNGUARD}; UPDATE history SET actor = 'x', chain = 'sha256:0000' WHERE id = 1`, finds: /record #1 was edited/ },
  { name: 'a record renumbered', sql: `${UNGUARD}; ALTER TABLE history_users DROP CONSTRAINT history_users_history_id_fkey; UPDATE history SET id = 7 WHERE id = 3`, finds: /record #7 was edited|records #3–#6 were removed/ },
  { name: 'a record forged without a hash (trigger dropped)', sql: `DROP TRIGGER history_append_only ON history; INSERT INTO history (id, applied_at, actor, plan_hash, fingerprint_before, fingerprint_after, summary, changes) SELECT 4, applied_at, 'forged', plan_hash, fingerprint_after, fingerprint_after, summary, '[]' FROM history WHERE id = 3`, finds: /record #4 has no hash although the records before it do/ },
];

if (pgServer === undefined) {
  describe.skip(`PostgreSQL tamper evidence (skipped: ${PG_SKIP})`, () => {
    it('needs a server', () => undefined);
  });
}

describe.skipIf(pgServer === undefined)('a PostgreSQL store detects tampering', () => {
  beforeAll(async () => {
    admin = await pgAdmin();
  });
  afterAll(async () => {
    await admin?.end();
  });
  beforeEach(async () => {
    repo = join(tempDir('permctl-pg-tamper-'), 'repo');
    cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
    schema = newPgSchema();
    target = pgUrlFor(schema);
    // Three recorded applies: the initial one, then two edits.
    const r = await cli('apply', '.', '--auto-approve', '--target', target);
    expect(r.code, r.stderr).toBe(0);
    await applyRenamed('Ben O.');
    await applyRenamed('Ben Okafor');
  });
  afterEach(async () => {
    await dropPgSchema(admin, schema);
  });

  it('an untouched store verifies, and plan says nothing about it', async () => {
    const v = await cli('history', '--verify', '--target', target);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('History verified');
    const p = await cli('plan', '--target', target);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).not.toMatch(/PC64[56]/);
  });

  // The server hashes each record (verify.ts DIGEST) where the apply hashed it in JavaScript
  // (recordDigest): they must agree on every byte, lengths in UTF-8 bytes included.
  it('a record holding two-, three- and four-byte characters verifies as the apply hashed it', async () => {
    await applyRenamed('Bén Ökafor 日本 😀');
    const v = await cli('history', '--verify', '--target', target);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('History verified');
  });

  it.each(TAMPERS)('$name: history --verify fails, plan warns', async (t) => {
    await sql(t.sql);
    const v = await cli('history', '--verify', '--target', target);
    expect(v.code, v.stdout).toBe(1);
    expect(v.stderr).toMatch(/error PC645: /);
    expect(v.stderr).toMatch(t.finds);
    const p = await cli('plan', '--target', target);
    expect(p.stderr).toMatch(/warning PC645: /);
    expect(p.stderr).not.toMatch(/internal error/);
  });

  it('the whole history removed and an object edited: the edit still shows in plan', async () => {
    await sql(`${UNGUARD}; DELETE FROM history_users; DELETE FROM history; UPDATE users SET name = 'Mallory' WHERE login = 'ben@example.com'`);
    const p = await cli('plan', '--target', target, '--detailed-exitcode');
    expect(p.code).toBe(2);
    expect(p.stdout).toMatch(/Mallory/);
  });

  it.each(['summary', 'changes', 'outcomes'])('a history row whose %s is not JSON is a clear error', async (column) => {
    await sql(`${UNGUARD}; UPDATE history SET ${column} = '{not json' WHERE id = 2`);
    await expectUnreadableRecord(cli, target, column);
  });

  it.each([
    ['a NULL actor', `ALTER TABLE history ALTER COLUMN actor DROP NOT NULL; UPDATE history SET actor = NULL WHERE id = 3`, 'actor'],
    ['a summary that is a list', `UPDATE history SET summary = '[]' WHERE id = 3`, 'summary'],
    ['changes that are an object', `UPDATE history SET changes = '{}' WHERE id = 3`, 'changes'],
    ['an unknown status', `ALTER TABLE history DROP CONSTRAINT history_status_check; UPDATE history SET status = 'odd' WHERE id = 3`, 'status'],
  ])('a history row with %s is a clear error', async (_name, statements, column) => {
    await sql(`${UNGUARD}; ${statements}`);
    const h = await cli('history', '--target', target);
    expect(h.code).toBe(1);
    expect(h.stderr).toMatch(new RegExp(`error PC646: .*history record #3 cannot be read: its ${column}`));
    expect(h.stderr).not.toMatch(/internal error/);
  });

  it('a store of schema version 2 (no chain) verifies, is migrated by the next apply, and its old records are covered from then on', async () => {
    await sql(`${UNGUARD}; ALTER TABLE history DROP COLUMN chain; UPDATE meta SET value = '2' WHERE key = 'schema_version'; ALTER TABLE history ENABLE TRIGGER USER; ALTER TABLE history_users ENABLE TRIGGER USER`);
    expect((await cli('history', '--verify', '--target', target)).code).toBe(0);
    await applyRenamed('Ben O.');
    const [version] = await admin.rows(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`);
    expect(version?.[0]).toBe('3');
    const chains = await admin.rows(`SELECT id, chain IS NOT NULL FROM "${schema}".history ORDER BY id`);
    expect(chains).toEqual([
      ['1', false],
      ['2', false],
      ['3', false],
      ['4', true],
    ]);
    expect((await cli('history', '--verify', '--target', target)).code).toBe(0);
    // Record #2 was written before the chain; #4's hash covers it all the same.
    await sql(`${UNGUARD}; UPDATE history SET actor = 'someone-else' WHERE id = 2`);
    const v = await cli('history', '--verify', '--target', target);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/record #4 was edited or a record before it removed/);
  });
});

export const PG_TAMPERED_STORE_CASES = TAMPERS.length + 1 + 3 + 4 + 1;
