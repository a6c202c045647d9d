// The access-table check of verify.ts for a plan: effective_permissions is compared with what
// each login's profiles give one login at a time, as one aggregate row per login, instead of
// two EXCEPTs over every (login, permission) pair, which sort the whole table twice (at 50,000
// users ~330,000 rows, ~370 ms). Each distinct set of profiles is expanded once. A login whose
// row differs is then compared exactly, so the count of rows reported is the one the EXCEPTs
// give. The profiles are read from user_security_profiles itself, every row as the EXCEPTs
// join them (a login that is not a user included), so the check needs no user objects: plan's
// reading thread reads the users as text (read-text.ts) and never builds them.
import type { Db } from './driver.ts';
import { num, text } from './driver.ts';

/** Separates a login's permissions in group_concat; a permission holding it takes the exact
 *  path (exactMismatch), so two different lists never join to the same text. */
const SEP = '\u001f';

interface Expected {
  /** The permissions, sorted, joined by SEP. */
  readonly text: string;
  readonly set: ReadonlySet<string>;
}

const NONE: Expected = { text: '', set: new Set() };

/** Rows of effective_permissions that the users' profiles (user_security_profiles joined with
 *  security_profile_permissions) do not give, plus rows they give that are missing; undefined
 *  when the fast comparison cannot be exact (a permission holding SEP): the caller then
 *  compares the tables in SQL. */
export function permissionMismatch(db: Db): number | undefined {
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
  const bySet = new Map<string, Expected>();
  const expectedOf = (profiles: readonly string[]): Expected => {
    const key = JSON.stringify(profiles);
    let e = bySet.get(key);
    if (e === undefined) {
      const set = new Set(profiles.flatMap((p) => granted.get(p) ?? []));
      e = { text: [...set].sort().join(SEP), set };
      bySet.set(key, e);
    }
    return e;
  };
  const expected = new Map<string, Expected>();
  let owed = 0; // logins whose profiles give them permissions
  // A login's rows are consecutive (ORDER BY login): its list ends where the login changes.
  let login: string | undefined;
  let profiles: string[] = [];
  const settle = (): void => {
    if (login === undefined) return;
    const e = expectedOf(profiles);
    expected.set(login, e);
    if (e.set.size > 0) owed++;
  };
  const held = db.rows('SELECT login, profile FROM user_security_profiles ORDER BY login, profile');
  for (let r = held.next(); r.done !== true; r = held.next()) {
    const [l, p] = r.value;
    if (l !== login) {
      settle();
      login = text(l);
      profiles = [];
    }
    profiles.push(text(p));
  }
  settle();
  let rows = 0;
  let seen = 0;
  for (const [login, n, joined] of db.tuples(`SELECT login, count(*), group_concat(permission, '${SEP}') FROM effective_permissions GROUP BY login`)) {
    const l = text(login);
    const e = expected.get(l) ?? NONE;
    if (e.set.size > 0) seen++;
    // Same count and same text: the same permissions (none of the expected ones holds SEP).
    if (num(n) !== e.set.size || joined !== e.text) rows += exactMismatch(db, l, e.set);
  }
  if (seen < owed) {
    // Some logins have no rows at all: all of theirs are missing.
    const stored = new Set(db.tuples('SELECT DISTINCT login FROM effective_permissions').map((r) => text(r[0])));
    for (const [login, e] of expected) if (!stored.has(login)) rows += e.set.size;
  }
  return rows;
}

/** The rows one login has that it should not, plus those it lacks. */
function exactMismatch(db: Db, login: string, expected: ReadonlySet<string>): number {
  const stored = new Set(db.tuples('SELECT permission FROM effective_permissions WHERE login = ?', login).map((r) => text(r[0])));
  let rows = 0;
  for (const p of stored) if (!expected.has(p)) rows++;
  for (const p of expected) if (!stored.has(p)) rows++;
  return rows;
}
