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
import type { TargetEnv, TargetSnapshot, TargetStats } from './targets/contract.ts';
import { keepTargetDefaults } from './targets/own-defaults.ts';
import { withDeclaredPermissions } from './targets/unmodelled.ts';

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
  | { readonly ok: true; readonly plan: Plan; readonly targetUrl: string; readonly validated: ValidateResult; readonly diagnostics: readonly Diagnostic[]; readonly stats?: TargetStats }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export const DEFAULT_MAX_REVOKE_RATIO = 0.25;

const NO_TARGET: Diagnostic = { code: 'PC923', severity: 'error', args: {} };

/** What the target holds that permctl does not model, shown in the plan (PC620). */
function unmodelledNotes(snapshot: TargetSnapshot): Diagnostic[] {
  return (snapshot.unmodelled ?? []).map((u) => {
    const value = Array.isArray(u.value) && u.value.every((v) => typeof v === 'string') ? u.value.join(', ') : JSON.stringify(u.value);
    return { code: 'PC620', severity: 'info', args: { kind: u.kind, name: u.name, field: u.field, value: value.length > 200 ? `${value.slice(0, 199)}…` : value } };
  });
}

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
  // Permissions the target holds outside the built-in catalog that the repository declares
  // (extraPermissions) are compared like any other; the rest stay unmodelled and are kept.
  const catalog = validated.builtin.catalog;
  const snapshot = withDeclaredPermissions(read.snapshot, (p) => catalog.permissions.has(p));
  // A live instance's own default profiles stay as they are unless the repository defines them.
  const compiled = desiredState(validated.compiled.policy);
  const desired = read.capabilities.ownDefaults === true ? keepTargetDefaults(compiled, validated.compiled.policy, snapshot.state) : compiled;
  const { plan, diagnostics } = makePlan(desired, snapshot, {
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
  const all = sortDiagnostics([...validated.diagnostics, ...empty, ...unmodelledNotes(snapshot), ...diagnostics]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: all };
  return { ok: true, plan: { ...plan, findings: req.findings(all) }, targetUrl: url, validated, diagnostics: all, ...(read.stats ? { stats: read.stats } : {}) };
}
