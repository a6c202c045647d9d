// Per-change outcomes: what every adapter reports from apply, and how they are counted.
import type { ProfileState } from '../plan/state.ts';
import type { Change, Plan } from '../plan/types.ts';
import type { ChangeOutcome, ChangeStatus } from './contract.ts';

/** The same status for every change (an atomic apply: all applied, or all rolled back). */
export function outcomesOf(changes: readonly Change[], status: ChangeStatus): ChangeOutcome[] {
  return changes.map((c) => ({ kind: c.kind, name: c.name, action: c.action, status }));
}

export function countOutcomes(outcomes: readonly ChangeOutcome[]): Record<ChangeStatus, number> {
  const n: Record<ChangeStatus, number> = { applied: 0, failed: 0, skipped: 0, 'rolled-back': 0 };
  for (const o of outcomes) n[o.status]++;
  return n;
}

/** A change a store refused inside its transaction, and the changes written before it (rolled
 *  back with the transaction). */
export class ChangeError extends Error {
  readonly change: Change;
  readonly written: ReadonlySet<Change>;
  constructor(change: Change, written: ReadonlySet<Change>, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.change = change;
    this.written = written;
  }
}

/** The outcomes of an atomic apply that failed: the change that failed, those written before it
 *  rolled back, the rest skipped; without a ChangeError (the failure came after the writes),
 *  every change rolled back. */
export function failedOutcomes(plan: Plan, e: unknown): readonly ChangeOutcome[] {
  if (!(e instanceof ChangeError)) return outcomesOf(plan.changes, 'rolled-back');
  return plan.changes.map((c) => {
    const base = { kind: c.kind, name: c.name, action: c.action };
    if (c === e.change) return { ...base, status: 'failed', error: e.message };
    return { ...base, status: e.written.has(c) ? 'rolled-back' : 'skipped' };
  });
}

/** A profile change that changes what it grants (so its holders' effective access). */
export function permissionsChanged(c: Change): boolean {
  if (c.action !== 'update') return true;
  const before = (c.before as ProfileState | null)?.permissions ?? [];
  const after = (c.after as ProfileState | null)?.permissions ?? [];
  return before.length !== after.length || before.some((p, i) => p !== after[i]);
}
