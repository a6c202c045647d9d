// The access-table check of verify.ts for a plan: effective_permissions is compared with what
// each login's profiles give inside SQLite, one aggregate row per login, and only the logins
// that differ come back to JavaScript, instead of two EXCEPTs over every (login, permission)
// pair, which sort the whole table twice (at 50,000 users ~330,000 rows, ~370 ms), and instead
// of bringing every login's rows into JavaScript to compare there (100,000 strings at 50,000
// users, on the thread that shares the machine with the main thread's validation). Each
// distinct set of profiles is expanded once, in JavaScript; a login whose row differs is then
// compared exactly, so the count of rows reported is the one the EXCEPTs give. The profiles are
// read from user_security_profiles itself, every row as the EXCEPTs join them (a login that is
// not a user included), so the check needs no user objects: plan's reading thread reads the
// users as text (read-text.ts) and never builds them.
import type { SQLOutputValue } from 'node:sqlite';
import type { Db } from './driver.ts';
import { text } from './driver.ts';

/** Separates names in group_concat. A name holding it could make two different lists join to
 *  the same text, so the check declines a store that has one (the EXCEPTs then count). */
const SEP = '\u001f';

/** A login's profiles, as one key: joined by SEP, in the order of the table's primary key
 *  (login, profile). Nothing depends on that order but speed: a key is expanded to its
 *  permissions wherever it comes from, so a key written in another order is still read right.
 *  (An ORDER BY in the aggregates would sort every login's rows again: 120 ms against 50.) */
const PROFILES_OF = (login: string): string => `(SELECT group_concat(p.profile, char(31)) FROM user_security_profiles p WHERE p.login = ${login})`;

/** Every distinct set of profiles a login holds. */
const DISTINCT_SETS = `SELECT DISTINCT profiles FROM (SELECT group_concat(profile, char(31)) AS profiles FROM user_security_profiles GROUP BY login)`;

/** Logins whose access rows are not, in number or in text, what their profiles give (the
 *  parameter: a JSON list of [profiles key, count, permissions joined by SEP] for every key of
 *  DISTINCT_SETS); a login without profiles matches no key and gives nothing. Its permissions
 *  are joined in the primary key's order too: one in another order only takes the exact
 *  comparison. A plain `?`: node:sqlite of Node 22.16 cannot bind a numbered `?1`. */
const DIFFERING = `WITH expected(profiles, n, joined) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
SELECT s.login, s.profiles FROM (
  SELECT e.login AS login, count(*) AS n, group_concat(e.permission, char(31)) AS joined, ${PROFILES_OF('e.login')} AS profiles
  FROM effective_permissions e GROUP BY e.login) s
LEFT JOIN expected x ON x.profiles = s.profiles
WHERE x.n IS NOT s.n OR x.joined IS NOT s.joined`;

/** Logins that hold profiles and have no access rows at all, with their profiles' key. */
const WITHOUT_ROWS = `SELECT l.login, ${PROFILES_OF('l.login')} FROM (SELECT DISTINCT login FROM user_security_profiles) l
WHERE NOT EXISTS (SELECT 1 FROM effective_permissions e WHERE e.login = l.login)`;

/** Rows of effective_permissions that the users' profiles (user_security_profiles joined with
 *  security_profile_permissions) do not give, plus rows they give that are missing; undefined
 *  when the fast comparison cannot be exact (a name holding SEP): the caller then compares the
 *  tables in SQL. */
export function permissionMismatch(db: Db): number | undefined {
  if (db.tuples(`SELECT 1 FROM user_security_profiles WHERE instr(profile, char(31)) > 0 LIMIT 1`).length > 0) return undefined;
  // As the tables are joined when they are built (effective.ts): by profile name, whether or
  // not security_profiles still holds the profile.
  const granted = new Map<string, string[]>();
  for (const [profile, permission] of db.tuples('SELECT profile, permission FROM security_profile_permissions')) {
    const p = text(permission);
    if (p.includes(SEP)) return undefined;
    const list = granted.get(text(profile));
    if (list === undefined) granted.set(text(profile), [p]);
    else list.push(p);
  }
  // What each key gives: its profiles' permissions, expanded once per key.
  const gives = new Map<string, ReadonlySet<string>>();
  const setOf = (key: SQLOutputValue | undefined): ReadonlySet<string> => {
    if (key === null || key === undefined) return NONE; // no profiles: nothing
    const k = text(key);
    let set = gives.get(k);
    if (set === undefined) gives.set(k, (set = new Set(k.split(SEP).flatMap((p) => granted.get(p) ?? []))));
    return set;
  };
  // Sorted by code unit; SQLite sorts by UTF-8 byte, which differs only from U+D800 up: such a
  // login differs in the text and is then compared exactly.
  const expected = db.tuples(DISTINCT_SETS).map(([key]) => {
    const set = setOf(key);
    return [text(key), set.size, [...set].sort().join(SEP)];
  });
  let rows = 0;
  for (const [login, key] of db.tuples(DIFFERING, JSON.stringify(expected))) rows += exactMismatch(db, text(login), setOf(key));
  for (const [, key] of db.tuples(WITHOUT_ROWS)) rows += setOf(key).size; // all of theirs are missing
  return rows;
}

const NONE: ReadonlySet<string> = new Set();

/** The rows one login has that it should not, plus those it lacks. */
function exactMismatch(db: Db, login: string, expected: ReadonlySet<string>): number {
  const stored = new Set(db.tuples('SELECT permission FROM effective_permissions WHERE login = ?', login).map((r) => text(r[0])));
  let rows = 0;
  for (const p of stored) if (!expected.has(p)) rows++;
  for (const p of expected) if (!stored.has(p)) rows++;
  return rows;
}
