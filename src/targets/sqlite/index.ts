// The embedded store, `sqlite:PATH` (Node's built-in node:sqlite). An apply is one
// BEGIN IMMEDIATE transaction that re-checks the plan's fingerprint, writes, refreshes the
// effective-access tables and appends history — all of it or nothing. The write lock plus
// busy_timeout serialise applies from several processes: the second waits, then sees the new
// fingerprint and is refused as stale.
import { stateFingerprint } from '../../plan/fingerprint.ts';
import { ALL_KINDS } from '../../plan/state.ts';
import type { Plan } from '../../plan/types.ts';
import type { ApplyMeta, ApplyResult, Target, TargetSnapshot } from '../types.ts';
import type { Db } from './driver.ts';
import { openDb, transaction } from './driver.ts';
import { refreshEffective } from './effective.ts';
import { appendHistory, queryHistory } from './history.ts';
import { readState, storeFingerprint } from './read.ts';
import { ensureSchema } from './schema.ts';
import { writeChanges } from './write.ts';

export const SQLITE_SCHEME = 'sqlite:';


/** The interface is async for network targets; here the work is synchronous. A throw becomes
 *  a rejection rather than escaping the call. */
function later<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

function snapshot(db: Db): TargetSnapshot {
  // One read transaction: every table from the same snapshot, even while another process
  // commits an apply between our queries.
  const state = transaction(db, false, () => readState(db));
  return { state, fingerprint: stateFingerprint(state) };
}

function applyPlan(db: Db, plan: Plan, meta: ApplyMeta): ApplyResult {
  try {
    return transaction(db, true, (tx): ApplyResult => {
      const before = storeFingerprint(db);
      if (before !== plan.targetFingerprint) {
        tx.rollback();
        return { ok: false, reason: 'stale', expected: plan.targetFingerprint, actual: before };
      }
      const written = writeChanges(db, plan.changes);
      refreshEffective(db, written);
      // Read back rather than trusting the plan: the recorded fingerprint is what the store holds.
      const after = storeFingerprint(db);
      const historyId = appendHistory(db, plan, meta, { before, after });
      return { ok: true, historyId, fingerprint: after };
    });
  } catch (e) {
    return { ok: false, reason: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Opens (creating if needed) the store at `path`. Throws if the file cannot be opened or was
 *  written by another schema version; the caller reports that as an unusable target. */
export function openSqliteTarget(path: string): Target {
  const db = openDb(path);
  try {
    ensureSchema(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    displayUrl: `${SQLITE_SCHEME}${path}`,
    holds: ALL_KINDS,
    read: () => later(() => snapshot(db)),
    apply: (plan, meta) => later(() => applyPlan(db, plan, meta)),
    history: (query) => later(() => queryHistory(db, query)),
    close: () => later(() => db.close()),
  };
}
