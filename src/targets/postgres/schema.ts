// The PostgreSQL store's schema: the same tables as the SQLite store (see sqlite/schema.ts for
// what each holds), in the schema named by ?schema= (default "permctl"). Every statement runs
// with search_path set to that schema (SET LOCAL in each transaction), so names are unqualified.
//
// Applications query the materialised effective-access tables (docs/targets.md):
//   effective_permissions (login, permission)      PRIMARY KEY (login, permission), index (permission, login)
//   effective_line_access (login, line, view_outbound, view_screen, can_delete)
//                                                  PRIMARY KEY (login, line), index (line, login)
import type { PgClient } from './client.ts';

/** 1: the first layout (history without target, status, outcomes). 2: history records target,
 *  status and outcomes. 3: each record carries the hash of the chain up to it (verify.ts). The
 *  numbering is the SQLite store's: both stores change together. */
export const SCHEMA_VERSION = 3;

const OBJECTS = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queues (name TEXT PRIMARY KEY, description TEXT);
CREATE TABLE IF NOT EXISTS lines (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  description TEXT,
  -- Checked at commit: a plan may swap two lines' numbers.
  CONSTRAINT lines_number_unique UNIQUE (number) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE IF NOT EXISTS routing_profiles (name TEXT PRIMARY KEY, description TEXT, default_outbound_queue TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS routing_profile_queues (
  routing_profile TEXT NOT NULL REFERENCES routing_profiles(name) ON DELETE CASCADE,
  queue TEXT NOT NULL,
  priority DOUBLE PRECISION NOT NULL,
  delay DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (routing_profile, queue)
);
CREATE TABLE IF NOT EXISTS security_profiles (name TEXT PRIMARY KEY, description TEXT);
CREATE TABLE IF NOT EXISTS security_profile_permissions (
  profile TEXT NOT NULL REFERENCES security_profiles(name) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (profile, permission)
);
CREATE TABLE IF NOT EXISTS users (login TEXT PRIMARY KEY, name TEXT, routing_profile TEXT, hierarchy TEXT);
CREATE TABLE IF NOT EXISTS user_security_profiles (
  login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,
  profile TEXT NOT NULL,
  PRIMARY KEY (login, profile)
);
CREATE INDEX IF NOT EXISTS user_security_profiles_by_profile ON user_security_profiles (profile, login);
CREATE TABLE IF NOT EXISTS user_recordings (
  login TEXT PRIMARY KEY REFERENCES users(login) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('normal', 'nominee', 'agent')),
  view_call BOOLEAN NOT NULL,
  view_outbound BOOLEAN NOT NULL,
  view_screen BOOLEAN NOT NULL,
  delete_call BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS user_recording_lines (
  login TEXT NOT NULL REFERENCES user_recordings(login) ON DELETE CASCADE,
  line TEXT NOT NULL,
  PRIMARY KEY (login, line)
);
CREATE TABLE IF NOT EXISTS effective_permissions (login TEXT NOT NULL, permission TEXT NOT NULL, PRIMARY KEY (login, permission));
CREATE INDEX IF NOT EXISTS effective_permissions_by_permission ON effective_permissions (permission, login);
CREATE TABLE IF NOT EXISTS effective_line_access (
  login TEXT NOT NULL,
  line TEXT NOT NULL,
  view_outbound BOOLEAN NOT NULL,
  view_screen BOOLEAN NOT NULL,
  can_delete BOOLEAN NOT NULL,
  PRIMARY KEY (login, line)
);
CREATE INDEX IF NOT EXISTS effective_line_access_by_line ON effective_line_access (line, login);
`;

const HISTORY = `
CREATE TABLE IF NOT EXISTS history (
  id BIGSERIAL PRIMARY KEY,
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
);
CREATE TABLE IF NOT EXISTS history_users (
  login TEXT NOT NULL,
  history_id BIGINT NOT NULL REFERENCES history(id),
  PRIMARY KEY (login, history_id)
);
CREATE OR REPLACE FUNCTION permctl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'history is append-only'; END $$;
DROP TRIGGER IF EXISTS history_append_only ON history;
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history FOR EACH ROW EXECUTE FUNCTION permctl_append_only();
DROP TRIGGER IF EXISTS history_users_append_only ON history_users;
CREATE TRIGGER history_users_append_only BEFORE UPDATE OR DELETE ON history_users FOR EACH ROW EXECUTE FUNCTION permctl_append_only();
-- TRUNCATE skips row triggers.
DROP TRIGGER IF EXISTS history_no_truncate ON history;
CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON history FOR EACH STATEMENT EXECUTE FUNCTION permctl_append_only();
`;

/** Migrations to version N from N-1, run in order inside the apply transaction. */
const MIGRATIONS: Readonly<Record<number, string>> = {
  2: `ALTER TABLE history ADD COLUMN IF NOT EXISTS target TEXT NOT NULL DEFAULT '';
      ALTER TABLE history ADD COLUMN IF NOT EXISTS status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'partial', 'failed'));
      ALTER TABLE history ADD COLUMN IF NOT EXISTS outcomes TEXT NOT NULL DEFAULT '[]';`,
  // 3: the hash chain. Records written before it are chained by verify.ts as they are read, and
  // the first record appended after the migration continues that chain.
  3: `ALTER TABLE history ADD COLUMN IF NOT EXISTS chain TEXT;`,
};

export class NewerStoreError extends Error {
  readonly found: number;
  constructor(found: number) {
    super(`the store has schema version ${found}; this permctl reads up to version ${SCHEMA_VERSION}`);
    this.found = found;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The schema version of the store in the current search_path; undefined when there is none
 *  (the schema or its meta table does not exist: nothing is created to find out). */
export async function storedVersion(db: PgClient): Promise<number | undefined> {
  const [row] = await db.rows(`SELECT to_regclass('meta') IS NOT NULL`);
  if (row?.[0] !== true) return undefined;
  const [v] = await db.rows(`SELECT value FROM meta WHERE key = 'schema_version'`);
  return v === undefined ? undefined : Number(v[0]);
}

export async function checkVersion(db: PgClient): Promise<number | undefined> {
  const v = await storedVersion(db);
  if (v !== undefined && !(v <= SCHEMA_VERSION)) throw new NewerStoreError(v);
  return v;
}

/** Creates the schema and its tables, or migrates an older store; inside the caller's
 *  transaction, after its advisory lock (so two first applies cannot race). True when the
 *  store was current already (nothing written). */
export async function ensureSchemaIn(db: PgClient, schema: string): Promise<boolean> {
  const v = await checkVersion(db);
  if (v === SCHEMA_VERSION) return true;
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  if (v !== undefined) for (let to = v + 1; to <= SCHEMA_VERSION; to++) await db.exec(MIGRATIONS[to] ?? '');
  await db.exec(OBJECTS + HISTORY);
  await db.exec(`INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(SCHEMA_VERSION)]);
  return false;
}
