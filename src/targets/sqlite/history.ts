// The append-only audit trail: one record per apply, and the logins it touched so
// `permctl history --user` is an indexed lookup rather than a scan of every plan's JSON.
import type { SQLOutputValue } from 'node:sqlite';
import type { Plan } from '../../plan/types.ts';
import type { HistoryEntry, HistoryQuery, HistoryRecord } from '../contract.ts';
import type { Db } from './driver.ts';
import { num, optText, text } from './driver.ts';
import { HISTORY_CHAIN_INDEX, storedVersion } from './schema.ts';
import { chainHash, nextHistoryId, previousChain, recordDigest } from './verify.ts';
import { jsonArrayUtf8 } from './write.ts';

export const DEFAULT_HISTORY_LIMIT = 20;

/** Users an apply touched: those changed, and those whose access changed through a profile
 *  (`access`, known to the store's own applies). Lower-cased, as history_users stores them. */
export function touchedLogins(changes: Plan['changes'], access: Plan['access'] = []): Set<string> {
  const logins = new Set<string>();
  for (const c of changes) if (c.kind === 'user') logins.add(c.name.toLowerCase());
  for (const a of access) logins.add(a.login.toLowerCase());
  return logins;
}

export function appendHistory(db: Db, entry: HistoryEntry, logins: ReadonlySet<string>): number {
  const row = {
    applied_at: entry.appliedAt,
    actor: entry.actor,
    git_commit: entry.gitCommit,
    plan_hash: entry.planHash,
    target: entry.target,
    status: entry.status,
    fingerprint_before: entry.fingerprintBefore,
    fingerprint_after: entry.fingerprintAfter,
    summary: JSON.stringify(entry.summary),
    // Written as UTF-8 buffers (issue 12: no second copy as a JS string); stored as TEXT.
    changes: jsonArrayUtf8(entry.changes),
    outcomes: jsonArrayUtf8(entry.outcomes),
  };
  // Hash-chained: this record's hash covers the one before (verify.ts checks the chain).
  db.raw.exec(HISTORY_CHAIN_INDEX); // a store made before the index has it from its next apply
  const id = nextHistoryId(db);
  const chain = chainHash(previousChain(db, id), recordDigest({ id, ...row }));
  db.stmt(
    `INSERT INTO history (id, applied_at, actor, git_commit, plan_hash, target, status, fingerprint_before, fingerprint_after, summary, changes, outcomes, chain)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?)`,
  ).run(id, row.applied_at, row.actor, row.git_commit, row.plan_hash, row.target, row.status, row.fingerprint_before, row.fingerprint_after, row.summary, row.changes, row.outcomes, chain);
  const ins = db.stmt('INSERT INTO history_users (login, history_id) VALUES (?, ?)');
  for (const login of logins) ins.run(login, id);
  return id;
}

/** A stored JSON column; a row edited outside permctl is a clear error, not an internal one. */
function json<T>(r: Record<string, SQLOutputValue>, column: string): T {
  try {
    return JSON.parse(text(r[column])) as T;
  } catch {
    throw new HistoryRowError(num(r.id), column);
  }
}

/** A history row that cannot be read: the store was edited outside permctl. */
export class HistoryRowError extends Error {
  constructor(id: number, column: string) {
    super(`history record #${id} cannot be read: its ${column} is not what permctl writes (the store was edited outside permctl)`);
  }
}

function toRecord(r: Record<string, SQLOutputValue>): HistoryRecord {
  return {
    id: num(r.id),
    appliedAt: text(r.applied_at),
    actor: text(r.actor),
    gitCommit: optText(r.git_commit) ?? null,
    planHash: text(r.plan_hash),
    target: text(r.target),
    status: text(r.status) as HistoryRecord['status'],
    fingerprintBefore: text(r.fingerprint_before),
    fingerprintAfter: text(r.fingerprint_after),
    summary: json<Plan['summary']>(r, 'summary'),
    changes: json<Plan['changes']>(r, 'changes'),
    outcomes: json<HistoryRecord['outcomes']>(r, 'outcomes'),
  };
}

const BASE = 'h.id, h.applied_at, h.actor, h.git_commit, h.plan_hash, h.fingerprint_before, h.fingerprint_after, h.summary, h.changes';
/** Version 1 stores (read, never written, by this permctl until an apply migrates them) have
 *  no target, status or outcomes: every record there is a successful apply of the store. */
const COLUMNS: Readonly<Record<number, string>> = {
  1: `${BASE}, '' AS target, 'applied' AS status, '[]' AS outcomes`,
  2: `${BASE}, h.target, h.status, h.outcomes`,
  3: `${BASE}, h.target, h.status, h.outcomes`,
};

/** Newest first. The limit is clamped to a whole number >= 0: SQLite reads a negative LIMIT
 *  as "no limit". */
export function queryHistory(db: Db, query: HistoryQuery): HistoryRecord[] {
  const version = storedVersion(db);
  if (version === undefined) return [];
  const columns = COLUMNS[version] ?? COLUMNS[3];
  const requested = query.limit ?? DEFAULT_HISTORY_LIMIT;
  const limit = Number.isFinite(requested) ? Math.max(0, Math.trunc(requested)) : DEFAULT_HISTORY_LIMIT;
  const where = query.target !== undefined && version >= 2 ? 'WHERE h.target = ?' : '';
  const targetArgs = where === '' ? [] : [query.target as string];
  const rows =
    query.user === undefined
      ? db.stmt(`SELECT ${columns} FROM history h ${where} ORDER BY h.id DESC LIMIT ?`).all(...targetArgs, limit)
      : db
          .stmt(`SELECT ${columns} FROM history_users hu JOIN history h ON h.id = hu.history_id ${where === '' ? 'WHERE' : `${where} AND`} hu.login = ? ORDER BY hu.history_id DESC LIMIT ?`)
          .all(...targetArgs, query.user.toLowerCase(), limit);
  return rows.map((r) => {
    try {
      return toRecord(r);
    } catch (e) {
      if (e instanceof HistoryRowError) throw e;
      throw new HistoryRowError(typeof r.id === 'number' ? r.id : -1, 'row');
    }
  });
}
