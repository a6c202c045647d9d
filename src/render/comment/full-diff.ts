// The full plan as a unified diff, one hunk group per changed object, made with the `diff`
// package (structuredPatch) from the canonical before and after of the object: JSON with
// sorted keys, one array item per line, so a permission added reads as one `+` line.
import { structuredPatch } from 'diff';
import type { Change } from '../../plan/types.ts';
import { kindLabel } from '../plan/describe.ts';
import { plainText } from '../inert.ts';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const src = value as Readonly<Record<string, unknown>>;
  // fromEntries, not assignment: a key named __proto__ stays data.
  return Object.fromEntries(Object.keys(src).sort().map((k) => [k, sortKeys(src[k])]));
}

/** The canonical text of an object state; '' for none (before a create, after a delete). */
export function canonical(state: unknown): string {
  return state === null || state === undefined ? '' : `${JSON.stringify(sortKeys(state), null, 2)}\n`;
}

/** One object's diff: a `@@` header naming it, then its hunks. Plain text, one line each. */
export function objectDiff(c: Change): string {
  const patch = structuredPatch('', '', canonical(c.before), canonical(c.after), '', '', { context: 3 });
  const lines = [`@@ ${plainText(String(c.action))} ${plainText(kindLabel(c.kind))} ${JSON.stringify(plainText(String(c.name)))} @@`];
  for (const h of patch.hunks) for (const l of h.lines) lines.push(plainText(l));
  return `${lines.join('\n')}\n`;
}
