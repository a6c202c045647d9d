// Orchestrates `plan` and `apply DIR --auto-approve`: read the targets on other threads while
// this one validates and compiles the repository, then plan each (a repository may name several
// targets, permctl.yaml `targets:`; each gets its own plan, in the order listed). Chains stages;
// all decisions live in the stages.
import type { Diagnostic } from './diagnostics/types.ts';
import { hasErrors, sortDiagnostics } from './diagnostics/types.ts';
import { sha256 } from './plan/fingerprint.ts';
import { desiredState, makePlan } from './plan/index.ts';
import type { Plan } from './plan/index.ts';
import type { Finding } from './plan/types.ts';
import { runValidate } from './pipeline.ts';
import type { ValidateResult } from './pipeline.ts';
import { readInBackground } from './targets/background-read.ts';
import type { ReadResult } from './targets/background-read.ts';
import type { Integrity, TargetEnv, TargetSnapshot, TargetStats } from './targets/contract.ts';
import { keepTargetDefaults } from './targets/own-defaults.ts';
import { driverFor, redactUrl } from './targets/registry.ts';
import { withDeclaredPermissions } from './targets/unmodelled.ts';
import { resolvePositions } from './validate/positions.ts';

export interface PlanRequest {
  readonly root: string;
  /** Absolute target URL: --target, PERMCTL_TARGET or permctl.yaml's (see cli/context.ts). */
  readonly targetUrl: string | undefined;
  readonly now: Date;
  /** The checkout's commit, or its promise (asked of git while the repository validates). */
  readonly gitCommit: string | null | Promise<string | null>;
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

export interface PlansRequest extends Omit<PlanRequest, 'targetUrl'> {
  /** Absolute target URLs, in apply order (see cli/context.ts targetsFor). */
  readonly targetUrls: readonly string[];
  /** Also verify each store that can (HistoryStore.verify), beside its read: `integrity`. */
  readonly verifyStores?: boolean;
  /** Each snapshot's state keeps the text it was read as (plan/state-text.ts heldText): for an
   *  apply in this process, which predicts the store's fingerprint after its writes from it. */
  readonly keepStateText?: boolean;
}

export interface TargetPlan {
  readonly plan: Plan;
  readonly targetUrl: string;
  /** The repository's findings and this target's. */
  readonly diagnostics: readonly Diagnostic[];
  /** API calls the read took (live targets), for --stats. */
  readonly stats?: TargetStats;
  /** The target's snapshot as read, which the plan was made from (its fingerprint is the
   *  plan's targetFingerprint): an apply in this process may pass it on (ApplyContext.basis). */
  readonly snapshot: TargetSnapshot;
  /** The store's own verification, when asked (verifyStores) and the target verifies; it
   *  settles after the plan is made (the read's worker verifies meanwhile). */
  readonly integrity?: Promise<Integrity>;
}

export type PlansOutcome =
  | { readonly ok: true; readonly plans: readonly TargetPlan[]; readonly validated: ValidateResult; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const NO_TARGET: Diagnostic = { code: 'PC923', severity: 'error', args: {} };

/** What the target holds that permctl does not model, shown in the plan (PC620). */
function unmodelledNotes(snapshot: TargetSnapshot): Diagnostic[] {
  return (snapshot.unmodelled ?? []).map((u) => {
    const value = Array.isArray(u.value) && u.value.every((v) => typeof v === 'string') ? u.value.join(', ') : JSON.stringify(u.value);
    return { code: 'PC620', severity: 'info', args: { kind: u.kind, name: u.name, field: u.field, value: value.length > 200 ? `${value.slice(0, 199)}…` : value } };
  });
}

export async function runPlan(req: PlanRequest): Promise<PlanOutcome> {
  const outcome = await runPlans({ ...req, targetUrls: req.targetUrl === undefined ? [] : [req.targetUrl] });
  if (!outcome.ok) return outcome;
  const [only] = outcome.plans;
  if (only === undefined) return { ok: false, diagnostics: [NO_TARGET] };
  return { ok: true, plan: only.plan, targetUrl: only.targetUrl, validated: outcome.validated, diagnostics: only.diagnostics, ...(only.stats ? { stats: only.stats } : {}) };
}

export async function runPlans(req: PlansRequest): Promise<PlansOutcome> {
  if (req.targetUrls.length === 0) {
    const validated = runValidate(req.root);
    return { ok: false, diagnostics: hasErrors(validated.diagnostics) ? validated.diagnostics : [NO_TARGET] };
  }
  const readings = req.targetUrls.map((url) => readInBackground(url, req.env, req.verifyStores === true, req.keepStateText === true));
  const validated = runValidate(req.root);
  const cancelAll = (): Promise<unknown> => Promise.all(readings.map((r) => r.cancel()));
  if (hasErrors(validated.diagnostics)) {
    await cancelAll();
    return { ok: false, diagnostics: validated.diagnostics };
  }
  const reads = await Promise.all(readings.map((r) => r.result));
  // A store still verifying answers later (integrity); its worker stops then.
  const released = Promise.all(readings.map((r) => r.release()));
  if (req.verifyStores !== true) await released;
  const plans: TargetPlan[] = [];
  const failed: Diagnostic[] = [];
  for (const [i, read] of reads.entries()) {
    if (!read.ok) {
      failed.push(read.diagnostic);
      continue;
    }
    const one = await planTarget(req, validated, read, req.targetUrls[i] ?? '');
    if (one.ok) plans.push(one.plan);
    else failed.push(...one.diagnostics, ...whose(req.targetUrls, i, one.diagnostics.filter((d) => !validated.diagnostics.includes(d))));
  }
  // One target that cannot be planned stops them all: nothing is applied from half a plan.
  if (failed.length > 0) await released;
  if (failed.length > 0) return { ok: false, diagnostics: sortDiagnostics([...validated.diagnostics, ...failed.filter((d) => !validated.diagnostics.includes(d))]) };
  const all = sortDiagnostics([...validated.diagnostics, ...plans.flatMap((p) => p.diagnostics.filter((d) => !validated.diagnostics.includes(d)))]);
  return { ok: true, plans, validated, diagnostics: all };
}

/** With several targets, a target's own errors (PC601 and the like name none) are said to be
 *  its: PC638 names the target and their codes. */
function whose(urls: readonly string[], i: number, own: readonly Diagnostic[]): Diagnostic[] {
  if (urls.length < 2) return [];
  const codes = [...new Set(own.filter((d) => d.severity === 'error').map((d) => d.code))];
  return codes.length === 0 ? [] : [{ code: 'PC638', severity: 'error', args: { target: redactUrl(urls[i] ?? ''), codes } }];
}

/** The desired state and the target's, in the target's vocabulary when its driver binds them
 *  (vcc: lines by number); errors from binding are located in the repository. */
async function bound(validated: ValidateResult, read: ReadResult & { ok: true }, url: string) {
  const desired = desiredState(validated.compiled.policy);
  const driver = await driverFor(url);
  if (!driver.ok || driver.driver.bind === undefined) return { desired, current: read.snapshot.state, diagnostics: [] as Diagnostic[] };
  const model = validated.validated.model;
  const b = driver.driver.bind({
    desired,
    current: read.snapshot.state,
    target: read.identity,
    lineOrigins: new Map(model.lines.map((l) => [l.value.id, l.origin])),
    revokeUnmanaged: model.config?.value.unmanaged === 'revoke',
    userOrigins: new Map(model.users.map((u) => [u.value.login, u.origin])),
    ...(model.config ? { config: { value: { ...model.config.value }, origin: model.config.origin } } : {}),
  });
  return { ...b, diagnostics: resolvePositions(b.diagnostics, validated.loaded.files) };
}

async function planTarget(req: PlansRequest, validated: ValidateResult, read: ReadResult & { ok: true }, url: string): Promise<{ ok: true; plan: TargetPlan } | { ok: false; diagnostics: readonly Diagnostic[] }> {
  const states = await bound(validated, read, url);
  if (hasErrors(states.diagnostics)) return { ok: false, diagnostics: states.diagnostics };
  const config = validated.validated.model.config?.value;
  // Permissions the target holds outside the built-in catalog that the repository declares
  // (extraPermissions) are compared like any other; the rest stay unmodelled and are kept.
  const catalog = validated.builtin.catalog;
  const snapshot = withDeclaredPermissions({ ...read.snapshot, state: states.current }, (p) => catalog.permissions.has(p));
  // A live instance's own default profiles stay as they are unless the repository defines them.
  const desired = read.capabilities.ownDefaults === true ? keepTargetDefaults(states.desired, validated.compiled.policy, snapshot.state) : states.desired;
  const { plan, diagnostics } = makePlan(desired, snapshot, {
    // The identity, never the URL: a plan file holds no secrets.
    target: read.identity,
    now: req.now,
    gitCommit: await req.gitCommit,
    unmanaged: config?.unmanaged ?? 'report',
    maxRevokeRatio: config?.maxRevokeRatio ?? DEFAULT_MAX_REVOKE_RATIO,
    allowMassRevoke: req.allowMassRevoke,
    capabilities: read.capabilities,
    catalog: validated.builtin.catalog,
    // The policy is its sources: the repository's files and permctl's built-in policies.
    policyFingerprint: sha256(`${validated.builtin.fingerprint}\u0000${validated.loaded.fingerprint}`),
  });
  const empty: Diagnostic[] = read.snapshot.exists ? [] : [{ code: 'PC608', severity: 'info', args: { target: read.identity } }];
  const all = sortDiagnostics([...validated.diagnostics, ...states.diagnostics, ...empty, ...unmodelledNotes(snapshot), ...diagnostics]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: all };
  return { ok: true, plan: { plan: { ...plan, findings: req.findings(all) }, targetUrl: url, diagnostics: all, snapshot: read.snapshot, ...(read.stats ? { stats: read.stats } : {}), ...(read.integrity ? { integrity: read.integrity } : {}) } };
}
