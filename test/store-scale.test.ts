// The store's large-apply paths give exactly what the simple ones give: the streamed store
// fingerprint equals the fingerprint of the state read whole, the history's changes column
// written from UTF-8 slices equals JSON.stringify of the whole list, and the bulk rebuild of
// the effective tables, whose index is sorted in runs on two threads, leaves a whole index.
import { describe, expect, it } from 'vitest';
import { fillUsers, generatedUser, tempStores } from './sqlite-fixtures.ts';
import { stateFingerprint } from '../src/plan/fingerprint.ts';
import type { TargetState } from '../src/plan/state.ts';
import { openDb } from '../src/targets/sqlite/driver.ts';
import { ensureSchema } from '../src/targets/sqlite/schema.ts';
import { readState, storeFingerprint } from '../src/targets/sqlite/read.ts';
import { jsonArrayUtf8 } from '../src/targets/sqlite/write.ts';
import { rebuildAll } from '../src/targets/sqlite/effective.ts';

const { store, path: storePath } = tempStores('permctl-scale-');

const user = generatedUser;

describe('storeFingerprint', () => {
  // 0, less than one slice, exactly two slices, and a partial third one.
  it.each([0, 7, 10_000, 12_345])('equals the fingerprint of the whole state read, with %i users', (n) => {
    const db = store();
    fillUsers(db, Array.from({ length: n }, (_, i) => user(i)));
    const whole: TargetState = readState(db);
    expect(whole.users).toHaveLength(n);
    expect(storeFingerprint(db)).toBe(stateFingerprint(whole));
    db.close();
  });

  it('falls back to the whole state when the store orders logins differently from UTF-16 code units', () => {
    const db = store();
    // UTF-8 bytes put U+FFFD before U+1F600; code units put the surrogate pair first.
    const logins = ['a\u{1F600}@x', 'a\uFFFD@x', 'b@x', 'a@x'];
    fillUsers(db, logins.map((l, i) => user(i, l)));
    const whole = readState(db);
    expect(whole.users.map((u) => u.login)).toEqual(['a@x', 'a\u{1F600}@x', 'a\uFFFD@x', 'b@x']);
    expect(storeFingerprint(db)).toBe(stateFingerprint(whole));
    db.close();
  });
});

describe('readState', () => {
  it('reads users past child rows of logins the users table lacks (a store written without foreign keys)', () => {
    const db = store();
    const users = Array.from({ length: 50 }, (_, i) => user(i));
    fillUsers(db, users);
    const expected = readState(db);
    db.raw.exec('PRAGMA foreign_keys = OFF');
    db.stmt(`INSERT INTO user_security_profiles (login, profile) VALUES ('user.000010@example.com0', 'Ghost')`).run();
    db.stmt(`INSERT INTO user_recordings (login, role, view_call, view_outbound, view_screen, delete_call) VALUES ('user.000020@example.com0', 'normal', 1, 0, 0, 0)`).run();
    db.stmt(`INSERT INTO user_recording_lines (login, line) VALUES ('user.000020@example.com0', 'line-1')`).run();
    const read = readState(db);
    expect(read).toEqual(expected);
    expect(read.users.map((u) => u.login)).toEqual(users.map((u) => u.login));
    expect(storeFingerprint(db)).toBe(stateFingerprint(read));
    db.close();
  });
});

describe('jsonArrayUtf8', () => {
  it.each([0, 1, 99, 100, 101, 1999, 2000, 2001, 4000, 9001])('is JSON.stringify of %i values as UTF-8', (n) => {
    const values = Array.from({ length: n }, (_, i) => ({ i, name: i % 10 === 0 ? `Nguyễn \u{1F600} ${i}` : `n${i}`, nothing: undefined, list: [i, null] }));
    expect(jsonArrayUtf8(values).toString('utf8')).toBe(JSON.stringify(values));
  });

  it('is stored as the same text a string would be', () => {
    const db = store();
    const values = [{ name: 'Siobhán \u{1F600}' }, { name: "O'Brien" }];
    db.raw.exec(`CREATE TABLE t (x TEXT NOT NULL) STRICT`);
    db.stmt('INSERT INTO t (x) VALUES (CAST(? AS TEXT))').run(jsonArrayUtf8(values));
    expect(db.stmt(`SELECT x, typeof(x) AS type FROM t`).get()).toEqual({ x: JSON.stringify(values), type: 'text' });
    db.close();
  });
});

describe('rebuildAll', () => {
  it('builds the (permission, login) index from many sort runs whole, and puts the connection settings back', () => {
    const db = store();
    const users = Array.from({ length: 8000 }, (_, i) => user(i));
    fillUsers(db, users);
    // ~20 permissions per user with long names: ~150,000 index rows, ~8 MB of sort keys, so
    // the sorter's 4 MiB runs are several and are merged.
    const perms = (p: string, n: number): string[] => Array.from({ length: n }, (_, j) => `${p}.Permission.With.A.Long.Name.${String(j).padStart(3, '0')}`);
    const grants = [...Array.from({ length: 7 }, (_, t) => [`Team-${t}`, perms(`Team${t}`, 8)] as const), ['Billing', perms('Billing', 12)] as const];
    db.raw.exec('BEGIN');
    for (const [profile] of grants) db.stmt('INSERT INTO security_profiles (name) VALUES (?)').run(profile);
    for (const [profile, list] of grants) for (const p of list) db.stmt('INSERT INTO security_profile_permissions (profile, permission) VALUES (?, ?)').run(profile, p);
    const settings = (): unknown[] => ['cache_size', 'threads'].map((n) => db.tuples(`PRAGMA ${n}`)[0]?.[0]);
    const before = settings();
    rebuildAll(db);
    db.raw.exec('COMMIT');
    expect(settings()).toEqual(before);
    expect(db.tuples('PRAGMA integrity_check')).toEqual([['ok']]);
    const expected = users.reduce((n, u) => n + new Set(u.securityProfiles.flatMap((p) => (p === 'Agent' ? ['BasicAgentAccess'] : (grants.find(([g]) => g === p)?.[1] ?? [])))).size, 0);
    expect(expected).toBeGreaterThan(120_000);
    const byIndex = db.tuples('SELECT count(*) FROM effective_permissions INDEXED BY effective_permissions_by_permission WHERE permission > ?', '');
    expect(byIndex).toEqual([[expected]]);
    db.close();
  });
});

describe('page cache', () => {
  it('is 64 MiB for a writer (the first apply inserts at hundreds of places in an index) and the default for a reader (one pass over each table)', () => {
    const path = storePath();
    const writer = openDb(path);
    ensureSchema(writer);
    expect(writer.tuples('PRAGMA cache_size')).toEqual([[-65536]]);
    const reader = openDb(path, { readOnly: true });
    expect(reader.tuples('PRAGMA cache_size')).toEqual([[-2000]]);
    reader.close();
    writer.close();
  });
});
