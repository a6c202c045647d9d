// permctl plan [DIR] [--target URL] [--out FILE] [--format text|markdown|json] [--detailed-exitcode]
import { hasChanges } from '../../plan/index.ts';
import type { PlanFormat } from '../../render/plan/index.ts';
import { renderPlans, renderPlanSetJson } from '../../render/plan/set.ts';
import { paintFor } from '../../render/style.ts';
import { renderTargetStats } from '../../render/target-stats.ts';
import { runPlans } from '../../run-plan.ts';
import type { TargetPlan } from '../../run-plan.ts';
import { gitCommit, targetEnv, targetsFor } from '../context.ts';
import { toFindings } from '../../render/findings.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';
import { writeFailedPlan } from '../failed-plan.ts';
import { repositoryRoot, writeOutput } from '../fs-errors.ts';

export interface PlanCommandOptions {
  readonly target?: string;
  readonly out?: string;
  readonly format: PlanFormat;
  readonly detailedExitcode: boolean;
  readonly allowMassRevoke: boolean;
  /** --stats: the target's API calls, on stderr. */
  readonly stats?: boolean;
}

/** A store that can tell whether it was changed outside permctl is asked on every plan (in the
 *  read's worker, beside the read: runPlans verifyStores); what it finds is a warning beside the
 *  plan (history --verify lists it as errors). */
async function warnIfTampered(p: TargetPlan, io: Io): Promise<void> {
  if (p.integrity === undefined) return;
  const i = await p.integrity;
  const target = p.plan.target;
  if (i.ok) reportDiagnostics(i.problems.map((problem) => ({ code: 'PC645', severity: 'warning', args: { target, problem } })), io, false);
  else reportDiagnostics([{ code: 'PC646', severity: 'warning', args: { target, reason: i.reason } }], io, false);
}

export async function planCommand(dir: string | undefined, opts: PlanCommandOptions, io: Io): Promise<number> {
  const found = repositoryRoot(dir, io);
  if (!found.ok) {
    reportDiagnostics([found.diagnostic], io);
    return EXIT.error;
  }
  const root = found.value;
  // One target, or each of permctl.yaml's `targets:`: one plan (one section) per target.
  const targetUrls = targetsFor(opts.target, undefined, root, io).map((t) => t.url);
  const commit = gitCommit(root, io);
  const outcome = await runPlans({ root, targetUrls, now: new Date(), gitCommit: commit, allowMassRevoke: opts.allowMassRevoke, env: targetEnv(io), findings: toFindings, verifyStores: true });
  if (!outcome.ok) {
    reportDiagnostics(outcome.diagnostics, io);
    // The failure as a plan file too, so CI's next step can post it on the pull request.
    if (opts.out !== undefined) writeFailedPlan(opts.out, { root, targetUrl: targetUrls[0], gitCommit: await commit, diagnostics: outcome.diagnostics }, io);
    return EXIT.error;
  }
  // Notes about the target itself (the store does not exist yet; what it holds that permctl
  // does not model and keeps) go to stderr, beside the plan.
  const notes = outcome.diagnostics.filter((d) => d.code === 'PC608' || d.code === 'PC620');
  if (notes.length > 0) reportDiagnostics(notes, io, false);
  const plans = outcome.plans.map((p) => p.plan);
  // Rendered while the stores are still being verified; printed after their warnings.
  const rendered = renderPlans(plans, opts.format, { paint: paintFor(io.color) });
  for (const p of outcome.plans) await warnIfTampered(p, io);
  if (opts.stats === true) for (const p of outcome.plans) io.err(`${outcome.plans.length > 1 ? `${p.plan.target}: ` : ''}${renderTargetStats(p.stats)}`);
  if (opts.out !== undefined) {
    const written = writeOutput(opts.out, renderPlanSetJson(plans), io);
    if (!written.ok) {
      reportDiagnostics([written.diagnostic], io);
      return EXIT.error;
    }
  }
  io.out(rendered);
  // As Terraform does: say how to apply exactly this plan (stderr: stdout may be JSON).
  if (opts.out !== undefined && plans.some(hasChanges)) io.err(`Saved the plan to ${opts.out}. To apply exactly this plan, run: permctl apply ${opts.out}`);
  return opts.detailedExitcode && plans.some(hasChanges) ? EXIT.changes : EXIT.ok;
}
