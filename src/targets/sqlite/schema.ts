// The store's schema. Creation is idempotent (IF NOT EXISTS) and runs on every open, so a new
// file becomes a store and an existing one is left as it is. Tables are STRICT: a value of the
// wrong type is an error, not a silently coerced row.
//
// Only rows an object owns (a profile's permissions, a user's profiles) reference their owner,
// with ON DELETE CASCADE. References between objects (a user's security profile, a routing
// profile's queues, a recording line) are not foreign keys: the store records the state a plan
// describes, the validator guarantees those references, and a target may hold objects permctl
// does not manage (unmanaged: report) that such keys would turn into apply failures.
import type { Db } from './driver.ts';
import { optText, text, transaction } from './driver.ts';

export const SCHEMA_VERSION = '1';

const OBJECTS = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS queues (
  name TEXT PRIMARY KEY,
  description TEXT
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  description TEXT
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS routing_profiles (
  name TEXT PRIMARY KEY,
  description TEXT,
  default_outbound_queue TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS routing_profile_queues (
  routing_profile TEXT NOT NULL REFERENCES routing_profiles(name) ON DELETE CASCADE,
  queue TEXT NOT NULL,
  priority REAL NOT NULL,
  delay REAL NOT NULL,
  PRIMARY KEY (routing_profile, queue)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS security_profiles (
  name TEXT PRIMARY KEY,
  description TEXT
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS security_profile_permissions (
  profile TEXT NOT NULL REFERENCES security_profiles(name) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (profile, permission)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
  login TEXT PRIMARY KEY,
  name TEXT,
  routing_profile TEXT,
  hierarchy TEXT
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_security_profiles (
  login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,
  profile TEXT NOT NULL,
  PRIMARY KEY (login, profile)
) STRICT, WITHOUT ROWID;
-- Who holds a profile: the incremental refresh after a profile's permissions change.
CREATE INDEX IF NOT EXISTS user_security_profiles_by_profile ON user_security_profiles (profile, login);
CREATE TABLE IF NOT EXISTS user_recordings (
  login TEXT PRIMARY KEY REFERENCES users(login) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('normal', 'nominee', 'agent')),
  view_call INTEGER NOT NULL CHECK (view_call IN (0, 1)),
  view_outbound INTEGER NOT NULL CHECK (view_outbound IN (0, 1)),
  view_screen INTEGER NOT NULL CHECK (view_screen IN (0, 1)),
  delete_call INTEGER NOT NULL CHECK (delete_call IN (0, 1))
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_recording_lines (
  login TEXT NOT NULL REFERENCES user_recordings(login) ON DELETE CASCADE,
  line TEXT NOT NULL,
  PRIMARY KEY (login, line)
) STRICT, WITHOUT ROWID;
`;

// Materialised effective access, for applications that ask one question per request
// ("may this user do X?") with a single primary-key lookup. Maintained by every apply, in the
// same transaction, for exactly the users the apply affects (write.ts).
//
// effective_permissions: the union of the permissions of the user's security profiles.
// effective_line_access: "may this user hear recordings of this line?" One row per line of a
// user whose recordings allow viewing call recordings, with what else they may do there.
// Users of role `agent` have no rows: their access is to their own recordings or to all of
// them (the instance's agentRecordingAccess), never scoped to lines — check user_recordings
// for them. Lines are not joined with the lines table, so a row may name a line the store
// does not (yet) hold.
/** Who holds a permission. Exported because a bulk refresh drops and rebuilds it (effective.ts). */
export const EFFECTIVE_PERMISSIONS_INDEX = 'CREATE INDEX IF NOT EXISTS effective_permissions_by_permission ON effective_permissions (permission, login)';

const EFFECTIVE = `
CREATE TABLE IF NOT EXISTS effective_permissions (
  login TEXT NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (login, permission)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS effective_line_access (
  login TEXT NOT NULL,
  line TEXT NOT NULL,
  view_outbound INTEGER NOT NULL,
  view_screen INTEGER NOT NULL,
  can_delete INTEGER NOT NULL,
  PRIMARY KEY (login, line)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS effective_line_access_by_line ON effective_line_access (line, login);
`;

// The audit trail ("View historical changes"). history_users.login holds the login lower-cased
// (JavaScript toLowerCase, as validate compares logins) so `history --user` matches any case
// through the primary key. Triggers keep both tables append-only.
const HISTORY = `
CREATE TABLE IF NOT EXISTS history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  applied_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  git_commit TEXT,
  plan_hash TEXT NOT NULL,
  fingerprint_before TEXT NOT NULL,
  fingerprint_after TEXT NOT NULL,
  summary TEXT NOT NULL,
  changes TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS history_users (
  login TEXT NOT NULL,
  history_id INTEGER NOT NULL REFERENCES history(id),
  PRIMARY KEY (login, history_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_users_no_update BEFORE UPDATE ON history_users BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_users_no_delete BEFORE DELETE ON history_users BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
`;

function storedVersion(db: Db): string | undefined {
  const hasMeta = db.raw.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).get();
  return hasMeta === undefined ? undefined : optText(db.raw.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()?.value);
}

/** Creates the schema if missing; refuses a store written by a different schema version. */
export function ensureSchema(db: Db): void {
  // The common case, an existing store, needs no write lock: opening one for `plan` must not
  // wait behind another process's long apply.
  if (storedVersion(db) === SCHEMA_VERSION) return;
  transaction(db, true, () => {
    db.raw.exec(`${OBJECTS}${EFFECTIVE}${EFFECTIVE_PERMISSIONS_INDEX};${HISTORY}`);
    const row = db.raw.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get();
    if (row === undefined) {
      db.raw.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(SCHEMA_VERSION);
    } else if (text(row.value) !== SCHEMA_VERSION) {
      throw new Error(`sqlite store has schema version ${text(row.value)}; this permctl reads version ${SCHEMA_VERSION}`);
    }
  });
}
