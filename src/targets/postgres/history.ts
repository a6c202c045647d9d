// The append-only audit trail in PostgreSQL: as sqlite/history.ts.
import type { Plan } from '../../plan/types.ts';
import type { HistoryEntry, HistoryQuery, HistoryRecord } from '../contract.ts';
import type { PgClient } from './client.ts';

export const DEFAULT_HISTORY_LIMIT = 20;

export function touchedLogins(changes: Plan['changes'], access: Plan['access'] = []): string[] {
  const logins = new Set<string>();
  for (const c of changes) if (c.kind === 'user') logins.add(c.name.toLowerCase());
  for (const a of access) logins.add(a.login.toLowerCase());
  return [...logins];
}

export async function appendHistory(db: PgClient, e: HistoryEntry, logins: readonly string[]): Promise<number> {
  const [row] = await db.rows(
    `INSERT INTO history (applied_at, actor, git_commit, plan_hash, target, status, fingerprint_before, fingerprint_after, summary, changes, outcomes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [e.appliedAt, e.actor, e.gitCommit, e.planHash, e.target, e.status, e.fingerprintBefore, e.fingerprintAfter, JSON.stringify(e.summary), JSON.stringify(e.changes), JSON.stringify(e.outcomes)],
  );
  const id = Number(row?.[0]);
  if (logins.length > 0) await db.exec('INSERT INTO history_users (login, history_id) SELECT unnest($1::text[]), $2', [logins, id]);
  return id;
}

const BASE = 'h.id, h.applied_at, h.actor, h.git_commit, h.plan_hash, h.fingerprint_before, h.fingerprint_after, h.summary, h.changes';
const COLUMNS: Readonly<Record<number, string>> = {
  1: `${BASE}, '' AS target, 'applied' AS status, '[]' AS outcomes`,
  2: `${BASE}, h.target, h.status, h.outcomes`,
};

function toRecord(r: readonly unknown[]): HistoryRecord {
  const s = (i: number): string => String(r[i]);
  return {
    id: Number(r[0]),
    appliedAt: s(1),
    actor: s(2),
    gitCommit: r[3] === null ? null : s(3),
    planHash: s(4),
    fingerprintBefore: s(5),
    fingerprintAfter: s(6),
    summary: JSON.parse(s(7)) as Plan['summary'],
    changes: JSON.parse(s(8)) as Plan['changes'],
    target: s(9),
    status: s(10) as HistoryRecord['status'],
    outcomes: JSON.parse(s(11)) as HistoryRecord['outcomes'],
  };
}

/** Newest first; `version` is the store's schema version (a version 1 store is read as is). */
export async function queryHistory(db: PgClient, version: number, q: HistoryQuery): Promise<HistoryRecord[]> {
  const requested = q.limit ?? DEFAULT_HISTORY_LIMIT;
  const limit = Number.isFinite(requested) ? Math.max(0, Math.trunc(requested)) : DEFAULT_HISTORY_LIMIT;
  const columns = COLUMNS[version] ?? (COLUMNS[2]);
  const conds: string[] = [];
  const args: unknown[] = [];
  if (q.target !== undefined && version >= 2) conds.push(`h.target = $${args.push(q.target)}`);
  if (q.user !== undefined) conds.push(`h.id IN (SELECT history_id FROM history_users WHERE login = $${args.push(q.user.toLowerCase())})`);
  const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '';
  const rows = await db.rows(`SELECT ${columns} FROM history h ${where} ORDER BY h.id DESC LIMIT $${args.push(limit)}`, args);
  return rows.map(toRecord);
}
