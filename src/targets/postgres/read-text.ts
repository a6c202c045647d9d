// The store's users as the state's canonical text (plan/state-text.ts), written by the server,
// as sqlite/read-text.ts does it for SQLite: one query returns each slice of FINGERPRINT_SLICE
// users as the JSON usersJson writes of the users read.ts would build. At 50,000 users the
// server writes it in ~0.4 s, where parsing ~200,000 rows in JavaScript, building 50,000 users
// and writing their text took ~0.8 s of the thread that reads the store, beside the main
// thread that validates meanwhile.
//
// Equal by construction where it answers, undefined (read.ts then reads as before) where it
// could differ:
// - strings are written by to_json, which escapes exactly as JSON.stringify does (the same
//   two-character escapes, \u00XX in lower case for the other control characters; a text
//   value holds no NUL and no lone surrogate);
// - lists are ordered by the "C" collation (UTF-8 bytes, code point order), the canonical
//   order compares UTF-16 code units: the two differ only for characters from U+D800 up, so
//   a text holding any is declined; a database in another encoding than UTF-8 is declined,
//   since its bytes need not sort as code points do;
// - a column of another type than the schema's (a table altered outside permctl) declines the
//   whole read, and a NULL where the schema has NOT NULL makes its user's text NULL and
//   declines the slice: read.ts then reports the value, as before.
import { FINGERPRINT_SLICE, objectsJson } from '../../plan/state-text.ts';
import type { StateText } from '../../plan/state-text.ts';
import type { PgClient } from './client.ts';
import { readObjects } from './read.ts';

/** The columns the text is written from, with the types it writes them as. */
const TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  users: { login: 'text', name: 'text', routing_profile: 'text', hierarchy: 'text' },
  user_security_profiles: { login: 'text', profile: 'text' },
  user_recordings: { login: 'text', role: 'text', view_call: 'boolean', view_outbound: 'boolean', view_screen: 'boolean', delete_call: 'boolean' },
  user_recording_lines: { login: 'text', line: 'text' },
};
const COLUMN_TYPES = `SELECT c.relname, a.attname, a.atttypid::pg_catalog.regtype::text FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  WHERE c.oid IN (${Object.keys(TYPES).map((t) => `'${t}'::pg_catalog.regclass`).join(', ')}) AND a.attnum > 0 AND NOT a.attisdropped`;

/** A string column as JSON; NULL stays NULL (the user's text is then NULL). */
const str = (c: string): string => `pg_catalog.to_json(${c})::text`;
const optStr = (c: string): string => `coalesce(${str(c)}, 'null')`;
const flag = (c: string): string => `CASE WHEN ${c} THEN 'true' WHEN NOT ${c} THEN 'false' END`;
/** Each login's `column` values as a JSON list in canonical order. */
const lists = (table: string, column: string): string => `SELECT login, '[' || string_agg(${str(column)}, ',' ORDER BY ${column} COLLATE "C") || ']' AS j FROM ${table} GROUP BY login`;

/** One user's tuple (state-text.ts `user`): login, name, profiles, routing profile, hierarchy,
 *  recordings or null. */
const USER = [
  `'[' || ${str('u.login')}`,
  optStr('u.name'),
  `coalesce(up.j, '[]')`,
  optStr('u.routing_profile'),
  optStr('u.hierarchy'),
  `CASE WHEN r.login IS NULL THEN 'null' ELSE '[' || ${[str('r.role'), flag('r.view_call'), flag('r.view_outbound'), flag('r.view_screen'), flag('r.delete_call'), `coalesce(rl.j, '[]')`].join(` || ',' || `)} || ']' END || ']'`,
].join(` || ',' || `);

/** Every slice in order: its number, its JSON, how many users it holds and how many of them
 *  have a text. */
const SLICES = `WITH up AS (${lists('user_security_profiles', 'profile')}),
  rl AS (${lists('user_recording_lines', 'line')}),
  us AS (SELECT row_number() OVER (ORDER BY u.login COLLATE "C") - 1 AS n, ${USER} AS j
    FROM users u LEFT JOIN up ON up.login = u.login LEFT JOIN user_recordings r ON r.login = u.login LEFT JOIN rl ON rl.login = u.login)
SELECT n / ${FINGERPRINT_SLICE} AS k, '[' || string_agg(j, ',' ORDER BY n) || ']', count(*), count(j) FROM us GROUP BY 1 ORDER BY 1`;

/** Characters whose order differs between the "C" collation and the canonical one. */
const DECLINED = /[\ud800-\uffff]/;

/** The store's state as its canonical text (stateText of readState), or undefined when the
 *  server's text could differ from it; then read the state (read.ts). Inside the caller's
 *  transaction. */
export async function readStateText(db: PgClient): Promise<StateText | undefined> {
  if ((await db.rows(`SELECT pg_catalog.current_setting('server_encoding')`))[0]?.[0] !== 'UTF8') return undefined;
  const types = await db.rows(COLUMN_TYPES);
  const found = new Map(types.map((r) => [`${String(r[0])}.${String(r[1])}`, r[2]]));
  for (const [table, columns] of Object.entries(TYPES)) for (const [column, type] of Object.entries(columns)) if (found.get(`${table}.${column}`) !== type) return undefined;
  const objects = objectsJson(await readObjects(db));
  const users: string[] = [];
  for (const [k, json, n, written] of await db.rows(SLICES)) {
    if (Number(k) !== users.length || typeof json !== 'string' || Number(n) !== Number(written) || DECLINED.test(json)) return undefined;
    users.push(json);
  }
  return { objects, users };
}
