// The SQLite store's users written as the state's text by SQLite itself
// (src/targets/sqlite/read-text.ts): wherever it answers, its text is exactly stateText of the
// state read.ts reads (so the fingerprint, the plan and the state the main thread rebuilds are
// the same); where SQLite could write something else, it declines and read.ts reads.
import { describe, expect, it } from 'vitest';
import { fillUsers, generatedUser, tempStores } from './sqlite-fixtures.ts';
import type { UserState } from '../src/plan/state.ts';
import { FINGERPRINT_SLICE, keptText, stateText } from '../src/plan/state-text.ts';
import type { Db } from '../src/targets/sqlite/driver.ts';
import { readState } from '../src/targets/sqlite/read.ts';
import { readStateText } from '../src/targets/sqlite/read-text.ts';
import { snapshotOfText, snapshotText } from '../src/targets/text-snapshot.ts';

const { store } = tempStores('permctl-text-');

const user = generatedUser;

/** Every character of the Basic Multilingual Plane below the surrogates, in names: what
 *  json_quote escapes must be what JSON.stringify escapes. */
const ESCAPES: UserState[] = Array.from({ length: 0xd800 / 0x200 }, (_, k) => ({
  login: `esc-${String(k).padStart(3, '0')}`,
  // From U+0001: a NUL is declined (see the next test).
  name: String.fromCharCode(...Array.from({ length: 0x200 }, (_, c) => k * 0x200 + c).filter((c) => c > 0)),
  securityProfiles: [`p"\\/${String.fromCharCode(1 + (k % 31))}`],
  hierarchy: '\u2028\u2029\u007f',
}));

function expectSameText(db: Db): void {
  const text = readStateText(db);
  expect(text).toBeDefined();
  expect(text).toEqual(stateText(readState(db)));
}

describe('readStateText', () => {
  // None, less than one slice, exactly two slices, and a partial third one.
  it.each([0, 7, 2 * FINGERPRINT_SLICE, 2 * FINGERPRINT_SLICE + 345])('writes exactly stateText of the state read, with %i users', (n) => {
    const db = store();
    fillUsers(db, Array.from({ length: n }, (_, i) => user(i)));
    expectSameText(db);
    expect(readStateText(db)?.users).toHaveLength(Math.ceil(n / FINGERPRINT_SLICE));
    db.close();
  });

  it('escapes every character below the surrogates as JSON.stringify does', () => {
    const db = store();
    fillUsers(db, ESCAPES);
    expectSameText(db);
    db.close();
  });

  it('declines when a character from U+D800 up could order differently from UTF-16 code units, or a NUL could be read otherwise, and read.ts reads', () => {
    for (const odd of ['a\u{1F600}@x', 'a\uFFFD@x', 'a\uE000@x', 'a\u0000@x']) {
      const db = store();
      fillUsers(db, [user(1), user(2, odd), user(3)]);
      expect(readStateText(db)).toBeUndefined();
      db.close();
    }
    const db = store();
    fillUsers(db, [user(1), { ...user(2), securityProfiles: ['Agent', 'Équipe \u{1F600}'] }]);
    expect(readStateText(db)).toBeUndefined();
    db.close();
  });

  it('declines a value the schema does not allow (tables made without STRICT outside permctl), so read.ts reports it', () => {
    /** The store with `table` made again without STRICT, then `edit` run on it. */
    const loose = (table: string, columns: string, edit: string): Db => {
      const db = store();
      fillUsers(db, [user(1), user(2), user(6)]);
      db.raw.exec('PRAGMA foreign_keys = OFF');
      db.raw.exec(`ALTER TABLE ${table} RENAME TO strict_${table}`);
      db.raw.exec(`CREATE TABLE ${table} (${columns}) WITHOUT ROWID`);
      db.raw.exec(`INSERT INTO ${table} SELECT * FROM strict_${table}`);
      db.raw.exec(edit);
      return db;
    };
    const cases = [
      loose('users', 'login TEXT PRIMARY KEY, name, routing_profile TEXT, hierarchy TEXT', `UPDATE users SET name = 42 WHERE login = '${user(2).login}'`),
      loose('user_security_profiles', 'login TEXT, profile, PRIMARY KEY (login, profile)', `INSERT INTO user_security_profiles VALUES ('${user(1).login}', 7)`),
      loose('user_recordings', 'login TEXT PRIMARY KEY, role, view_call, view_outbound, view_screen, delete_call', `UPDATE user_recordings SET view_call = 'yes'`),
    ];
    for (const db of cases) {
      expect(readStateText(db)).toBeUndefined();
      expect(() => readState(db)).toThrow(/expected (text|a number), got (number|string)/);
      db.close();
    }
  });
});

describe('a snapshot read as text', () => {
  it('builds its state only when read, once, and gives back the text it was read as', () => {
    const db = store();
    fillUsers(db, Array.from({ length: 30 }, (_, i) => user(i)));
    const text = readStateText(db);
    if (text === undefined) throw new Error('declined');
    const snapshot = snapshotOfText(text, { fingerprint: 'f', exists: true });
    expect(snapshotText(snapshot)).toBe(text);
    const state = snapshot.state;
    expect(snapshot.state).toBe(state);
    expect(JSON.stringify(state)).toBe(JSON.stringify(readState(db)));
    expect(keptText(state)).toBe(text); // never written again
    expect({ ...snapshot }.state).toBe(state); // a copy holds the state itself
    db.close();
  });
});
