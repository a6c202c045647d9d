// One apply as the CLI and the conformance suite run it: a store applies and records itself; a
// target whose history is 'external' applies under the history store's lock for its identity,
// and the record (applied, partial or failed) is appended there afterwards.
import type { Plan } from '../plan/types.ts';
import type { ApplyContext, ApplyResult, HistoryEntry, HistoryStore, Target } from './contract.ts';

function entryOf(plan: Plan, target: Target, ctx: ApplyContext, r: ApplyResult, after: string): HistoryEntry {
  const outcomes = r.ok || r.reason === 'failed' ? r.outcomes : [];
  const m = ctx.meta;
  return {
    appliedAt: m.now.toISOString(),
    actor: m.actor,
    gitCommit: m.gitCommit,
    planHash: m.planHash,
    target: target.identity,
    status: r.ok ? 'applied' : outcomes.some((o) => o.status === 'applied') ? 'partial' : 'failed',
    fingerprintBefore: plan.targetFingerprint,
    fingerprintAfter: after,
    summary: plan.summary,
    changes: plan.changes,
    outcomes,
  };
}

/** Applies `plan`; for a target without history of its own, `history` must be given. A stale
 *  plan is refused before anything is written and is not recorded. */
export async function applyRecorded(target: Target, plan: Plan, ctx: ApplyContext, history: HistoryStore | undefined): Promise<ApplyResult> {
  if (target.capabilities.history === 'own' || history === undefined) return target.apply(plan, ctx);
  return history.withLock(target.identity, async () => {
    const r = await target.apply(plan, ctx);
    if (!r.ok && r.reason === 'stale') return r;
    // After a failure, what the target now holds is read back for the record.
    const after = r.ok ? r.fingerprint : await target.read().then((s) => s.fingerprint, () => '');
    const historyId = await history.append(entryOf(plan, target, ctx, r, after));
    return { ...r, historyId };
  });
}
