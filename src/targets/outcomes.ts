// Per-change outcomes: what every adapter reports from apply, and how they are counted.
import type { Change } from '../plan/types.ts';
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
