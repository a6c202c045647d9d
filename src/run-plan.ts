// Orchestrates `plan` and `apply DIR --auto-approve`: read the target on a second thread while
// this one validates and compiles the repository, then plan. Chains stages; all decisions live
// in the stages.
import type { Diagnostic } from './diagnostics/types.ts';
import { hasErrors, sortDiagnostics } from './diagnostics/types.ts';
import { sha256 } from './plan/fingerprint.ts';
import { desiredState, makePlan } from './plan/index.ts';
import type { Plan } from './plan/index.ts';
import type { Finding } from './plan/types.ts';
import { runValidate } from './pipeline.ts';
import type { ValidateResult } from './pipeline.ts';
import { readInBackground } from './targets/background-read.ts';
import type { TargetEnv } from './targets/contract.ts';

export interface PlanRequest {
  readonly root: string;
  /** Absolute target URL: --target, PERMCTL_TARGET or permctl.yaml's (see cli/context.ts). */
  readonly targetUrl: string | undefined;
  readonly now: Date;
  readonly gitCommit: string | null;
  readonly allowMassRevoke: boolean;
  /** The environment drivers read credentials from (PGPASSWORD, …) and resolve paths against. */
  readonly env: TargetEnv;
  /** The plan file's findings (data and words) from the run's diagnostics: a renderer the
   *  caller passes in (render/findings.ts), so no prose is made here. */
  readonly findings: (diagnostics: readonly Diagnostic[]) => Finding[];
}

export type PlanOutcome =
  | { readonly ok: true; readonly plan: Plan; readonly targetUrl: string; readonly validated: ValidateResult; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export const DEFAULT_MAX_REVOKE_RATIO = 0.25;

const NO_TARGET: Diagnostic = { code: 'PC923', severity: 'error', args: {} };

export async function runPlan(req: PlanRequest): Promise<PlanOutcome> {
  const url = req.targetUrl;
  if (url === undefined) {
    const validated = runValidate(req.root);
    return { ok: false, diagnostics: hasErrors(validated.diagnostics) ? validated.diagnostics : [NO_TARGET] };
  }
  const reading = readInBackground(url, req.env);
  const validated = runValidate(req.root);
  if (hasErrors(validated.diagnostics)) {
    await reading.cancel();
    return { ok: false, diagnostics: validated.diagnostics };
  }
  const read = await reading.result;
  await reading.cancel();
  if (!read.ok) return { ok: false, diagnostics: [read.diagnostic] };
  const config = validated.validated.model.config?.value;
  const { plan, diagnostics } = makePlan(desiredState(validated.compiled.policy), read.snapshot, {
    // The identity, never the URL: a plan file holds no secrets.
    target: read.identity,
    now: req.now,
    gitCommit: req.gitCommit,
    unmanaged: config?.unmanaged ?? 'report',
    maxRevokeRatio: config?.maxRevokeRatio ?? DEFAULT_MAX_REVOKE_RATIO,
    allowMassRevoke: req.allowMassRevoke,
    capabilities: read.capabilities,
    catalog: validated.builtin.catalog,
    // The policy is its sources: the repository's files and permctl's built-in policies.
    policyFingerprint: sha256(`${validated.builtin.fingerprint}\u0000${validated.loaded.fingerprint}`),
  });
  const empty: Diagnostic[] = read.snapshot.exists ? [] : [{ code: 'PC608', severity: 'info', args: { target: read.identity } }];
  const all = sortDiagnostics([...validated.diagnostics, ...empty, ...diagnostics]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: all };
  return { ok: true, plan: { ...plan, findings: req.findings(all) }, targetUrl: url, validated, diagnostics: all };
}
