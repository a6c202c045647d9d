// A saved plan is an approval of a diff, never an instruction: `apply plan.json` plans again
// from the repository and the target and applies only when the fresh plan is the approved
// one. This compares the two and names the first difference. Pure.
import type { DiagnosticInput } from '../diagnostics/types.ts';
import { canonicalJson } from './fingerprint.ts';
import type { Change, Plan } from './types.ts';

const label = (c: Change | undefined): string => (c === undefined ? 'none' : `${c.action} ${c.kind} ${JSON.stringify(String(c.name))}`);

/** The first field of two changes that differs, for the message. */
function fieldOf(saved: Change, fresh: Change): string {
  for (const k of ['kind', 'name', 'action', 'before', 'after', 'add', 'remove', 'fields'] as const) {
    if (canonicalJson(saved[k] ?? null) !== canonicalJson(fresh[k] ?? null)) return k;
  }
  return 'a field';
}

function changesDiffer(saved: readonly Change[], fresh: readonly Change[]): string | undefined {
  // Saved changes come from a file: anything but a list of objects is already a difference.
  const n = Math.max(saved.length, fresh.length);
  for (let i = 0; i < n; i++) {
    const s = saved[i];
    const f = fresh[i];
    if (s === undefined || f === undefined || typeof s !== 'object' || canonicalJson(s) !== canonicalJson(f)) {
      if (s === undefined || f === undefined || typeof s !== 'object') return `change ${i + 1}: the saved plan has ${label(s)}, a fresh plan has ${label(f)}`;
      return `change ${i + 1} (${label(f)}): ${fieldOf(s, f)} differs`;
    }
  }
  return undefined;
}

/** undefined when `fresh` is what `saved` approved; else the diagnostic that refuses it. */
export function verifySavedPlan(saved: Plan, fresh: Plan, file?: string): DiagnosticInput | undefined {
  const at = file === undefined ? {} : { file };
  if (saved.target !== fresh.target) return { ...at, code: 'PC610', args: { planned: String(saved.target), given: fresh.target } };
  if (saved.targetFingerprint !== fresh.targetFingerprint) return { ...at, code: 'PC603', args: { expected: String(saved.targetFingerprint), actual: fresh.targetFingerprint } };
  if (saved.instance !== fresh.instance) return { ...at, code: 'PC640', args: { reason: `it is for instance ${JSON.stringify(String(saved.instance))}, the repository is ${JSON.stringify(fresh.instance)}` } };
  if (saved.policyFingerprint !== fresh.policyFingerprint) return { ...at, code: 'PC640', args: { reason: 'the policy fingerprint differs: the repository is not the one the plan was made from' } };
  const changes = changesDiffer(saved.changes, fresh.changes);
  return changes === undefined ? undefined : { ...at, code: 'PC640', args: { reason: changes } };
}
