// The append-only audit trail in PostgreSQL: as sqlite/history.ts. Records are hash-chained
// (verify.ts) with the same digest as the SQLite store's, and a row edited outside permctl is
// the same clear error (HistoryRowError), never an internal one.
import type { Plan } from '../../plan/types.ts';
import type { HistoryEntry, HistoryQuery, HistoryRecord } from '../contract.ts';
import { HistoryRowError } from '../sqlite/history.ts';
import { chainHash, recordDigest } from '../sqlite/verify.ts';
import type { PgClient } from './client.ts';
import { nextLink } from './verify.ts';

export const DEFAULT_HISTORY_LIMIT = 20;

export function touchedLogins(changes: Plan['changes'], access: Plan['access'] = []): string[] {
  const logins = new Set<string>();
  for (const c of changes) if (c.kind === 'user') logins.add(c.name.toLowerCase());
  for (const a of access) logins.add(a.login.toLowerCase());
  return [...logins];
}

/** Appends one record, chained to the one before. The caller holds the store's apply lock. */
export async function appendHistory(db: PgClient, e: HistoryEntry, logins: readonly string[]): Promise<number> {
  const { id, previous } = await nextLink(db);
  const row = {
    id,
    applied_at: e.appliedAt,
    actor: e.actor,
    git_commit: e.gitCommit,
    plan_hash: e.planHash,
    target: e.target,
    status: e.status,
    fingerprint_before: e.fingerprintBefore,
    fingerprint_after: e.fingerprintAfter,
    summary: JSON.stringify(e.summary),
    changes: JSON.stringify(e.changes),
    outcomes: JSON.stringify(e.outcomes),
  };
  const chain = chainHash(previous, recordDigest(row));
  await db.exec(
    `INSERT INTO history (id, applied_at, actor, git_commit, plan_hash, target, status, fingerprint_before, fingerprint_after, summary, changes, outcomes, chain)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [id, row.applied_at, row.actor, row.git_commit, row.plan_hash, row.target, row.status, row.fingerprint_before, row.fingerprint_after, row.summary, row.changes, row.outcomes, chain],
  );
  if (logins.length > 0) await db.exec('INSERT INTO history_users (login, history_id) SELECT unnest($1::text[]), $2', [logins, id]);
  return id;
}

const BASE = 'h.id, h.applied_at, h.actor, h.git_commit, h.plan_hash, h.fingerprint_before, h.fingerprint_after, h.summary, h.changes';
const COLUMNS: Readonly<Record<number, string>> = {
  1: `${BASE}, '' AS target, 'applied' AS status, '[]' AS outcomes`,
  2: `${BASE}, h.target, h.status, h.outcomes`,
  3: `${BASE}, h.target, h.status, h.outcomes`,
};

const NAMES = ['id', 'applied_at', 'actor', 'git_commit', 'plan_hash', 'fingerprint_before', 'fingerprint_after', 'summary', 'changes', 'target', 'status', 'outcomes'] as const;
const STATUSES: ReadonlySet<unknown> = new Set(['applied', 'partial', 'failed']);

/** One row as a record; a column that is not what permctl writes (a NULL where NOT NULL was
 *  dropped, JSON that does not parse or is not an object or list) is a HistoryRowError. */
function toRecord(r: readonly unknown[]): HistoryRecord {
  const id = Number(r[0]);
  const s = (i: number): string => {
    if (typeof r[i] !== 'string') throw new HistoryRowError(id, NAMES[i] ?? 'row');
    return r[i];
  };
  const json = (i: number, list: boolean): unknown => {
    let v: unknown;
    try {
      v = JSON.parse(s(i));
    } catch {
      throw new HistoryRowError(id, NAMES[i] ?? 'row');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) !== list) throw new HistoryRowError(id, NAMES[i] ?? 'row');
    return v;
  };
  if (!STATUSES.has(r[10])) throw new HistoryRowError(id, 'status');
  return {
    id,
    appliedAt: s(1),
    actor: s(2),
    gitCommit: r[3] === null ? null : s(3),
    planHash: s(4),
    fingerprintBefore: s(5),
    fingerprintAfter: s(6),
    summary: json(7, false) as Plan['summary'],
    changes: json(8, true) as Plan['changes'],
    target: s(9),
    status: s(10) as HistoryRecord['status'],
    outcomes: json(11, true) as HistoryRecord['outcomes'],
  };
}

/** Newest first; `version` is the store's schema version (a version 1 store is read as is). */
export async function queryHistory(db: PgClient, version: number, q: HistoryQuery): Promise<HistoryRecord[]> {
  const requested = q.limit ?? DEFAULT_HISTORY_LIMIT;
  const limit = Number.isFinite(requested) ? Math.max(0, Math.trunc(requested)) : DEFAULT_HISTORY_LIMIT;
  const columns = COLUMNS[version] ?? COLUMNS[3];
  const conds: string[] = [];
  const args: unknown[] = [];
  if (q.target !== undefined && version >= 2) conds.push(`h.target = $${args.push(q.target)}`);
  if (q.user !== undefined) conds.push(`h.id IN (SELECT history_id FROM history_users WHERE login = $${args.push(q.user.toLowerCase())})`);
  const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '';
  const rows = await db.rows(`SELECT ${columns} FROM history h ${where} ORDER BY h.id DESC LIMIT $${args.push(limit)}`, args);
  return rows.map(toRecord);
}
