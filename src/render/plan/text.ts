// `permctl plan` in a terminal, shaped like Terraform's: who gains risky access first (that is
// what a reviewer must not miss), then the changes in apply order with + ~ - symbols, then who
// gains or loses what, findings, unmanaged objects, and the count line scripts look for.
import { hasChanges } from '../../plan/types.ts';
import type { Change, Plan } from '../../plan/types.ts';
import type { Colour, Paint } from '../style.ts';
import { accessShown, changeDetails, changesInApplyOrder, countLine, findingLocation, findingsShown, kindLabel, riskyGrants, riskyVia } from './describe.ts';
import type { AccessShown, Sign } from './describe.ts';
import { plainText } from './escape.ts';
import { pushAll } from '../../util/arrays.ts';

export interface PlanTextOptions {
  readonly paint: Paint;
}

/** Users listed in the access section; the rest are counted (`--format json` has them all). */
export const ACCESS_USERS_SHOWN = 50;

export const NO_CHANGES = 'No changes. The target matches the policy.';

/** The ending when nothing changes but the target holds objects git does not: the target
 *  does not match the policy, and saying so would hide them. */
export function noChangesWithUnmanaged(count: number): string {
  return `No changes to apply, but the target does not match the policy: ${count} unmanaged object${count === 1 ? ' is' : 's are'} in the target and not in git (unmanaged: report leaves ${count === 1 ? 'it' : 'them'} as ${count === 1 ? 'it is' : 'they are'}).`;
}

const SIGN_COLOUR: Readonly<Record<Sign, Colour>> = { '+': 'green', '-': 'red', '~': 'yellow' };
const ACTION_SIGN: Readonly<Record<Change['action'], Sign>> = { create: '+', update: '~', delete: '-' };

const t = plainText;
const quoted = (s: string): string => JSON.stringify(plainText(s));
const label = (kind: Change['kind'], name: string): string => `${t(kindLabel(kind))} ${quoted(name)}`;

export function renderPlanText(plan: Plan, opts: PlanTextOptions): string {
  const { paint } = opts;
  const changed = hasChanges(plan);
  const sections = [
    changed ? riskySection(plan, paint) : [],
    changed ? changesSection(plan, paint) : [],
    changed ? accessSection(plan, paint) : [],
    findingsSection(plan, paint),
    unmanagedSection(plan, paint),
  ];
  const out = [paint('bold', `permctl plan: ${t(plan.instance)} → ${t(plan.target)}`)];
  for (const s of sections) if (s.length > 0) pushAll(out, ['', ...s]);
  out.push('', changed ? countLine(plan.summary) : plan.unmanaged.length > 0 ? noChangesWithUnmanaged(plan.unmanaged.length) : NO_CHANGES);
  return `${out.join('\n')}\n`;
}

function riskySection(plan: Plan, paint: Paint): string[] {
  const grants = riskyGrants(plan);
  if (grants.length === 0) return [];
  return [
    paint('bold', 'High-risk access granted:'),
    ...grants.map((g) => paint('red', `  ! ${t(g.login)} gains ${t(g.permission)} via ${t(riskyVia(g))}`)),
  ];
}

function changesSection(plan: Plan, paint: Paint): string[] {
  const lines = [paint('bold', 'Changes, in apply order:')];
  for (const c of changesInApplyOrder(plan.changes)) {
    const sign = ACTION_SIGN[c.action];
    lines.push(`  ${paint(SIGN_COLOUR[sign], sign)} ${label(c.kind, c.name)}`);
    for (const d of changeDetails(c)) lines.push(`      ${paint(SIGN_COLOUR[d.sign], d.sign)} ${t(d.text)}`);
  }
  return lines;
}

function accessSection(plan: Plan, paint: Paint): string[] {
  const shown = accessShown(plan);
  if (shown.length === 0) return [];
  const lines = [paint('bold', 'Access changes:'), ...shown.slice(0, ACCESS_USERS_SHOWN).map((a) => accessLine(a, paint))];
  const more = shown.length - ACCESS_USERS_SHOWN;
  if (more > 0) lines.push(`  … and ${more} more user${more === 1 ? '' : 's'}`);
  return lines;
}

/** Permissions listed per user and direction; an administrator gains ~140, which would make
 *  one unreadable line. The plan file and `permctl explain` have them all. */
const PERMISSIONS_SHOWN = 12;

function accessLine(a: AccessShown, paint: Paint): string {
  const items = (names: readonly string[], sign: Sign): string[] => {
    // A name that itself starts with a sign (a line named by its number) is quoted.
    const shown = names.slice(0, PERMISSIONS_SHOWN).map((n) => paint(SIGN_COLOUR[sign], `${sign}${/^[+-]/.test(n) ? quoted(n) : t(n)}`));
    return names.length > PERMISSIONS_SHOWN ? [...shown, `(${sign}${names.length - PERMISSIONS_SHOWN} more)`] : shown;
  };
  const groups = [items(a.gained, '+').join(' '), items(a.lost, '-').join(' ')];
  const recordings = [...items(a.recordingsGained, '+'), ...items(a.recordingsLost, '-')];
  if (recordings.length > 0) groups.push(`recordings ${recordings.join(' ')}`);
  const lines = [...items(a.linesGained, '+'), ...items(a.linesLost, '-')];
  if (lines.length > 0) groups.push(`lines ${lines.join(' ')}`);
  // A restriction gained narrows access; one lost widens it.
  if (a.restrictionsGained.length + a.restrictionsLost.length > 0) groups.push(`restrictions ${[...a.restrictionsGained.map((n) => paint('red', `now restricted by ${t(n)}`)), ...a.restrictionsLost.map((n) => paint('green', `no longer restricted by ${t(n)}`))].join(', ')}`);
  return `  ${[t(a.login), ...groups.filter((g) => g !== '')].join('  ')}`;
}

function findingsSection(plan: Plan, paint: Paint): string[] {
  const shown = findingsShown(plan);
  if (shown.length === 0) return [];
  return [
    paint('bold', 'Findings:'),
    ...shown.map((f) => {
      const where = findingLocation(f);
      const severity = f.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
      return `  ${where === null ? '' : `${t(where)}: `}${severity} ${t(f.code)}: ${t(f.message)}`;
    }),
  ];
}

function unmanagedSection(plan: Plan, paint: Paint): string[] {
  if (plan.unmanaged.length === 0) return [];
  return [
    paint('bold', 'Unmanaged objects:'),
    // The planner lists objects here only under `unmanaged: report`; under `revoke` they are deletions.
    ...plan.unmanaged.map((u) => `  ${paint('cyan', '?')} ${label(u.kind, u.name)} exists in the target but not in git (unmanaged: report)`),
  ];
}
