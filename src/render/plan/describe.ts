// What the text and Markdown renderers both show, as plain data: changes in apply order, the
// details under each change, the risky grants, the findings worth showing. Strings here are
// raw (straight from the plan); each renderer escapes them for its own output.
import type { ObjectKind } from '../../plan/state.ts';
import { APPLY_ORDER } from '../../plan/state.ts';
import type { AccessChange, Change, Finding, Plan, PlanSummary } from '../../plan/types.ts';
import { plainText } from './escape.ts';

export const KIND_LABEL: Readonly<Record<ObjectKind, string>> = {
  instance: 'instance',
  queue: 'queue',
  line: 'line',
  routingProfile: 'routing profile',
  profile: 'security profile',
  user: 'user',
};

/** A saved plan file is only checked shallowly when read, so an unknown kind is shown as it is. */
export const kindLabel = (kind: ObjectKind): string => KIND_LABEL[kind] ?? String(kind);

export type Sign = '+' | '-' | '~';

/** One line under a change: a permission or profile added or removed, or a field that changes. */
export interface Detail {
  readonly sign: Sign;
  readonly text: string;
}

export interface RiskyGrant {
  readonly login: string;
  readonly permission: string;
  readonly via: readonly string[];
  /** A recording-archive permission of the user's own settings, not of a profile. */
  readonly recordings: boolean;
}

/** How a risky grant reaches the user, in words. */
export function riskyVia(g: RiskyGrant): string {
  if (g.recordings) return 'recording settings';
  return g.via.length > 0 ? g.via.join(', ') : '(unknown profile)';
}

// plainText first: a line break shows as a space here as everywhere else, not as \n.
const quote = (s: string): string => JSON.stringify(plainText(s));

export function countLine(s: PlanSummary): string {
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete.`;
}

/** Grouped by kind in apply order; within a kind the planner's order is kept (the sort is stable). */
export function changesInApplyOrder(changes: readonly Change[]): Change[] {
  const rank = (c: Change): number => APPLY_ORDER.indexOf(c.kind);
  return [...changes].sort((a, b) => rank(a) - rank(b));
}

export function riskyGrants(plan: Plan): RiskyGrant[] {
  return plan.access.flatMap((a) => a.riskyGained.map((r) => ({ login: a.login, permission: r.permission, via: r.via, recordings: r.through === 'recordings' })));
}

/** An access change with every list present (a plan of format 1.0 lacks the newer ones). */
export interface AccessShown extends AccessChange {
  readonly recordingsGained: readonly string[];
  readonly recordingsLost: readonly string[];
  readonly restrictionsGained: readonly string[];
  readonly restrictionsLost: readonly string[];
}

export function accessShown(plan: Plan): AccessShown[] {
  return plan.access
    .map((a) => ({ ...a, recordingsGained: a.recordingsGained ?? [], recordingsLost: a.recordingsLost ?? [], restrictionsGained: a.restrictionsGained ?? [], restrictionsLost: a.restrictionsLost ?? [] }))
    .filter((a) => a.gained.length + a.lost.length + a.linesGained.length + a.linesLost.length + a.recordingsGained.length + a.recordingsLost.length + a.restrictionsGained.length + a.restrictionsLost.length > 0);
}

/** Errors and warnings, errors first; notes stay in `plan --format json`. */
export function findingsShown(plan: Plan): Finding[] {
  const rank = (f: Finding): number => (f.severity === 'error' ? 0 : 1);
  return plan.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').sort((a, b) => rank(a) - rank(b));
}

export function findingLocation(f: Finding): string | null {
  if (f.file === null) return null;
  return f.line === null ? f.file : `${f.file}:${f.line}`;
}

// The list a change's add/remove describes; it is shown as those lines, not again as a field.
const LISTED: Partial<Record<ObjectKind, string>> = { profile: 'permissions', user: 'securityProfiles' };

/** Lines under a change. Deletions show nothing further: the whole object goes. */
export function changeDetails(c: Change): Detail[] {
  if (c.action === 'delete') return [];
  const item = c.kind === 'user' ? (n: string): string => `security profile ${quote(n)}` : (n: string): string => n;
  return [
    ...(c.add ?? []).map((n): Detail => ({ sign: '+', text: item(n) })),
    ...(c.remove ?? []).map((n): Detail => ({ sign: '-', text: item(n) })),
    ...(c.action === 'update' ? fieldDetails(c) : []),
  ];
}

type Fields = Readonly<Record<string, unknown>>;

const asFields = (v: unknown): Fields => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});

function changedKeys(before: Fields, after: Fields): string[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function fieldDetails(c: Change): Detail[] {
  const before = asFields(c.before);
  const after = asFields(c.after);
  const fields = (c.fields ?? changedKeys(before, after)).filter((f) => f !== LISTED[c.kind]);
  return fields.flatMap((f): Detail[] => {
    // Recording access is several flags and a line list: say which of them change.
    if (f === 'recordings') {
      const b = asFields(before[f]);
      const a = asFields(after[f]);
      return changedKeys(b, a).map((k) => ({ sign: '~', text: `recordings.${k}: ${valueChange(b[k], a[k])}` }));
    }
    if (f === 'queues') return [{ sign: '~', text: `queues: ${listChange(queueList(before[f]), queueList(after[f]))}` }];
    return [{ sign: '~', text: `${f}: ${valueChange(before[f], after[f])}` }];
  });
}

const isStringList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function valueChange(before: unknown, after: unknown): string {
  if ((before === undefined || isStringList(before)) && (after === undefined || isStringList(after))) {
    return listChange(before ?? [], after ?? []);
  }
  return `${formatValue(before)} → ${formatValue(after)}`;
}

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '(none)';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

// A routing profile's queues as comparable strings, so a changed priority reads as one queue
// entry removed and its new form added.
function queueList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((q) => {
    const f = asFields(q);
    return `${quote(String(f.queue))} (priority ${String(f.priority)}, delay ${String(f.delay)}s)`;
  });
}

function listChange(before: readonly string[], after: readonly string[]): string {
  const b = new Set(before);
  const a = new Set(after);
  // A value that itself starts with a sign (a line named by its number, '+4420…') is quoted.
  const v = (x: string): string => (/^[+-]/.test(x) ? JSON.stringify(x) : x);
  const parts = [...after.filter((x) => !b.has(x)).map((x) => `+${v(x)}`), ...before.filter((x) => !a.has(x)).map((x) => `-${v(x)}`)];
  return parts.length > 0 ? parts.join(' ') : '(reordered)';
}
