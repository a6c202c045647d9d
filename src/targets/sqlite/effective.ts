// Keeps the materialised effective-access tables (see schema.ts) in step with the object
// tables, in the apply's own transaction, so a reader never sees objects and effective rows
// disagree. Incremental: only users whose access can have changed are recomputed. When that is
// most of the store (the first apply, a change to a profile everyone holds), one bulk rebuild
// does the same work several times faster than user by user.
import type { Db } from './driver.ts';
import { num, text } from './driver.ts';
import { EFFECTIVE_PERMISSIONS_INDEX } from './schema.ts';
import type { Written } from './write.ts';

/** Below this many affected users, row-by-row always wins; above it, see `isBulk`. */
const BULK_MIN_USERS = 1000;

// The union of the permissions of the user's profiles; a profile the store does not hold
// grants nothing. OR IGNORE drops permissions two profiles share: several times cheaper than
// DISTINCT, which builds a temporary b-tree per statement.
const PERMISSIONS_FROM = `FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile`;
const PERMISSIONS_SELECT = `SELECT usp.login, spp.permission ${PERMISSIONS_FROM}`;

// Agents are never line-scoped (schema.ts), so they get no rows here.
const LINES_FROM = `FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login WHERE r.view_call = 1 AND r.role <> 'agent'`;
const LINES_SELECT = `SELECT r.login, l.line, r.view_outbound, r.view_screen, r.delete_call ${LINES_FROM}`;

/** Users whose permissions the apply can have changed: those it wrote so (Written), plus every
 *  user holding a profile whose permissions changed. */
export function affectedLogins(db: Db, written: Written): Set<string> {
  const logins = new Set(written.permissionUsers);
  const holders = db.stmt('SELECT login FROM user_security_profiles WHERE profile = ?');
  for (const p of written.profiles) for (const r of holders.all(p)) logins.add(text(r.login));
  return logins;
}

/** Recomputes the effective rows of `logins`' permissions and `lineLogins`' line access; a
 *  deleted user's rows are removed, not replaced. Only rows that differ are written: a row the
 *  user keeps is neither deleted nor inserted again (OR IGNORE finds it and writes nothing).
 *  Most users an apply writes keep their access (a new routing profile, a new name), and every
 *  page an apply dirties is written twice more at commit, to the log and back into the file:
 *  deleting and re-inserting all their rows made the commit of a 1% change at 200,000 users
 *  several times larger. */
export function refreshUsers(db: Db, logins: ReadonlySet<string>, lineLogins: ReadonlySet<string>): void {
  // The login is bound twice, to plain `?`s: node:sqlite of Node 22.16 binds a numbered `?1`
  // given twice as two parameters ("column index out of range").
  const delPerms = db.stmt(`DELETE FROM effective_permissions WHERE login = ? AND permission NOT IN (SELECT spp.permission ${PERMISSIONS_FROM} WHERE usp.login = ?)`);
  const delLines = db.stmt(`DELETE FROM effective_line_access WHERE login = ? AND (line, view_outbound, view_screen, can_delete) NOT IN (SELECT l.line, r.view_outbound, r.view_screen, r.delete_call ${LINES_FROM} AND r.login = ?)`);
  const insPerms = db.stmt(`INSERT OR IGNORE INTO effective_permissions (login, permission) ${PERMISSIONS_SELECT} WHERE usp.login = ?`);
  // OR IGNORE: a row of the same line with other flags was deleted above, so a row still
  // there is the very row this would insert.
  const insLines = db.stmt(`INSERT OR IGNORE INTO effective_line_access (login, line, view_outbound, view_screen, can_delete) ${LINES_SELECT} AND r.login = ?`);
  for (const login of logins) {
    delPerms.run(login, login);
    insPerms.run(login);
  }
  for (const login of lineLogins) {
    delLines.run(login, login);
    insLines.run(login);
  }
}

/** Recomputes every user's rows. The (permission, login) index is dropped and built again
 *  after the insert: built from sorted rows it costs far less than millions of scattered
 *  inserts. Inside the apply's transaction, so other connections never see it missing. */
export function rebuildAll(db: Db): void {
  db.raw.exec(`
    DELETE FROM effective_permissions;
    DELETE FROM effective_line_access;
    DROP INDEX IF EXISTS effective_permissions_by_permission;
    INSERT OR IGNORE INTO effective_permissions (login, permission) ${PERMISSIONS_SELECT} ORDER BY 1, 2;`);
  withSortRuns(db, () => db.raw.exec(EFFECTIVE_PERMISSIONS_INDEX));
  db.raw.exec(`INSERT INTO effective_line_access (login, line, view_outbound, view_screen, can_delete) ${LINES_SELECT};`);
}

/** Page cache while the index is built: SQLite's sorter sorts runs of up to this much. */
const SORT_RUN_KIB = 4096;

/** Runs `build` (a CREATE INDEX) with the sorter cutting its input into small runs, each sorted
 *  on a helper thread while the connection reads on, then merged. SQLite sorts up to a page
 *  cache's worth of records (64 MiB, driver.ts) as one linked list: at 200,000 users the index
 *  holds 1.3 million rows, more than that, and the sort's pointer chasing misses the CPU caches
 *  on every step; it took 6-7x its 50,000-user time for 4x the rows. 4 MiB runs fit in them,
 *  and two threads sort them: 1.4 s -> 0.7 s at 200,000 users (0.23 -> 0.21 s at 50,000),
 *  peak RSS 55 MB lower. The settings are the connection's own and put back afterwards. */
function withSortRuns(db: Db, build: () => void): void {
  const cache = num(db.tuples('PRAGMA cache_size')[0]?.[0]);
  const threads = num(db.tuples('PRAGMA threads')[0]?.[0]);
  db.raw.exec(`PRAGMA threads = 2; PRAGMA cache_size = -${SORT_RUN_KIB}`);
  try {
    build();
  } finally {
    db.raw.exec(`PRAGMA threads = ${threads}; PRAGMA cache_size = ${cache}`);
  }
}

function isBulk(db: Db, affected: number): boolean {
  if (affected < BULK_MIN_USERS) return false;
  const users = num(db.tuples('SELECT count(*) FROM users')[0]?.[0]);
  return affected * 2 > users;
}

/** Brings both effective tables up to date after `writeChanges`. When the users written are
 *  already most of the store (the first apply), the holders of changed profiles need not be
 *  looked up one by one: everything is rebuilt anyway. */
export function refreshEffective(db: Db, written: Written): void {
  if (isBulk(db, written.users.size)) return rebuildAll(db);
  const logins = affectedLogins(db, written);
  if (isBulk(db, new Set([...logins, ...written.lineUsers]).size)) rebuildAll(db);
  else refreshUsers(db, logins, written.lineUsers);
}
