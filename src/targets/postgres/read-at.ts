// Whether anything was committed to the database since a snapshot was read, so an apply that
// planned from that snapshot in this process need not read the store again inside its
// transaction (~0.45 s of the server's time at 50,000 users), as a SQLite store does with
// PRAGMA data_version (targets/sqlite/index.ts fromBasis).
//
// The read transaction (REPEATABLE READ) records its snapshot, pg_current_snapshot(): the
// transactions in progress then (xip) and the first transaction id not yet assigned (xmax).
// Under the apply's lock, every transaction the store's state could have changed by since is
// one of those or has an id from xmax up to the first one not assigned now: none of them may
// have committed. Anything the check cannot tell (a status too old to know, more than
// MAX_SINCE transactions to look at, a server before PostgreSQL 13) counts as a commit, and
// the store is read as before. Read-only transactions are given no id, so plans and
// verifications elsewhere do not count; any other write to the database does, even one to
// another schema: then the store is read again, which is only slower.
import type { PgClient } from './client.ts';

/** More transactions than this since the read: read the store instead of looking at each. */
const MAX_SINCE = 1000;

/** The snapshot of the caller's read transaction, or undefined on a server before 13 (no
 *  pg_current_snapshot). Its first statement, so the snapshot is the one the reads use. */
export async function readPosition(db: PgClient): Promise<string | undefined> {
  const [version] = await db.rows(`SELECT pg_catalog.current_setting('server_version_num')::int`);
  if (!(Number(version?.[0]) >= 130000)) return undefined;
  const [snapshot] = await db.rows('SELECT pg_catalog.pg_current_snapshot()::text');
  return typeof snapshot?.[0] === 'string' ? snapshot[0] : undefined;
}

/** How many transactions may have committed since `readAt` (pg_snapshot text): 0 only when
 *  none did. Inside the apply's transaction, after its lock and before it writes (it has no
 *  transaction id of its own yet). */
const COMMITTED_SINCE = `
WITH s AS (SELECT $1::pg_catalog.pg_snapshot AS then, pg_catalog.pg_current_snapshot() AS now),
r AS (SELECT s.then, pg_catalog.pg_snapshot_xmax(s.then)::text::bigint AS lo, pg_catalog.pg_snapshot_xmax(s.now)::text::bigint AS hi FROM s)
SELECT CASE WHEN r.hi - r.lo > ${MAX_SINCE} THEN -1 ELSE (
  SELECT count(*) FROM (
    SELECT x FROM pg_catalog.pg_snapshot_xip(r.then) x
    UNION ALL SELECT g::text::pg_catalog.xid8 FROM pg_catalog.generate_series(r.lo, r.hi - 1) g
  ) t WHERE pg_catalog.pg_xact_status(t.x) IS DISTINCT FROM 'aborted' AND pg_catalog.pg_xact_status(t.x) IS DISTINCT FROM 'in progress'
) END FROM r`;

/** True only when nothing can have been committed to the database since `readAt`. */
export async function nothingCommittedSince(db: PgClient, readAt: string): Promise<boolean> {
  const [row] = await db.rows(COMMITTED_SINCE, [readAt]);
  return Number(row?.[0]) === 0;
}
