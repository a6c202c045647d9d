// The plan file of a failed plan (`plan --out` on an invalid repository): the located errors as
// findings, no changes, so the next CI step can post the failure on the pull request. Its
// target fingerprint matches no state, so no apply can mistake it for an empty plan.
import type { Finding, Plan } from './types.ts';
import { PLAN_FORMAT_VERSION } from './types.ts';

export const FAILED_FINGERPRINT = 'none:plan-failed';

export interface FailedPlanInput {
  readonly instance: string;
  /** Redacted target URL, or '' when none could be determined. */
  readonly target: string;
  readonly now: Date;
  readonly gitCommit: string | null;
  readonly findings: readonly Finding[];
}

export function failedPlan(input: FailedPlanInput): Plan {
  return {
    format_version: PLAN_FORMAT_VERSION,
    instance: input.instance,
    target: input.target,
    createdAt: input.now.toISOString(),
    gitCommit: input.gitCommit,
    targetFingerprint: FAILED_FINGERPRINT,
    policyFingerprint: FAILED_FINGERPRINT,
    changes: [],
    access: [],
    findings: input.findings,
    unmanaged: [],
    summary: { create: 0, update: 0, delete: 0, usersGaining: 0, usersLosing: 0, riskyGrants: 0, unmanaged: 0, revokeRatio: 0 },
  };
}
