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
import { optText, transaction } from './driver.ts';

/** 1: the first store. 2: history records target, status and outcomes. */
export const SCHEMA_VERSION = 3;

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

/** Each record's chain hash by id, which the next record's hash covers (history.ts): read
 *  through the table, the chain column, after the record's changes, is reached by following
 *  every overflow page of them (24 MB at 50,000 users, read into a writer's page cache as
 *  fresh memory); through this index, in one page. Created with the history table, and by the
 *  first apply of a store made before it (history.ts), with no schema version of its own: an
 *  older permctl reads and writes the store as before. */
export const HISTORY_CHAIN_INDEX = 'CREATE INDEX IF NOT EXISTS history_chain ON history (id, chain)';

// The audit trail ("View historical changes"): one record per apply, of this store or (as the
// history store of a live target) of the target named in `target`. history_users.login holds
// the login lower-cased (JavaScript toLowerCase, as validate compares logins) so
// `history --user` matches any case through the primary key. Triggers keep both tables
// append-only.
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
  changes TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'partial', 'failed')),
  outcomes TEXT NOT NULL DEFAULT '[]',
  chain TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS history_users (
  login TEXT NOT NULL,
  history_id INTEGER NOT NULL REFERENCES history(id),
  PRIMARY KEY (login, history_id)
) STRICT, WITHOUT ROWID;
${HISTORY_CHAIN_INDEX};
CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_users_no_update BEFORE UPDATE ON history_users BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_users_no_delete BEFORE DELETE ON history_users BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
`;

/** Migrations to version N, from version N-1: run in order inside the apply transaction. */
const MIGRATIONS: Readonly<Record<number, string>> = {
  // 2: history records the target, the status and per-change outcomes (live targets).
  2: `ALTER TABLE history ADD COLUMN target TEXT NOT NULL DEFAULT '';
      ALTER TABLE history ADD COLUMN status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'partial', 'failed'));
      ALTER TABLE history ADD COLUMN outcomes TEXT NOT NULL DEFAULT '[]';`,
  // 3: each record carries the hash of the chain up to it (history.ts, verify.ts). Records
  // written before are chained by verify.ts on the fly.
  3: `ALTER TABLE history ADD COLUMN chain TEXT;`,
};

/** The store's schema version; undefined when the file holds no store yet. */
export function storedVersion(db: Db): number | undefined {
  const hasMeta = db.raw.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).get();
  if (hasMeta === undefined) return undefined;
  const v = optText(db.raw.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()?.value);
  return v === undefined ? undefined : Number(v);
}

/** Thrown for a store written by a newer permctl: this one must not read or write it. */
export class NewerStoreError extends Error {
  readonly found: number;
  constructor(found: number) {
    super(`the store has schema version ${found}; this permctl reads up to version ${SCHEMA_VERSION}`);
    this.found = found;
  }
}

/** Refuses a store newer than this permctl. Safe without a transaction (reads only). */
export function checkVersion(db: Db): number | undefined {
  const v = storedVersion(db);
  if (v !== undefined && !(v <= SCHEMA_VERSION)) throw new NewerStoreError(v);
  return v;
}

/** Creates the schema, or migrates an older one, inside the caller's write transaction (the
 *  apply's own, so a failed apply leaves the store as it was, schema included). True when the
 *  store was already of this version, and nothing was written. */
export function ensureSchemaIn(db: Db): boolean {
  const v = checkVersion(db);
  if (v === SCHEMA_VERSION) return true;
  if (v !== undefined) {
    for (let to = v + 1; to <= SCHEMA_VERSION; to++) {
      // 3 adds a column; a store edited by hand (or by a test) may have it already.
      if (to === 3 && db.raw.prepare(`SELECT 1 FROM pragma_table_info('history') WHERE name = 'chain'`).get() !== undefined) continue;
      db.raw.exec(MIGRATIONS[to] ?? '');
    }
  }
  db.raw.exec(`${OBJECTS}${EFFECTIVE}${EFFECTIVE_PERMISSIONS_INDEX};${HISTORY}`);
  db.raw.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(SCHEMA_VERSION));
  return false;
}

/** ensureSchemaIn in a transaction of its own (a history store opened for appending). */
export function ensureSchema(db: Db): void {
  if (checkVersion(db) === SCHEMA_VERSION) return;
  transaction(db, true, () => void ensureSchemaIn(db));
}
