// Stores that detect tampering: a SQLite store edited behind permctl's back (triggers dropped,
// rows inserted, edited or deleted) is reported by `history --verify` (errors) and by every
// `plan` (warnings); a history row that cannot be read is a clear error, never an internal one.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.ts';
import { expectUnreadableRecord, renameBen } from './tamper-setup.ts';
import { openDb } from '../src/targets/sqlite/driver.ts';
import { permissionMismatch } from '../src/targets/sqlite/verify-access.ts';
import { permissionRows } from '../src/targets/sqlite/verify.ts';
import type { Tamper } from './tamper-setup.ts';

let repo: string;
let db: string;
let target: string;

const cli = (...args: string[]) => runCli(args, { cwd: repo });
const sql = (statements: string): void => {
  const d = new DatabaseSync(db);
  try {
    d.exec(statements);
  } finally {
    d.close();
  }
};
const DROP_TRIGGERS = ['history_no_update', 'history_no_delete', 'history_users_no_update', 'history_users_no_delete'].map((t) => `DROP TRIGGER ${t};`).join('');

beforeEach(async () => {
  const dir = tempDir('permctl-tamper-');
  repo = join(dir, 'repo');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
  db = join(dir, 'store.db');
  target = `sqlite:${db}`;
  // Three recorded applies: the initial one, then two edits.
  expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(0);
  for (const name of ['Ben O.', 'Ben Okafor']) {
    renameBen(repo, name);
    expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(0);
  }
});

