// permctl plan [DIR] [--target URL] [--out FILE] [--format text|markdown|json] [--detailed-exitcode]
import { hasChanges } from '../../plan/index.ts';
import { PLAN_RENDERERS } from '../../render/plan/index.ts';
import type { PlanFormat } from '../../render/plan/index.ts';
import { renderPlanJson } from '../../render/plan/json.ts';
import { paintFor } from '../../render/style.ts';
import { runPlan } from '../../run-plan.ts';
import { toFindings } from '../../render/findings.ts';
import { gitCommit, targetEnv, targetFor } from '../context.ts';
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
}

export async function planCommand(dir: string | undefined, opts: PlanCommandOptions, io: Io): Promise<number> {
  const found = repositoryRoot(dir, io);
  if (!found.ok) {
    reportDiagnostics([found.diagnostic], io);
    return EXIT.error;
  }
  const root = found.value;
  const targetUrl = targetFor(opts.target, root, io);
  const commit = gitCommit(root, io);
  const outcome = await runPlan({ root, targetUrl, now: new Date(), gitCommit: commit, allowMassRevoke: opts.allowMassRevoke, env: targetEnv(io), findings: toFindings });
  if (!outcome.ok) {
    reportDiagnostics(outcome.diagnostics, io);
    // The failure as a plan file too, so CI's next step can post it on the pull request.
    if (opts.out !== undefined) writeFailedPlan(opts.out, { root, targetUrl, gitCommit: commit, diagnostics: outcome.diagnostics }, io);
    return EXIT.error;
  }
  // Notes about the target itself (the store does not exist yet) go to stderr, beside the plan.
  const notes = outcome.diagnostics.filter((d) => d.code === 'PC608');
  if (notes.length > 0) reportDiagnostics(notes, io, false);
  if (opts.out !== undefined) {
    const written = writeOutput(opts.out, renderPlanJson(outcome.plan), io);
    if (!written.ok) {
      reportDiagnostics([written.diagnostic], io);
      return EXIT.error;
    }
  }
  io.out(PLAN_RENDERERS[opts.format](outcome.plan, { paint: paintFor(io.color) }));
  // As Terraform does: say how to apply exactly this plan (stderr: stdout may be JSON).
  if (opts.out !== undefined && hasChanges(outcome.plan)) io.err(`Saved the plan to ${opts.out}. To apply exactly this plan, run: permctl apply ${opts.out}`);
  return opts.detailedExitcode && hasChanges(outcome.plan) ? EXIT.changes : EXIT.ok;
}
