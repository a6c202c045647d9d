// Several targets for one repository (permctl.yaml `targets:`): one plan per target, in the
// order permctl.yaml lists them, applied in that order. The plan file of a single target is the
// plan itself, as before; with several it is a plan set: `format_version`, the shared fields
// (instance, createdAt, gitCommit, policyFingerprint) and `plans`, each a complete plan file of
// one target. A reader accepts both shapes; an unknown major version is refused in either.
import { parsePlanFile } from './plan-file.ts';
import type { Plan } from './types.ts';
import { PLAN_FORMAT_VERSION } from './types.ts';

/** The set's own format: 1.1 added `plans`; a 1.0 reader refuses it for lack of `target`. */
export const PLAN_SET_FORMAT_VERSION = '1.1';
/** Most plans one set may hold: a plan file is input too, and must stay bounded. */
export const MAX_PLANS = 16;

export interface PlanSet {
  readonly format_version: string;
  readonly instance: string;
  readonly createdAt: string;
  readonly gitCommit: string | null;
  readonly policyFingerprint: string;
  readonly plans: readonly Plan[];
}

export type ParsedPlans = { readonly ok: true; readonly plans: readonly Plan[] } | { readonly ok: false; readonly reason: string };

export function planSet(plans: readonly Plan[]): PlanSet {
  const first = plans[0];
  return {
    format_version: PLAN_SET_FORMAT_VERSION,
    instance: first?.instance ?? '',
    createdAt: first?.createdAt ?? '',
    gitCommit: first?.gitCommit ?? null,
    policyFingerprint: first?.policyFingerprint ?? '',
    plans,
  };
}

/** A saved plan file of one target or several: its plans, in apply order. */
export function parsePlans(text: string): ParsedPlans {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return parseSingle(text);
  }
  const plans = (data as { plans?: unknown } | null)?.plans;
  if (plans === undefined) return parseSingle(text);
  const d = data as Record<string, unknown>;
  const version = typeof d.format_version === 'string' ? d.format_version : '';
  if (version.split('.')[0] !== PLAN_FORMAT_VERSION.split('.')[0]) return { ok: false, reason: `format_version ${version || '(none)'} is not supported by this permctl; plan again with this version` };
  if (!Array.isArray(plans) || plans.length === 0) return { ok: false, reason: 'field plans is not a list of plans' };
  if (plans.length > MAX_PLANS) return { ok: false, reason: `more than ${MAX_PLANS} plans in one file` };
  const out: Plan[] = [];
  for (const [i, p] of plans.entries()) {
    const one = parsePlanFile(JSON.stringify(p));
    if (!one.ok) return { ok: false, reason: `plans[${i}]: ${one.reason}` };
    out.push(one.plan);
  }
  const targets = new Set(out.map((p) => p.target));
  if (targets.size !== out.length) return { ok: false, reason: 'two plans of the set are for the same target' };
  return { ok: true, plans: out };
}

function parseSingle(text: string): ParsedPlans {
  const one = parsePlanFile(text);
  return one.ok ? { ok: true, plans: [one.plan] } : one;
}