const TAMPERS: readonly Tamper[] = [
  { name: 'a row inserted into effective_permissions', sql: `INSERT INTO effective_permissions (login, permission) VALUES ('ben@example.com', 'Users.EditPermission')`, finds: /1 row of the access tables/ },
  { name: 'a row deleted from effective_permissions', sql: `DELETE FROM effective_permissions WHERE (login, permission) IN (SELECT login, permission FROM effective_permissions LIMIT 1)`, finds: /access tables/ },
  { name: 'a row inserted into effective_line_access', sql: `INSERT INTO effective_line_access VALUES ('ben@example.com', 'support-uk', 1, 1, 1)`, finds: /access tables/ },
  { name: 'one permission of a user swapped for another', sql: `DELETE FROM effective_permissions WHERE (login, permission) IN (SELECT login, permission FROM effective_permissions WHERE login = 'ben@example.com' LIMIT 1); INSERT INTO effective_permissions (login, permission) VALUES ('ben@example.com', 'Users.EditPermission')`, finds: /2 rows of the access tables/ },
  { name: 'access rows for a login that is no user', sql: `INSERT INTO effective_permissions (login, permission) VALUES ('nobody@example.com', 'Users.EditPermission'), ('nobody@example.com', 'Users.View')`, finds: /2 rows of the access tables/ },
  { name: 'a permission holding the separator the check joins with', sql: `INSERT INTO effective_permissions (login, permission) VALUES ('ben@example.com', 'Users.View' || char(31) || 'Users.Edit')`, finds: /1 row of the access tables/ },
  { name: 'a profile granted without its access rows (foreign keys off)', sql: `PRAGMA foreign_keys = OFF; INSERT INTO user_security_profiles (login, profile) VALUES ('nobody@example.com', 'Admin')`, finds: /rows of the access tables/ },
  { name: "all of a user's access rows deleted", sql: `DELETE FROM effective_permissions WHERE login = (SELECT min(login) FROM user_security_profiles)`, finds: /rows of the access tables/ },
  // A login's profiles replaced by one whose name is the others joined by the separator the
  // check joins keys with: the check declines (it would read the key as the original profiles
  // and find the old rows right); the EXCEPTs count them all.
  {
    name: 'a profile named after the separator-joined names of a set of profiles',
    sql: `PRAGMA foreign_keys = OFF;
      CREATE TEMP TABLE victim AS SELECT login, group_concat(profile, char(31)) AS joined FROM (SELECT login, profile FROM user_security_profiles WHERE login = (SELECT login FROM user_security_profiles GROUP BY login HAVING count(*) >= 2 ORDER BY login LIMIT 1) ORDER BY profile) GROUP BY login;
      DELETE FROM user_security_profiles WHERE login IN (SELECT login FROM victim);
      INSERT INTO user_security_profiles (login, profile) SELECT login, joined FROM victim;`,
    finds: /rows of the access tables/,
  },
  { name: 'a user edited in the object tables', sql: `UPDATE users SET name = 'Mallory' WHERE login = 'ben@example.com'`, finds: /not what the last recorded apply \(#3\) left/ },
  { name: 'a history record edited (triggers dropped)', sql: `${DROP_TRIGGERS} UPDATE history SET actor = 'someone-else' WHERE id = 2`, finds: /record #2 was edited/ },
  { name: 'a history record removed from the middle', sql: `${DROP_TRIGGERS} DELETE FROM history_users WHERE history_id = 2; DELETE FROM history WHERE id = 2`, finds: /records #2–#2 were removed/ },
  { name: 'the last history record removed', sql: `${DROP_TRIGGERS} DELETE FROM history_users WHERE history_id = 3; DELETE FROM history WHERE id = 3`, finds: /not what the last recorded apply \(#2\) left/ },
  { name: 'the whole history removed', sql: `${DROP_TRIGGERS} DELETE FROM history_users; DELETE FROM history; UPDATE users SET name = 'Mallory' WHERE login = 'ben@example.com'`, finds: /./ },
  { name: 'a record forged without a hash', sql: `INSERT INTO history (applied_at, actor, plan_hash, fingerprint_before, fingerprint_after, summary, changes) SELECT applied_at, 'forged', plan_hash, fingerprint_after, fingerprint_after, summary, '[]' FROM history WHERE id = 3`, finds: /record #4 has no hash although the records before it do/ },
  { name: 'a record and its hash rewritten', sql: `${DROP_TRIGGERS} UPDATE history SET actor = 'x', chain = 'sha256:0000' WHERE id = 1`, finds: /record #1 was edited/ },
];

describe('stores that detect tampering', () => {
  it('an untouched store verifies, and plan says nothing about it', async () => {
    const v = await cli('history', '--verify', '--target', target);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('History verified');
    const p = await cli('plan', '--target', target);
    expect(p.stderr).not.toMatch(/PC64[56]/);
  });

  it.each(TAMPERS.filter((t) => t.name !== 'the whole history removed'))('$name: history --verify fails, plan warns', async (t) => {
    sql(t.sql);
    const v = await cli('history', '--verify', '--target', target);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/error PC645: /);
    expect(v.stderr).toMatch(t.finds);
    const p = await cli('plan', '--target', target);
    expect(p.stderr).toMatch(/warning PC645: /);
    expect(p.stderr).not.toMatch(/internal error/);
    // plan reads and verifies the store in one pass (its own, faster access-table check): it
    // finds exactly what history --verify finds.
    const found = (out: string, severity: string): string[] => out.split('\n').flatMap((l) => l.split(`${severity} PC645: `).slice(1));
    expect(found(p.stderr, 'warning')).toEqual(found(v.stderr, 'error'));
    // Both use the per-login check; where it answers, it counts what the EXCEPTs count.
    const d = openDb(db, { readOnly: true });
    try {
      const fast = permissionMismatch(d);
      if (fast !== undefined) expect(fast).toBe(permissionRows(d));
    } finally {
      d.close();
    }
  });

  it('the whole history removed and an object edited: the edit still shows in plan', async () => {
    sql(TAMPERS.find((t) => t.name === 'the whole history removed')?.sql ?? '');
    const p = await cli('plan', '--target', target, '--detailed-exitcode');
    expect(p.code).toBe(2); // the edited name is a change back to the policy
    expect(p.stdout).toMatch(/Mallory/);
  });

  it.each(['summary', 'changes', 'outcomes'])('a history row whose %s is not JSON is a clear error', async (column) => {
    sql(`${DROP_TRIGGERS} UPDATE history SET ${column} = '{not json' WHERE id = 2`);
    await expectUnreadableRecord(cli, target, column);
  });

  it('a history row with a wrong type is a clear error', async () => {
    // STRICT tables refuse a wrong type, so rebuild the table without STRICT first.
    sql(`${DROP_TRIGGERS} CREATE TABLE h2 AS SELECT * FROM history; DROP TABLE history_users; DROP TABLE history; ALTER TABLE h2 RENAME TO history; UPDATE history SET git_commit = x'00ff', actor = 42 WHERE id = 3;`);
    const h = await cli('history', '--target', target);
    expect(h.stderr).not.toMatch(/internal error/);
  });
});

export const TAMPERED_STORE_CASES = TAMPERS.length + 3 + 1;
