// Plan renderers by `--format`. All are pure (plan in, string out) and share one signature, so
// the CLI picks one by name; each takes the options it needs and ignores the rest.
import type { Plan } from '../../plan/types.ts';
import type { Paint } from '../style.ts';
import { renderPlanJson } from './json.ts';
import { renderPlanMarkdown } from './markdown.ts';
import { renderPlanText } from './text.ts';

export interface PlanRenderOptions {
  readonly paint: Paint;
  /** Markdown only: the longest comment to produce (default GitHub's 65,536 characters). */
  readonly maxLength?: number;
}

export type PlanFormat = 'text' | 'markdown' | 'json';

export type PlanRenderer = (plan: Plan, opts: PlanRenderOptions) => string;

export const PLAN_RENDERERS: Readonly<Record<PlanFormat, PlanRenderer>> = {
  text: (plan, opts) => renderPlanText(plan, { paint: opts.paint }),
  markdown: (plan, opts) => renderPlanMarkdown(plan, opts.maxLength === undefined ? {} : { maxLength: opts.maxLength }),
  json: (plan) => renderPlanJson(plan),
};

export { renderPlanJson } from './json.ts';
export { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderPlanMarkdown } from './markdown.ts';
export type { PlanMarkdownOptions } from './markdown.ts';
export { ACCESS_USERS_SHOWN, NO_CHANGES, renderPlanText } from './text.ts';
export type { PlanTextOptions } from './text.ts';
export { escapeMarkdown, plainText } from './escape.ts';
