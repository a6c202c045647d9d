// permctl apply PLAN.json | DIR --auto-approve [--target URL] [--history URL] [--allow-mass-revoke]
//
// A saved plan records its target's identity (no secrets). The URL used to reach the target —
// with its credentials — comes from --target or PERMCTL_TARGET, which must have the same identity
// (else the apply is refused, PC610), or from permctl.yaml when its target has that identity;
// otherwise the plan's own identity is the URL (enough for a target whose secrets live in the
// environment, e.g. PGPASSWORD).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, DiagnosticInput } from '../../diagnostics/types.ts';
import { canonicalHash } from '../../plan/fingerprint.ts';
import { FAILED_FINGERPRINT } from '../../plan/failed.ts';
import { parsePlans } from '../../plan/plan-set.ts';
import type { Plan } from '../../plan/types.ts';
import { renderOutcomesText } from '../../render/outcomes.ts';
import { renderPlanText } from '../../render/plan/text.ts';
import { paintFor } from '../../render/style.ts';
import { runPlans } from '../../run-plan.ts';
import { toFindings } from '../../render/findings.ts';
import { applyRecorded } from '../../targets/apply-recorded.ts';
import type { ApplyContext, ApplyResult, Target } from '../../targets/contract.ts';
import { countOutcomes } from '../../targets/outcomes.ts';
import { openHistory, openTarget, targetIdentity } from '../../targets/registry.ts';
import { actor, configTarget, explicitTarget, gitCommit, historyFor, targetEnv, targetsFor } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';
import { repositoryRoot } from '../fs-errors.ts';

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

