// The sections of the PR comment, each a Block for fit.ts: risky grants, security profiles,
// routing, users, access, other objects, findings, unmanaged objects, the full diff.
import type { Change, Finding, Plan, Unmanaged } from '../../plan/types.ts';
import { changeDetails, changesInApplyOrder, findingsShown, kindLabel } from '../plan/describe.ts';
import { escapeMarkdown } from '../plan/escape.ts';
import type { Block } from './fit.ts';
import { objectDiff } from './full-diff.ts';
import { accessGroups, changeGroups, riskyGroups } from './groups.ts';
import type { AccessGroup } from './groups.ts';
import { code, fenceFor, prose } from './inert.ts';

/** Names listed in one cell or line; the rest are counted. */
export const NAMES_SHOWN = 20;

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const list = <T>(v: unknown): readonly T[] => (Array.isArray(v) ? (v as T[]) : []);
const strings = (v: unknown): readonly string[] => list<unknown>(v).map(String);

/** Names as code spans, at most NAMES_SHOWN, then "… and N more". */
export function names(items: readonly string[], cell = false, shown = NAMES_SHOWN): string {
  const head = items.slice(0, shown).map((n) => code(n, cell));
  const more = items.length - head.length;
  return more > 0 ? `${head.join(', ')} … and ${more.toLocaleString('en-US')} more` : head.join(', ');
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;
const omittedRows = (what: string) => (n: number): string => `\n*… ${plural(n, what)} not shown here; \`permctl plan\` lists them all.*\n`;

function table(title: string, intro: string | null, columns: readonly string[], rows: readonly (() => readonly string[])[], what: string): Block {
  const introText = intro === null ? '' : `${intro}\n\n`;
  return {
    head: `\n### ${title}\n\n${introText}${row(columns)}${row(columns.map(() => '---'))}`,
    count: rows.length,
    item: (i) => row(rows[i]?.() ?? []),
    tail: '',
    omitted: omittedRows(what),
  };
}

const ACTION: Readonly<Record<string, string>> = { create: '🟢 create', update: '🟡 update', delete: '🔴 delete' };
const action = (a: unknown): string => ACTION[String(a)] ?? escapeMarkdown(String(a));
const details = (c: Change): string => changeDetails(c).map((d) => prose(`${d.sign} ${d.text}`, true)).join('<br>');

export function riskyBlock(plan: Plan, reason: (permission: string) => string | undefined): Block {
  const groups = riskyGroups(plan);
  return {
    head: '\n### ⚠️ Risky grants\n\nReview these first.\n\n',
    count: groups.length,
    item: (i) => {
      const g = groups[i];
      if (g === undefined) return '';
      const why = reason(g.permission);
      const through = [...(g.via.length > 0 ? [names(g.via)] : []), ...(g.viaRecordings ? ['their recording settings'] : [])];
      const via = through.length > 0 ? ` (through ${through.join(' and ')})` : '';
      return `- **${plural(g.logins.length, 'user')} ${g.logins.length === 1 ? 'gains' : 'gain'}** ${code(g.permission)}${via}${why === undefined ? '' : `: ${prose(why)}`}\n  ${names(g.logins)}\n`;
    },
    tail: '',
    omitted: (n) => `\n*… ${plural(n, 'more risky permission')} granted; \`permctl plan\` lists them.*\n`,
    keep: true,
  };
}

export function profilesBlock(changes: readonly Change[]): Block {
  return table('Security profiles', null, ['action', 'profile', 'permissions added', 'permissions removed', 'other changes'], changes.map((c) => () => [
    action(c.action),
    code(String(c.name), true),
    names(strings(c.add), true),
    names(strings(c.remove), true),
    c.action === 'update' ? changeDetails(c).filter((d) => d.sign === '~').map((d) => prose(d.text, true)).join('<br>') : '',
  ]), 'profile');
}

export function objectsBlock(title: string, changes: readonly Change[]): Block {
  return table(title, null, ['action', 'kind', 'name', 'details'], changes.map((c) => () => [action(c.action), escapeMarkdown(kindLabel(c.kind)), code(String(c.name), true), details(c)]), 'object');
}

export function usersBlock(changes: readonly Change[]): Block {
  const groups = changeGroups(changes);
  return table('Users', 'Users with the same change are grouped.', ['users', 'action', 'change'], groups.map((g) => () => [
    `**${plural(g.names.length, 'user')}**: ${names(g.names, true)}`,
    action(g.action),
    g.details.map((d) => prose(d, true)).join('<br>'),
  ]), 'group');
}

const VERB: Readonly<Record<AccessGroup['direction'], [string, string]>> = {
  gain: ['gains', 'gain'],
  lose: ['loses', 'lose'],
  'gain recordings': ['gains recording access', 'gain recording access'],
  'lose recordings': ['loses recording access', 'lose recording access'],
  'gain restrictions': ['is newly restricted by', 'are newly restricted by'],
  'lose restrictions': ['is no longer restricted by', 'are no longer restricted by'],
  hear: ['can now hear recordings of', 'can now hear recordings of'],
  'stop hearing': ['can no longer hear recordings of', 'can no longer hear recordings of'],
};

export function accessBlock(plan: Plan): Block {
  const groups = accessGroups(plan);
  return {
    head: '\n### Access changes\n\nGrouped by what changes and through which security profile.\n\n',
    count: groups.length,
    item: (i) => {
      const g = groups[i];
      if (g === undefined) return '';
      const verb = VERB[g.direction][g.logins.length === 1 ? 0 : 1];
      const through = g.profiles.length === 0 ? '' : g.through === 'assigned' ? `${names(g.profiles)} → ` : `${names(g.profiles)} (changed) → `;
      return `- **${plural(g.logins.length, 'user')} ${verb}** ${through}${names(g.items)}\n  ${names(g.logins)}\n`;
    },
    tail: '',
    omitted: (n) => `\n*… ${plural(n, 'more group')} of access changes not shown; \`permctl plan\` lists them all.*\n`,
  };
}

function location(f: Finding): string {
  if (f.file === null || f.file === undefined) return '';
  return code(f.line === null || f.line === undefined ? String(f.file) : `${String(f.file)}:${String(f.line)}`, true);
}

export function findingsBlock(plan: Plan): Block {
  const shown = findingsShown({ ...plan, findings: list<Finding>(plan.findings) });
  return table('Findings', null, ['', 'code', 'message', 'location'], shown.map((f) => () => [
    f.severity === 'error' ? '❌ error' : '⚠️ warning',
    escapeMarkdown(String(f.code)),
    prose(String(f.message), true),
    location(f),
  ]), 'finding');
}

export function unmanagedBlock(plan: Plan): Block {
  return table('Unmanaged objects', 'These exist in the target but not in git; permctl leaves them as they are (`unmanaged: report`).', ['kind', 'name'],
    list<Unmanaged>(plan.unmanaged).map((u) => () => [escapeMarkdown(kindLabel(u.kind)), code(String(u.name), true)]), 'object');
}

export function diffBlock(changes: readonly Change[], max: number): Block {
  const ordered = changesInApplyOrder(changes);
  // Rendered up front as far as could fit, so the fence can be longer than any backtick run.
  const items: string[] = [];
  let chars = 0;
  for (let i = 0; i < ordered.length && chars <= max; i++) {
    const c = ordered[i];
    if (c === undefined) break;
    const d = objectDiff(c);
    items.push(d);
    chars += d.length;
  }
  // fit.ts renders items up to the same bound, so it never asks for one past `items`; the
  // fallback only keeps the function total.
  const fence = items.reduce((f, d) => (fenceFor(d).length > f.length ? fenceFor(d) : f), '```');
  return {
    head: `\n<details><summary>Full plan: ${plural(changes.length, 'changed object')}</summary>\n\n${fence}diff\n`,
    count: ordered.length,
    item: (i) => items[i] ?? (ordered[i] === undefined ? '' : objectDiff(ordered[i])),
    tail: `${fence}\n\n</details>\n`,
    omitted: (n) => `\n*… the diff of ${plural(n, 'more object')} is not shown; \`permctl plan --format json\` has them all.*\n`,
  };
}
