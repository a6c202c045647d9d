// Plans of several targets, one section per target, in apply order. One target renders exactly
// as before (its own renderer, its own plan file). Text: the sections one after another, each
// with its own header and count line. Markdown: one comment (one marker) whose budget is shared
// by the sections. JSON: the plan set file (plan/plan-set.ts), each plan in the single file's
// key order.
import type { PlanSet } from '../../plan/plan-set.ts';
import { planSet } from '../../plan/plan-set.ts';
import type { Plan } from '../../plan/types.ts';
import { PLAN_RENDERERS } from './index.ts';
import type { PlanFormat, PlanRenderOptions } from './index.ts';
import { renderPlanJson } from './json.ts';
import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderPlanMarkdown } from './markdown.ts';

const SET_KEYS: readonly (keyof PlanSet)[] = ['format_version', 'instance', 'createdAt', 'gitCommit', 'policyFingerprint', 'plans'];

export function renderPlanSetJson(plans: readonly Plan[]): string {
  if (plans.length === 1 && plans[0]) return renderPlanJson(plans[0]);
  const set = planSet(plans);
  // Each plan through the single renderer, for its key order; then the set around them.
  const body = SET_KEYS.map((k) => {
    const value = k === 'plans' ? `[\n${plans.map((p) => indent(renderPlanJson(p).trimEnd(), '    ')).join(',\n')}\n  ]` : JSON.stringify(set[k]);
    return `  ${JSON.stringify(k)}: ${value}`;
  });
  return `{\n${body.join(',\n')}\n}\n`;
}

const indent = (text: string, by: string): string => text.split('\n').map((l) => by + l).join('\n');

function markdownSet(plans: readonly Plan[], maxLength: number): string {
  const head = `${PLAN_COMMENT_MARKER}\n`;
  const separator = '\n---\n\n';
  // An equal share each: a large plan of one target cannot crowd out the others.
  const share = Math.floor((maxLength - head.length - separator.length * plans.length) / plans.length);
  const parts = plans.map((p) => renderPlanMarkdown(p, { maxLength: share + PLAN_COMMENT_MARKER.length + 1 }).replace(`${PLAN_COMMENT_MARKER}\n`, ''));
  return head + parts.join(separator);
}

export function renderPlans(plans: readonly Plan[], format: PlanFormat, opts: PlanRenderOptions): string {
  const [only] = plans;
  if (plans.length === 1 && only) return PLAN_RENDERERS[format](only, opts);
  if (format === 'json') return renderPlanSetJson(plans);
  if (format === 'markdown') return markdownSet(plans, opts.maxLength ?? GITHUB_COMMENT_LIMIT);
  return plans.map((p) => PLAN_RENDERERS.text(p, opts)).join('\n\n');
}
