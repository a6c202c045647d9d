// The append-only audit trail: one record per apply, and the logins it touched so
// `permctl history --user` is an indexed lookup rather than a scan of every plan's JSON.
import type { SQLOutputValue } from 'node:sqlite';
import type { Plan } from '../../plan/types.ts';
import type { HistoryEntry, HistoryQuery, HistoryRecord } from '../contract.ts';
import type { Db } from './driver.ts';
import { num, optText, text } from './driver.ts';
import { storedVersion } from './schema.ts';
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
  const res = db
    .stmt(
      `INSERT INTO history (applied_at, actor, git_commit, plan_hash, target, status, fingerprint_before, fingerprint_after, summary, changes, outcomes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT))`,
    )
    .run(
      entry.appliedAt,
      entry.actor,
      entry.gitCommit,
      entry.planHash,
      entry.target,
      entry.status,
      entry.fingerprintBefore,
      entry.fingerprintAfter,
      JSON.stringify(entry.summary),
      jsonArrayUtf8(entry.changes),
      jsonArrayUtf8(entry.outcomes),
    );
  const id = Number(res.lastInsertRowid);
  const ins = db.stmt('INSERT INTO history_users (login, history_id) VALUES (?, ?)');
  for (const login of logins) ins.run(login, id);
  return id;
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
    summary: JSON.parse(text(r.summary)) as Plan['summary'],
    changes: JSON.parse(text(r.changes)) as Plan['changes'],
    outcomes: JSON.parse(text(r.outcomes)) as HistoryRecord['outcomes'],
  };
}

const BASE = 'h.id, h.applied_at, h.actor, h.git_commit, h.plan_hash, h.fingerprint_before, h.fingerprint_after, h.summary, h.changes';
/** Version 1 stores (read, never written, by this permctl until an apply migrates them) have
 *  no target, status or outcomes: every record there is a successful apply of the store. */
const COLUMNS: Readonly<Record<number, string>> = {
  1: `${BASE}, '' AS target, 'applied' AS status, '[]' AS outcomes`,
  2: `${BASE}, h.target, h.status, h.outcomes`,
};

/** Newest first. The limit is clamped to a whole number >= 0: SQLite reads a negative LIMIT
 *  as "no limit". */
export function queryHistory(db: Db, query: HistoryQuery): HistoryRecord[] {
  const version = storedVersion(db);
  if (version === undefined) return [];
  const columns = COLUMNS[version] ?? (COLUMNS[2]);
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
  return rows.map(toRecord);
}
