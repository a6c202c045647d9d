// permctl apply PLAN.json | DIR --auto-approve [--target URL] [--allow-mass-revoke]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { canonicalJson, sha256 } from '../../plan/fingerprint.ts';
import { FAILED_FINGERPRINT } from '../../plan/failed.ts';
import { parsePlanFile } from '../../plan/plan-file.ts';
import type { Plan } from '../../plan/types.ts';
import { renderPlanText } from '../../render/plan/text.ts';
import { paintFor } from '../../render/style.ts';
import { runPlan } from '../../run-plan.ts';
import { openTarget } from '../../targets/resolve.ts';
import type { Target } from '../../targets/types.ts';
import { actor, explicitTarget, gitCommit, targetFor } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';

export interface ApplyOptions {
  readonly autoApprove: boolean;
  readonly target?: string;
  readonly allowMassRevoke: boolean;
}

const error = (d: Omit<Diagnostic, 'severity'>, io: Io): number => {
  reportDiagnostics([{ ...d, severity: 'error' }], io);
  return EXIT.error;
};

async function execute(plan: Plan, target: Target, root: string, io: Io): Promise<number> {
  if (plan.changes.length === 0) {
    io.out('No changes. The target matches the policy.');
    return EXIT.ok;
  }
  const result = await target.apply(plan, { actor: actor(io), gitCommit: plan.gitCommit ?? gitCommit(root, io), planHash: sha256(canonicalJson(plan)), now: new Date() });
  if (!result.ok && result.reason === 'stale') return error({ code: 'PC603', args: { expected: result.expected, actual: result.actual } }, io);
  if (!result.ok) return error({ code: 'PC607', args: { reason: result.message } }, io);
  const s = plan.summary;
  io.out(`Apply complete: ${s.create} created, ${s.update} updated, ${s.delete} deleted. Recorded as history #${result.historyId}.`);
  return EXIT.ok;
}

async function applyTo(url: string, plan: Plan, root: string, io: Io): Promise<number> {
  const opened = openTarget(url);
  if (!opened.ok) return error(opened.diagnostic, io);
  try {
    return await execute(plan, opened.target, root, io);
  } finally {
    await opened.target.close();
  }
}

async function applySavedPlan(file: string, opts: ApplyOptions, io: Io): Promise<number> {
  const parsed = parsePlanFile(readFileSync(file, 'utf8'));
  if (!parsed.ok) return error({ code: 'PC605', file, args: { reason: parsed.reason } }, io);
  // `plan --out` on an invalid repository records the failure (for the PR comment); never apply it.
  if (parsed.plan.targetFingerprint === FAILED_FINGERPRINT) return error({ code: 'PC605', file, args: { reason: 'this plan failed (see its findings); fix the errors and plan again' } }, io);
  // A saved plan applies to the target it was made for, unless --target says otherwise.
  return applyTo(explicitTarget(opts.target, io) ?? parsed.plan.target, parsed.plan, io.cwd, io);
}

export async function applyCommand(arg: string, opts: ApplyOptions, io: Io): Promise<number> {
  const path = resolve(io.cwd, arg);
  if (!existsSync(path)) return error({ code: 'PC901', args: { message: `${arg}: no such plan file or directory` } }, io);
  if (statSync(path).isFile()) return applySavedPlan(path, opts, io);
  if (!opts.autoApprove) return error({ code: 'PC901', args: { message: 'applying a directory needs --auto-approve', hint: 'review first: permctl plan --out plan.json, then permctl apply plan.json' } }, io);
  const outcome = await runPlan({ root: path, targetUrl: targetFor(opts.target, path, io), now: new Date(), gitCommit: gitCommit(path, io), allowMassRevoke: opts.allowMassRevoke });
  if (!outcome.ok) {
    reportDiagnostics(outcome.diagnostics, io);
    return EXIT.error;
  }
  if (outcome.plan.changes.length > 0) io.out(renderPlanText(outcome.plan, { paint: paintFor(io.color) }));
  return applyTo(outcome.targetUrl, outcome.plan, path, io);
}
