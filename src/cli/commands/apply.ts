// permctl apply PLAN.json | DIR --auto-approve [--target URL] [--history URL] [--allow-mass-revoke]
//
// A saved plan records its target's identity (no secrets). The URL used to reach the target —
// with its credentials — comes from --target or PERMCTL_TARGET, which must have the same identity
// (else the apply is refused, PC610), or from permctl.yaml when its target has that identity.
// The plan's own target is never followed (an edited plan must not redirect an apply).
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic, DiagnosticInput } from '../../diagnostics/types.ts';
import { readPlanText } from '../plan-file.ts';
import { canonicalHash } from '../../plan/fingerprint.ts';
import { FAILED_FINGERPRINT } from '../../plan/failed.ts';
import { parsePlans } from '../../plan/plan-set.ts';
import { verifySavedPlan } from '../../plan/verify.ts';
import type { Plan } from '../../plan/types.ts';
import { renderOutcomesText } from '../../render/outcomes.ts';
import { NO_CHANGES, noChangesWithUnmanaged, renderPlanText } from '../../render/plan/text.ts';
import { paintFor } from '../../render/style.ts';
import { runPlans } from '../../run-plan.ts';
import { toFindings } from '../../render/findings.ts';
import { applyRecorded } from '../../targets/apply-recorded.ts';
import type { ApplyContext, ApplyResult, Target, TargetSnapshot, TargetWatch } from '../../targets/contract.ts';
import { countOutcomes } from '../../targets/outcomes.ts';
import { openHistory, openTarget, targetIdentity, watchTarget } from '../../targets/registry.ts';
import { actor, explicitTarget, gitCommit, repositoryConfig, targetEnv, targetsFor } from '../context.ts';
import type { TargetEntry } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { lineProgress } from '../progress.ts';
import type { Progress } from '../progress.ts';
import { reportDiagnostics } from '../report.ts';
import { repositoryRoot, userFsError } from '../fs-errors.ts';

export interface ApplyOptions {
  readonly autoApprove: boolean;
  readonly target?: string;
  readonly history?: string;
  readonly allowMassRevoke: boolean;
}

const error = (d: DiagnosticInput, io: Io): number => {
  reportDiagnostics([{ ...d, severity: 'error' }], io);
  return EXIT.error;
};

type Result = ApplyResult & { readonly target: string };

/** A live target: the apply runs under the history store's lock and is recorded there. */
async function applyExternal(plan: Plan, target: Target, ctx: ApplyContext, historyUrl: string | undefined, io: Io): Promise<ApplyResult | Diagnostic> {
  if (historyUrl === undefined) return { code: 'PC611', severity: 'error', args: { target: target.identity } };
  const opened = await openHistory(historyUrl, targetEnv(io), { create: true });
  if (!opened.ok) return opened.diagnostic;
  try {
    return await applyRecorded(target, plan, ctx, opened.history);
  } finally {
    await opened.history.close();
  }
}

