// permctl comment --plan FILE [--repo O/R] [--pr N] [--author LOGIN] [--no-post]
// Renders the saved plan as the PR comment, appends it to the job summary (GITHUB_STEP_SUMMARY)
// and creates or updates the sticky comment. The GitHub client is imported only here, lazily.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBuiltin } from '../../catalog/builtin.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { githubContext } from '../../github/context.ts';
import { appendStepSummary } from '../../github/summary.ts';
import { parsePlans } from '../../plan/plan-set.ts';
import { COMMENT_LIMIT, commentMarker, renderComment } from '../../render/comment/index.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { readPlanText } from '../plan-file.ts';
import { reportDiagnostics } from '../report.ts';

export interface CommentOptions {
  readonly plan: string;
  readonly repo?: string;
  readonly pr?: number;
  readonly author?: string;
  readonly post: boolean;
}

export async function commentCommand(opts: CommentOptions, io: Io, version: string): Promise<number> {
  const fail = (d: Diagnostic): number => {
    reportDiagnostics([d], io, false);
    return EXIT.error;
  };
  // Within the cap apply reads plan files with: a plan file passed between CI jobs is hostile.
  const read = readPlanText(resolve(io.cwd, opts.plan));
  if (!read.ok) {
    const code = (read.error as NodeJS.ErrnoException | undefined)?.code;
    return fail({ code: 'PC605', severity: 'error', args: { reason: `${opts.plan}: ${read.error === undefined ? read.reason : (code ?? 'cannot be read')}` } });
  }
  const parsed = parsePlans(read.text);
  if (!parsed.ok) return fail({ code: 'PC605', severity: 'error', args: { reason: `${opts.plan}: ${parsed.reason}` } });
  const [first] = parsed.plans;
  if (first === undefined) return fail({ code: 'PC605', severity: 'error', args: { reason: `${opts.plan}: the plan file holds no plan` } });
  const catalog = loadBuiltin().catalog;
  const riskReason = (p: string): string | undefined => catalog.permissions.get(p)?.riskReason ?? catalog.recordingRisks[p]?.reason;
  // A plan set (several targets) shares one comment: each target's plan gets an equal share of
  // GitHub's limit, under the first one's marker line.
  const share = Math.floor(COMMENT_LIMIT / parsed.plans.length) - 16;
  const body = parsed.plans
    .map((plan, i) => {
      const part = renderComment(plan, { riskReason, version, maxLength: share });
      return i === 0 ? part : part.slice(part.indexOf('\n') + 1);
    })
    .join('\n---\n');

  const summaryPath = io.env.GITHUB_STEP_SUMMARY;
  if (summaryPath !== undefined && summaryPath !== '') {
    const warning = appendStepSummary(summaryPath, body);
    if (warning !== null) reportDiagnostics([warning], io, false);
  }
  if (!opts.post) {
    io.out(body);
    return EXIT.ok;
  }
  const ctx = githubContext({ ...(opts.repo === undefined ? {} : { repo: opts.repo }), ...(opts.pr === undefined ? {} : { pr: opts.pr }) }, io.env);
  if (!ctx.ok) return fail(ctx.diagnostic);
  const { owner, repo, pr, token, apiUrl } = ctx.context;
  const { makeClient } = await import('../../github/client.ts');
  const { tokenIdentity, upsertSticky } = await import('../../github/sticky.ts');
  const { apiFailure } = await import('../../github/errors.ts');
  try {
    const client = makeClient({ token, baseUrl: apiUrl, userAgent: `permctl/${version}`, ...(io.env.PERMCTL_GITHUB_RETRIES === undefined ? {} : { retries: Number(io.env.PERMCTL_GITHUB_RETRIES) }) });
    const author = opts.author ?? (await tokenIdentity(client, io.env.GITHUB_ACTIONS === 'true'));
    const r = await upsertSticky(client, { owner, repo, pr, marker: commentMarker(first.instance), author }, body);
    io.out(`comment ${r.id} ${r.action} on ${owner}/${repo}#${pr}: ${r.url}`);
    const output = io.env.GITHUB_OUTPUT;
    if (output !== undefined && output !== '') appendFileSync(output, `comment-id=${r.id}\n`);
    return EXIT.ok;
  } catch (e) {
    return fail(apiFailure(e, token));
  }
}
