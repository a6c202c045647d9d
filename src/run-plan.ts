// Orchestrates `plan` and `apply DIR --auto-approve`: validate and compile the repository,
// read the target, plan. Chains stages; all decisions live in the stages.
import type { Diagnostic } from './diagnostics/types.ts';
import { hasErrors, sortDiagnostics } from './diagnostics/types.ts';
import { desiredState, makePlan } from './plan/index.ts';
import type { Plan } from './plan/index.ts';
import { runValidate } from './pipeline.ts';
import type { ValidateResult } from './pipeline.ts';
import { toFindings } from './render/findings.ts';
import { openTarget, redactUrl } from './targets/resolve.ts';
import type { Target } from './targets/types.ts';

export interface PlanRequest {
  readonly root: string;
  /** Absolute target URL (see targets/resolve.ts), or undefined to use permctl.yaml's. */
  readonly targetUrl: string | undefined;
  readonly now: Date;
  readonly gitCommit: string | null;
  readonly allowMassRevoke: boolean;
}

export type PlanOutcome =
  | { readonly ok: true; readonly plan: Plan; readonly target: Target; readonly validated: ValidateResult; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly target?: Target };

export const DEFAULT_MAX_REVOKE_RATIO = 0.25;

export async function runPlan(req: PlanRequest, resolveConfigTarget: (configured: string | undefined) => string | undefined): Promise<PlanOutcome> {
  const validated = runValidate(req.root);
  if (hasErrors(validated.diagnostics)) return { ok: false, diagnostics: validated.diagnostics };
  const config = validated.validated.model.config?.value;
  const url = req.targetUrl ?? resolveConfigTarget(config?.target);
  if (url === undefined) return { ok: false, diagnostics: [{ code: 'PC901', severity: 'error', args: { message: 'no target: set `target:` in permctl.yaml, PERMCTL_TARGET, or --target', hint: 'for example --target sqlite:.permctl/store.db' } }] };
  const opened = openTarget(url);
  if (!opened.ok) return { ok: false, diagnostics: [opened.diagnostic] };
  const target = opened.target;
  const current = await target.read();
  const { plan, diagnostics } = makePlan(desiredState(validated.compiled.policy), current, {
    target: redactUrl(url),
    now: req.now,
    gitCommit: req.gitCommit,
    unmanaged: config?.unmanaged ?? 'report',
    maxRevokeRatio: config?.maxRevokeRatio ?? DEFAULT_MAX_REVOKE_RATIO,
    allowMassRevoke: req.allowMassRevoke,
    holds: target.holds,
    catalog: validated.builtin.catalog,
  });
  const all = sortDiagnostics([...validated.diagnostics, ...diagnostics]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: all, target };
  return { ok: true, plan: { ...plan, findings: toFindings(all) }, target, validated, diagnostics: all };
}