/** A live apply's progress on stderr: one line per tenth of the changes (CI logs stay short). */
function progressLine(io: Io): (done: number, total: number) => void {
  let shown = 0;
  return (done, total) => {
    const tenth = Math.floor((done * 10) / Math.max(1, total));
    if (total < 20 || tenth <= shown) return;
    shown = tenth;
    io.err(`applying: ${done} of ${total} changes done`);
  };
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
export async function applyToTarget(plan: Plan, target: Target, historyUrl: string | undefined, root: string, io: Io): Promise<number> {
  if (plan.changes.length === 0) {
    io.out('No changes. The target matches the policy.');
    return EXIT.ok;
  }
  const ctx: ApplyContext = { meta: { actor: actor(io), gitCommit: plan.gitCommit ?? gitCommit(root, io), planHash: canonicalHash(plan), now: new Date() }, ...(target.capabilities.atomic ? {} : { progress: progressLine(io) }) };
  const result = target.capabilities.history === 'own' ? await target.apply(plan, ctx) : await applyExternal(plan, target, ctx, historyUrl, io);
  if ('code' in result) return error(result, io);
  return report(plan, target, { ...result, target: target.identity }, io);
}

async function applyTo(url: string, plan: Plan, historyUrl: string | undefined, root: string, io: Io): Promise<number> {
  const opened = await openTarget(url, targetEnv(io), { create: true });
  if (!opened.ok) return error(opened.diagnostic, io);
  try {
    return await applyToTarget(plan, opened.target, historyUrl, root, io);
  } finally {
    await opened.target.close();
  }
}

/** One plan, the URL that reaches its target, and where its applies are recorded. */
interface Step {
  readonly plan: Plan;
  readonly url: string;
  readonly history: string | undefined;
}

/** Applies the plans of several targets in order, stopping at the first that does not apply
 *  completely (PC637 names the targets left untouched; none when the last one fails, whose own
 *  error already says it). One target: just its apply. */
async function applyInOrder(steps: readonly Step[], root: string, io: Io): Promise<number> {
  for (const [i, step] of steps.entries()) {
    if (steps.length > 1) io.out(`${i > 0 ? '\n' : ''}Target ${step.plan.target} (${i + 1} of ${steps.length}):`);
    const code = await applyTo(step.url, step.plan, step.history, root, io);
    if (code === EXIT.ok) continue;
    const skipped = steps.slice(i + 1).map((s) => s.plan.target);
    if (skipped.length > 0) reportDiagnostics([{ code: 'PC637', severity: 'error', args: { target: step.plan.target, reason: 'its apply did not complete', skipped } }], io);
    return code;
  }
  return EXIT.ok;
}

async function applySavedPlan(file: string, opts: ApplyOptions, io: Io): Promise<number> {
  const parsed = parsePlans(readFileSync(file, 'utf8'));
  if (!parsed.ok) return error({ code: 'PC605', file, args: { reason: parsed.reason } }, io);
  const [only] = parsed.plans;
  if (parsed.plans.length === 1 && only) return applySavedSingle(only, opts, io);
  if (explicitTarget(opts.target, io) !== undefined) return error({ code: 'PC901', args: { message: `this plan file is for ${parsed.plans.length} targets; --target (or PERMCTL_TARGET) names one`, hint: 'apply it without --target: each plan goes to the target it was made for (permctl.yaml `targets:` gives their URLs)' } }, io);
  // Each plan goes to the target it was made for: permctl.yaml's `targets:` entry with that
  // identity gives the URL (and history); else the identity is the URL.
  const entries = targetsFor(undefined, opts.history, io.cwd, io);
  const identities = await Promise.all(entries.map(async (e) => {
    const id = await targetIdentity(e.url, targetEnv(io));
    return id.ok ? id.identity : undefined;
  }));
  const steps = parsed.plans.map((plan): Step => {
    const entry = entries[identities.indexOf(plan.target)];
    return { plan, url: entry?.url ?? plan.target, history: entry?.history ?? historyFor(opts.history, io.cwd, io) };
  });
  return applyInOrder(steps, io.cwd, io);
}

async function applySavedSingle(plan: Plan, opts: ApplyOptions, io: Io): Promise<number> {
  // `plan --out` on an invalid repository records the failure (for the PR comment); never apply it.
  if (plan.targetFingerprint === FAILED_FINGERPRINT) return error({ code: 'PC605', args: { reason: 'this plan failed (see its findings); fix the errors and plan again' } }, io);
  // --target / PERMCTL_TARGET, with its credentials, must name the target the plan was made
  // for. permctl.yaml's target is used only when it does (it may name another store).
  const explicit = explicitTarget(opts.target, io);
  if (explicit !== undefined) {
    const id = await targetIdentity(explicit, targetEnv(io));
    if (!id.ok) return error(id.diagnostic, io);
    if (id.identity !== plan.target) return error({ code: 'PC610', args: { planned: plan.target, given: id.identity } }, io);
  }
  const fromConfig = configTarget(io.cwd);
  const configured = fromConfig === undefined ? undefined : await targetIdentity(fromConfig, targetEnv(io));
  const given = explicit ?? (configured?.ok === true && configured.identity === plan.target ? fromConfig : undefined);
  return applyTo(given ?? plan.target, plan, historyFor(opts.history, io.cwd, io), io.cwd, io);
}

export async function applyCommand(arg: string | undefined, opts: ApplyOptions, io: Io): Promise<number> {
  // Without an argument, the repository found upward from here (as git finds its root).
  const found = arg === undefined ? repositoryRoot(undefined, io) : undefined;
  const path = found?.ok === true ? found.value : resolve(io.cwd, arg ?? '.');
  if (!existsSync(path)) return error({ code: 'PC901', args: { message: `${arg ?? '.'}: no such plan file or directory` } }, io);
  if (statSync(path).isFile()) return applySavedPlan(path, opts, io);
  if (!opts.autoApprove) return error({ code: 'PC901', args: { message: 'applying a directory needs --auto-approve', hint: 'review first: permctl plan --out plan.json, then permctl apply plan.json' } }, io);
  const targets = targetsFor(opts.target, opts.history, path, io);
  const outcome = await runPlans({ root: path, targetUrls: targets.map((t) => t.url), now: new Date(), gitCommit: gitCommit(path, io), allowMassRevoke: opts.allowMassRevoke, env: targetEnv(io), findings: toFindings });
  if (!outcome.ok) {
    reportDiagnostics(outcome.diagnostics, io);
    return EXIT.error;
  }
  for (const p of outcome.plans) if (p.plan.changes.length > 0) io.out(renderPlanText(p.plan, { paint: paintFor(io.color) }));
  return applyInOrder(outcome.plans.map((p, i) => ({ plan: p.plan, url: p.targetUrl, history: targets[i]?.history })), path, io);
}