function report(plan: Plan, target: Target, result: Result, io: Io): number {
  if (result.ok) {
    const s = plan.summary;
    io.out(`Apply complete: ${s.create} created, ${s.update} updated, ${s.delete} deleted.${result.historyId !== null ? ` Recorded as history #${result.historyId}.` : ''}`);
    return EXIT.ok;
  }
  if (result.reason === 'stale') return error({ code: 'PC603', args: { expected: result.expected, actual: result.actual } }, io);
  const n = countOutcomes(result.outcomes);
  if (n.applied === 0 && target.capabilities.atomic) return error({ code: 'PC607', args: { reason: result.message } }, io);
  io.out(renderOutcomesText(result.outcomes));
  if (result.historyId !== null) io.out(`Recorded as history #${result.historyId} (${n.applied > 0 ? 'partial' : 'failed'}).`);
  return error({ code: 'PC612', args: { target: result.target, applied: n.applied, failed: n.failed, skipped: n.skipped + n['rolled-back'], reason: result.message } }, io);
}

/** Applies `plan` to an opened target and reports the outcome; exported for the tests of live
 *  targets (which pass their fakes here). */
export async function applyToTarget(plan: Plan, target: Target, historyUrl: string | undefined, root: string, io: Io, progress: Progress = lineProgress(io), basis?: ApplyContext['basis']): Promise<number> {
  if (plan.changes.length === 0) {
    // Unmanaged objects (unmanaged: report) are left as they are: the target still differs.
    io.out(plan.unmanaged.length > 0 ? noChangesWithUnmanaged(plan.unmanaged.length) : NO_CHANGES);
    return EXIT.ok;
  }
  const ctx: ApplyContext = { meta: { actor: actor(io), gitCommit: plan.gitCommit ?? (await gitCommit(root, io)), planHash: canonicalHash(plan), now: new Date() }, ...(target.capabilities.atomic ? {} : { progress: (done: number, total: number) => progress.count('applying', done, total) }), ...(basis ? { basis } : {}) };
  const result = target.capabilities.history === 'own' ? await target.apply(plan, ctx) : await applyExternal(plan, target, ctx, historyUrl, io);
  if ('code' in result) return error(result, io);
  return report(plan, target, { ...result, target: target.identity }, io);
}

async function applyTo(step: Step, root: string, io: Io, progress: Progress): Promise<number> {
  const { url, plan, history: historyUrl } = step;
  // The repository's permctl.yaml gives drivers their settings (connect.userDefaults); it was
  // validated by the plan this apply just made or verified.
  const config = repositoryConfig(root);
  const opened = await openTarget(url, targetEnv(io), { create: true, ...(config !== undefined ? { config } : {}) });
  if (!opened.ok) return error(opened.diagnostic, io);
  try {
    return await applyToTarget(plan, opened.target, historyUrl, root, io, progress, step.basis);
  } finally {
    // The watch first: closed after the target, a store's watch would be its last connection,
    // which (read-only) cannot fold the write-ahead log back into the file.
    step.basis?.watch?.close();
    await opened.target.close();
  }
}

export { MAX_PLAN_FILE_BYTES } from '../plan-file.ts';

/** Runs `fn` with a watch on each target (undefined where its driver has none), opened before
 *  `fn` reads them for the plan it applies: a store can then tell at apply time that nothing was
 *  committed since that read and skip reading itself again (ApplyContext.basis). */
async function withWatches(urls: readonly string[], io: Io, fn: (watches: readonly (TargetWatch | undefined)[]) => Promise<number>): Promise<number> {
  const watches = await Promise.all(urls.map((url) => watchTarget(url, targetEnv(io))));
  try {
    return await fn(watches);
  } finally {
    for (const w of watches) w?.close();
  }
}

/** Each target decides from the basis what it can prove (ApplyContext.basis). */
const basisOf = (snapshot: TargetSnapshot, watch: TargetWatch | undefined): { basis: ApplyContext['basis'] } => ({ basis: { snapshot, ...(watch !== undefined ? { watch } : {}) } });

/** One plan, the URL that reaches its target, and where its applies are recorded. */
interface Step {
  readonly plan: Plan;
  readonly url: string;
  readonly history: string | undefined;
  /** The snapshot the plan was made from and the watch opened before it was read, where the
   *  target's driver has one. */
  readonly basis?: ApplyContext['basis'];
}

/** Applies the plans of several targets in order, stopping at the first that does not apply
 *  completely (PC637 names the targets left untouched; none when the last one fails, whose own
 *  error already says it). One target: just its apply. */
async function applyInOrder(steps: readonly Step[], root: string, io: Io, progress: Progress): Promise<number> {
  for (const [i, step] of steps.entries()) {
    if (steps.length > 1) io.out(`${i > 0 ? '\n' : ''}Target ${step.plan.target} (${i + 1} of ${steps.length}):`);
    const code = await applyTo(step, root, io, progress);
    if (code === EXIT.ok) continue;
    const skipped = steps.slice(i + 1).map((s) => s.plan.target);
    if (skipped.length > 0) reportDiagnostics([{ code: 'PC637', severity: 'error', args: { target: step.plan.target, reason: 'its apply did not complete', skipped } }], io);
    return code;
  }
  return EXIT.ok;
}

/**
 * A saved plan is an approval, not an instruction: plan again from the repository (the working
 * directory) and the targets — safety rules included — with the same runPlans as `plan`, and
 * apply only when every fresh plan is the one approved (plan/verify.ts). A plan's own target is
 * compared, never followed: the URLs come from --target, PERMCTL_TARGET or the repository's
 * permctl.yaml (`target:` or `targets:`) and must have the plans' identities. A plan set (several
 * targets) is re-planned whole and compared section by section, then applied in order.
 */
async function applySavedPlan(file: string, opts: ApplyOptions, io: Io, progress: Progress): Promise<number> {
  const text = readPlanText(file);
  if (!text.ok) {
    const fsError = text.error === undefined ? undefined : userFsError(text.error, io, 'read', file);
    if (fsError !== undefined) return (reportDiagnostics([fsError], io), EXIT.error);
    return error({ code: 'PC605', file, args: { reason: text.reason } }, io);
  }
  const parsed = parsePlans(text.text);
  if (!parsed.ok) return error({ code: 'PC605', file, args: { reason: parsed.reason } }, io);
  const saved = parsed.plans;
  // `plan --out` on an invalid repository records the failure (for the PR comment); never apply it.
  if (saved.some((p) => p.targetFingerprint === FAILED_FINGERPRINT)) return error({ code: 'PC605', file, args: { reason: 'this plan failed (see its findings); fix the errors and plan again' } }, io);
  const explicit = explicitTarget(opts.target, io);
  if (saved.length > 1 && explicit !== undefined) return error({ code: 'PC901', args: { message: `this plan file is for ${saved.length} targets; --target (or PERMCTL_TARGET) names one`, hint: 'apply it without --target: each plan goes to the target it was made for (permctl.yaml `targets:` gives their URLs)' } }, io);
  // --target / PERMCTL_TARGET, with its credentials, must name the target the plan was made for.
  const [only] = saved;
  if (explicit !== undefined && only !== undefined) {
    const id = await targetIdentity(explicit, targetEnv(io));
    if (!id.ok) return error(id.diagnostic, io);
    if (id.identity !== only.target) return error({ code: 'PC610', args: { planned: only.target, given: id.identity } }, io);
  }
  if (!existsSync(join(io.cwd, 'permctl.yaml'))) return error({ code: 'PC640', file, args: { reason: 'there is no permctl.yaml here; apply a saved plan from the repository it was made from' } }, io);
  // The repository's targets with their identities; a single plan picks the one it was made for
  // (permctl.yaml may list others), a plan set needs them all.
  const entries = targetsFor(opts.target, opts.history, io.cwd, io);
  const identities = await Promise.all(entries.map(async (e) => {
    const id = await targetIdentity(e.url, targetEnv(io));
    return id.ok ? id.identity : undefined;
  }));
  const known = identities.filter((id): id is string => id !== undefined);
  const chosen: TargetEntry[] = [];
  for (const plan of saved) {
    const entry = entries[identities.indexOf(plan.target)];
    if (entry === undefined) return error({ code: 'PC610', file, args: { planned: String(plan.target), given: known.length > 0 ? known.join(', ') : 'none (no --target, PERMCTL_TARGET or target: in permctl.yaml)' } }, io);
    chosen.push(entry);
  }
  if (saved.length > 1 && known.length !== saved.length) return error({ code: 'PC640', file, args: { reason: `it is for ${saved.length} targets, permctl.yaml lists ${entries.length}: ${known.join(', ')}` } }, io);
  return withWatches(chosen.map((e) => e.url), io, async (watches) => {
    const steps = await freshSteps(saved, chosen, watches, file, io, opts);
    return typeof steps === 'number' ? steps : applyInOrder(steps, io.cwd, io, progress);
  });
}

/** applySavedPlan, once the targets are chosen: plan them again and compare; the steps to
 *  apply, or the exit code. Its own function for the reason plannedSteps is. */
async function freshSteps(saved: readonly Plan[], chosen: readonly TargetEntry[], watches: readonly (TargetWatch | undefined)[], file: string, io: Io, opts: ApplyOptions): Promise<Step[] | number> {
  const fresh = await runPlans({ root: io.cwd, targetUrls: chosen.map((e) => e.url), now: new Date(), gitCommit: gitCommit(io.cwd, io), allowMassRevoke: opts.allowMassRevoke, env: targetEnv(io), findings: toFindings, keepStateText: true });
  if (!fresh.ok) {
    reportDiagnostics(fresh.diagnostics, io);
    return EXIT.error;
  }
  const steps: Step[] = [];
  for (const [i, plan] of saved.entries()) {
    const now = fresh.plans[i];
    const entry = chosen[i];
    if (now === undefined || entry === undefined) return error({ code: 'PC640', file, args: { reason: `no fresh plan for ${plan.target}` } }, io);
    const difference = verifySavedPlan(plan, now.plan, file);
    if (difference !== undefined) {
      // In a plan set, say which section differs.
      const named = saved.length > 1 && difference.code === 'PC640' ? { ...difference, args: { reason: `${plan.target}: ${String((difference.args as { reason: string }).reason)}` } } : difference;
      return error(named, io);
    }
    steps.push({ plan: { ...now.plan, gitCommit: plan.gitCommit }, url: entry.url, history: entry.history, ...basisOf(now.snapshot, watches[i]) });
  }
  return steps;
}

/** `progress`: the command's progress reporter (a live apply counts its changes through it). */
export async function applyCommand(arg: string | undefined, opts: ApplyOptions, io: Io, progress: Progress = lineProgress(io)): Promise<number> {
  // Without an argument, the repository found upward from here (as git finds its root).
  const found = arg === undefined ? repositoryRoot(undefined, io) : undefined;
  const path = found?.ok === true ? found.value : resolve(io.cwd, arg ?? '.');
  if (!existsSync(path)) return error({ code: 'PC901', args: { message: `${arg ?? '.'}: no such plan file or directory` } }, io);
  // Anything but a directory is a plan file: a FIFO or device is then refused by the plan
  // file reader, not taken for a repository.
  if (!statSync(path).isDirectory()) return applySavedPlan(path, opts, io, progress);
  if (!opts.autoApprove) return error({ code: 'PC901', args: { message: 'applying a directory needs --auto-approve', hint: 'review first: permctl plan --out plan.json, then permctl apply plan.json' } }, io);
  const targets = targetsFor(opts.target, opts.history, path, io);
  return withWatches(targets.map((t) => t.url), io, async (watches) => {
    const steps = await plannedSteps(path, targets, watches, opts, io);
    return typeof steps === 'number' ? steps : applyInOrder(steps, path, io, progress);
  });
}

/** Plans the repository at `root` for its targets and shows the plans: the steps to apply, or
 *  the exit code when planning failed. A function of its own so that what only planning needs
 *  (the files, the model, the compiled policy) is garbage while the steps are applied: at
 *  200,000 users, each garbage collection of the apply then marks far less. */
async function plannedSteps(root: string, targets: readonly TargetEntry[], watches: readonly (TargetWatch | undefined)[], opts: ApplyOptions, io: Io): Promise<Step[] | number> {
  const outcome = await runPlans({ root, targetUrls: targets.map((t) => t.url), now: new Date(), gitCommit: gitCommit(root, io), allowMassRevoke: opts.allowMassRevoke, env: targetEnv(io), findings: toFindings, keepStateText: true });
  if (!outcome.ok) {
    reportDiagnostics(outcome.diagnostics, io);
    return EXIT.error;
  }
  for (const p of outcome.plans) if (p.plan.changes.length > 0) io.out(renderPlanText(p.plan, { paint: paintFor(io.color) }));
  return outcome.plans.map((p, i) => ({ plan: p.plan, url: p.targetUrl, history: targets[i]?.history, ...basisOf(p.snapshot, watches[i]) }));
}
