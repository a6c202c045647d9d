// The plan as a GitHub pull-request comment. The hidden marker on the first line is how
// `permctl comment` finds its own comment to update in place. Risky grants lead, as in the
// terminal. Every string from the plan goes through escapeMarkdown; the comment never exceeds
// `maxLength` (see fit.ts).
import { hasChanges } from '../../plan/types.ts';
import type { Change, Plan } from '../../plan/types.ts';
import { accessShown, changeDetails, changesInApplyOrder, countLine, findingLocation, findingsShown, kindLabel, riskyGrants, riskyVia } from './describe.ts';
import { escapeMarkdown as e } from './escape.ts';
import { fitSections, rowsOf } from './fit.ts';
import type { Section } from './fit.ts';

export const PLAN_COMMENT_MARKER = '<!-- permctl-plan -->';
/** GitHub's limit on the body of an issue or pull-request comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Items in one table cell; a profile created with hundreds of permissions stays one readable row. */
export const CELL_ITEMS_SHOWN = 20;

export interface PlanMarkdownOptions {
  readonly maxLength?: number;
}

const ACTION: Readonly<Record<Change['action'], string>> = { create: '🟢 create', update: '🟡 update', delete: '🔴 delete' };

export function renderPlanMarkdown(plan: Plan, opts: PlanMarkdownOptions = {}): string {
  const head = `${PLAN_COMMENT_MARKER}\n### permctl plan: ${e(plan.instance)}\n\n${summaryLine(plan)}\n`;
  const sections = hasChanges(plan) ? [risky(plan), changes(plan), access(plan), findings(plan), unmanaged(plan)] : [findings(plan), unmanaged(plan)];
  return fitSections(head, sections.filter((s) => s.rows.count > 0), opts.maxLength ?? GITHUB_COMMENT_LIMIT);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const where = [`target ${e(plan.target)}`, ...(plan.gitCommit === null ? [] : [`commit ${e(plan.gitCommit.slice(0, 12))}`])];
  if (!hasChanges(plan) && plan.unmanaged.length > 0) return `**No changes to apply**, but ${plural(plan.unmanaged.length, 'unmanaged object is', 'unmanaged objects are')} in the target and not in git. · ${where.join(' · ')}`;
  if (!hasChanges(plan)) return `**No changes.** The target matches the policy. · ${where.join(' · ')}`;
  const parts = [
    `**${countLine(s)}**`,
    `${plural(s.usersGaining, 'user gains', 'users gain')} access`,
    `${plural(s.usersLosing, 'user loses', 'users lose')} access`,
    ...(s.riskyGrants > 0 ? [`⚠️ ${plural(s.riskyGrants, 'risky grant', 'risky grants')}`] : []),
    ...(s.revokeRatio > 0 ? [s.revokeMeasure === 'users' ? `takes all access from ${Math.round(s.revokeRatio * 1000) / 10}% of users` : `revokes ${Math.round(s.revokeRatio * 1000) / 10}% of granted access`] : []),
    ...(s.unmanaged > 0 ? [`${s.unmanaged} unmanaged`] : []),
    ...where,
  ];
  return parts.join(' · ');
}

/** Escaped items joined in one cell, at most CELL_ITEMS_SHOWN of them. */
function cell(items: readonly string[], separator = ', '): string {
  const shown = items.slice(0, CELL_ITEMS_SHOWN).map(e);
  const more = items.length - shown.length;
  return more > 0 ? [...shown, `… and ${more} more`].join(separator) : shown.join(separator);
}

function risky(plan: Plan): Section {
  return {
    title: '⚠️ Risky access',
    intro: 'These users gain high-risk permissions: review them first.',
    columns: ['user', 'permission', 'via'],
    rows: rowsOf(riskyGrants(plan), (g) => [e(g.login), e(g.permission), g.recordings ? e(riskyVia(g)) : cell(g.via)]),
  };
}

function changes(plan: Plan): Section {
  return {
    title: 'Changes',
    columns: ['action', 'kind', 'name', 'details'],
    rows: rowsOf(changesInApplyOrder(plan.changes), (c) => [
      ACTION[c.action] ?? e(String(c.action)),
      e(kindLabel(c.kind)),
      e(c.name),
      cell(changeDetails(c).map((d) => `${d.sign}${d.sign === '~' ? ' ' : ''}${d.text}`), '<br>'),
    ]),
  };
}

function access(plan: Plan): Section {
  const shown = accessShown(plan);
  // Columns for recording-archive access and restrictions only when some user has them.
  const recordings = shown.some((a) => a.recordingsGained.length + a.recordingsLost.length > 0);
  const restrictions = shown.some((a) => a.restrictionsGained.length + a.restrictionsLost.length > 0);
  const signed = (gained: readonly string[], lost: readonly string[]): string => cell([...gained.map((l) => `+${l}`), ...lost.map((l) => `-${l}`)]);
  return {
    title: 'Access changes',
    columns: ['user', 'gains', 'loses', ...(recordings ? ['recordings'] : []), 'recording lines', ...(restrictions ? ['restrictions'] : [])],
    rows: rowsOf(shown, (a) => [
      e(a.login),
      cell(a.gained),
      cell(a.lost),
      ...(recordings ? [signed(a.recordingsGained, a.recordingsLost)] : []),
      signed(a.linesGained, a.linesLost),
      // Gaining a restriction narrows access; losing one widens it.
      ...(restrictions ? [cell([...a.restrictionsGained.map((l) => `now restricted by ${l}`), ...a.restrictionsLost.map((l) => `no longer restricted by ${l}`)])] : []),
    ]),
  };
}

function findings(plan: Plan): Section {
  return {
    title: 'Findings',
    columns: ['severity', 'code', 'message', 'location'],
    rows: rowsOf(findingsShown(plan), (f) => [f.severity === 'error' ? '❌ error' : '⚠️ warning', e(f.code), e(f.message), e(findingLocation(f) ?? '')]),
  };
}

function unmanaged(plan: Plan): Section {
  return {
    title: 'Unmanaged objects',
    intro: 'These exist in the target but not in git; permctl leaves them as they are (unmanaged: report).',
    columns: ['kind', 'name'],
    rows: rowsOf(plan.unmanaged, (u) => [e(kindLabel(u.kind)), e(u.name)]),
  };
}
