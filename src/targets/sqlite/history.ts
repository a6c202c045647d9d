// The append-only audit trail: one record per successful apply, and the logins it touched so
// `permctl history --user` is an indexed lookup rather than a scan of every plan's JSON.
import type { Plan } from '../../plan/types.ts';
import type { ApplyMeta, HistoryQuery, HistoryRecord } from '../types.ts';
import type { Db } from './driver.ts';
import { num, optText, text } from './driver.ts';
import { jsonArrayUtf8 } from './write.ts';
import type { SQLOutputValue } from 'node:sqlite';

export const DEFAULT_HISTORY_LIMIT = 20;

export interface Fingerprints {
  readonly before: string;
  readonly after: string;
}

/** Users the apply touched: those changed, and those whose access changed through a profile.
 *  Lower-cased, as history_users stores them (schema.ts). */
function touchedLogins(plan: Plan): Set<string> {
  const logins = new Set<string>();
  for (const c of plan.changes) if (c.kind === 'user') logins.add(c.name.toLowerCase());
  for (const a of plan.access) logins.add(a.login.toLowerCase());
  return logins;
}

export function appendHistory(db: Db, plan: Plan, meta: ApplyMeta, fp: Fingerprints): number {
  const res = db
    .stmt(
      `INSERT INTO history (applied_at, actor, git_commit, plan_hash, fingerprint_before, fingerprint_after, summary, changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))`,
    )
    .run(meta.now.toISOString(), meta.actor, meta.gitCommit, meta.planHash, fp.before, fp.after, JSON.stringify(plan.summary), jsonArrayUtf8(plan.changes));
  const id = Number(res.lastInsertRowid);
  const ins = db.stmt('INSERT INTO history_users (login, history_id) VALUES (?, ?)');
  for (const login of touchedLogins(plan)) ins.run(login, id);
  return id;
}

function toRecord(r: Record<string, SQLOutputValue>): HistoryRecord {
  return {
    id: num(r.id),
    appliedAt: text(r.applied_at),
    actor: text(r.actor),
    gitCommit: optText(r.git_commit) ?? null,
    planHash: text(r.plan_hash),
    fingerprintBefore: text(r.fingerprint_before),
    fingerprintAfter: text(r.fingerprint_after),
    summary: JSON.parse(text(r.summary)) as Plan['summary'],
    changes: JSON.parse(text(r.changes)) as Plan['changes'],
  };
}

const COLUMNS = 'h.id, h.applied_at, h.actor, h.git_commit, h.plan_hash, h.fingerprint_before, h.fingerprint_after, h.summary, h.changes';

/** Newest first. The limit is clamped to a whole number >= 0: SQLite reads a negative LIMIT
 *  as "no limit". */
export function queryHistory(db: Db, query: HistoryQuery): HistoryRecord[] {
  const requested = query.limit ?? DEFAULT_HISTORY_LIMIT;
  const limit = Number.isFinite(requested) ? Math.max(0, Math.trunc(requested)) : DEFAULT_HISTORY_LIMIT;
  const rows =
    query.user === undefined
      ? db.stmt(`SELECT ${COLUMNS} FROM history h ORDER BY h.id DESC LIMIT ?`).all(limit)
      : db
          .stmt(`SELECT ${COLUMNS} FROM history_users hu JOIN history h ON h.id = hu.history_id WHERE hu.login = ? ORDER BY hu.history_id DESC LIMIT ?`)
          .all(query.user.toLowerCase(), limit);
  return rows.map(toRecord);
}
