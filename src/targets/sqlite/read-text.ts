// The store's users as the state's canonical text (plan/state-text.ts), written by SQLite
// itself: each slice of FINGERPRINT_SLICE users is one query whose result is that slice's
// JSON, byte for byte what usersJson writes of the users read.ts would build. At 50,000 users
// this is ~180 ms against ~400 ms for reading 50,000 user objects and writing their text, and
// the thread that reads the store (plan's worker) allocates almost nothing that survives: its
// allocations are what slowed the main thread, which validates on the other core meanwhile.
//
// Equal by construction where it answers, undefined (read.ts then reads as before) where it
// could differ:
// - strings are written by json_quote, which escapes exactly as JSON.stringify does (test:
//   every character of the Basic Multilingual Plane); a NUL, which Node 22's node:sqlite reads
//   as the end of the text, is declined;
// - lists are ordered by SQLite's BINARY collation (UTF-8 bytes, code point order), the
//   canonical order compares UTF-16 code units: the two differ only for characters from
//   U+D800 up (surrogate pairs against U+E000–U+FFFF), so a slice holding any is declined;
// - a value of a type the schema does not allow (a store edited outside permctl, with tables
//   that are not STRICT) makes its user's text NULL, and the slice is declined: read.ts reads
//   it and reports the value, as before.
import { FINGERPRINT_SLICE, objectsJson } from '../../plan/state-text.ts';
import type { StateText } from '../../plan/state-text.ts';
import type { Db } from './driver.ts';
import { num } from './driver.ts';
import { readObjects } from './read.ts';

/** A text column as JSON: NULL (the user is declined) for anything but text. */
const str = (c: string): string => `CASE typeof(${c}) WHEN 'text' THEN json_quote(${c}) END`;
/** An optional text column: null when NULL. */
const optStr = (c: string): string => `CASE typeof(${c}) WHEN 'text' THEN json_quote(${c}) WHEN 'null' THEN 'null' END`;
/** A flag column as read.ts's bool() reads it: any number but 0 is true. */
const flag = (c: string): string => `CASE WHEN typeof(${c}) IN ('integer', 'real') THEN iif(${c} <> 0, 'true', 'false') END`;
/** A user's child rows as a JSON list of their `column`, ordered; NULL when one is not text. */
const list = (table: string, column: string): string =>
  `(SELECT CASE WHEN count(*) = 0 THEN '[]' WHEN count(*) = count(${str(`x.${column}`)}) THEN '[' || group_concat(${str(`x.${column}`)}, ',' ORDER BY x.${column}) || ']' END FROM ${table} x WHERE x.login = u.login)`;

/** One user's tuple (state-text.ts `user`): login, name, profiles, routing profile, hierarchy,
 *  recordings or null. */
const USER = [
  `'[' || ${str('u.login')}`,
  optStr('u.name'),
  list('user_security_profiles', 'profile'),
  optStr('u.routing_profile'),
  optStr('u.hierarchy'),
  `CASE WHEN r.login IS NULL THEN 'null' ELSE '[' || ${[str('r.role'), flag('r.view_call'), flag('r.view_outbound'), flag('r.view_screen'), flag('r.delete_call'), list('user_recording_lines', 'line')].join(` || ',' || `)} || ']' END || ']'`,
].join(` || ',' || `);

/** A slice of users after a login (or from the first): its JSON, its last login, how many users
 *  it holds and how many of them have a text (fewer: a value the schema does not allow). */
const slice = (where: string): string => `SELECT '[' || group_concat(j, ',' ORDER BY login) || ']', max(login), count(*), count(j) FROM (
  SELECT u.login AS login, ${USER} AS j FROM users u LEFT JOIN user_recordings r ON r.login = u.login ${where} ORDER BY u.login LIMIT ${FINGERPRINT_SLICE})`;
const FIRST = slice('');
const NEXT = slice('WHERE u.login > ?');

/** Characters whose order differs between SQLite's BINARY collation and the canonical one,
 *  and NUL (json_quote writes it as \u0000), which node:sqlite of Node 22 reads as the end of
 *  a text value: read.ts reads what this Node reads. */
const DECLINED = /[\ud800-\uffff]|\\u0000/;

/** The store's state as its canonical text (stateText of readState), or undefined when SQLite's
 *  text could differ from it; then read the state (read.ts). Inside the caller's transaction. */
export function readStateText(db: Db): StateText | undefined {
  const objects = objectsJson(readObjects(db));
  const users: string[] = [];
  let last: string | undefined;
  for (;;) {
    const [json, after, n, written] = (last === undefined ? db.tuples(FIRST) : db.tuples(NEXT, last))[0] ?? [];
    const count = num(n);
    if (count === 0) return { objects, users };
    if (num(written) !== count || typeof json !== 'string' || typeof after !== 'string' || DECLINED.test(json)) return undefined;
    users.push(json);
    if (count < FINGERPRINT_SLICE) return { objects, users };
    last = after;
  }
}
