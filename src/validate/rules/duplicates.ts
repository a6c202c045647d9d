// No two objects of a kind share a name anywhere in the repository; logins are compared
// case-insensitively (Amazon Connect usernames are), phone numbers by their digits.
import type { Diagnostic, Origin } from '../../diagnostics/types.ts';
import type { Sourced } from '../../model/types.ts';
import type { Rule } from './context.ts';

function findDuplicates<T>(kind: string, items: readonly Sourced<T>[], keyOf: (v: T) => string, field: string, code: 'PC308' | 'PC309' | 'PC312' = 'PC308'): Diagnostic[] {
  const first = new Map<string, Origin>();
  const out: Diagnostic[] = [];
  for (const item of items) {
    const key = keyOf(item.value);
    const prev = first.get(key);
    if (prev === undefined) {
      first.set(key, item.origin);
      continue;
    }
    const path = [...item.origin.path, field];
    const value = String((item.value as Record<string, unknown>)[field]);
    out.push({ code, severity: 'error', file: item.origin.file, doc: item.origin.doc, path, related: { file: prev.file, doc: prev.doc, path: [...prev.path, field] }, args: { kind, name: value } });
  }
  return out;
}

export const duplicateNames: Rule = {
  name: 'duplicate-names',
  check: ({ model }) => [
    ...findDuplicates('SecurityProfile', model.profiles, (p) => p.name, 'name'),
    ...findDuplicates('RoutingProfile', model.routingProfiles, (p) => p.name, 'name'),
    ...findDuplicates('Guardrail', model.guardrails, (g) => g.name, 'name'),
    ...findDuplicates('Queue', model.queues, (q) => q.name, 'name'),
    ...findDuplicates('Line', model.lines, (l) => l.id, 'id'),
    ...findDuplicates('Line', model.lines, (l) => l.number.replace(/[^\d+]/g, ''), 'number', 'PC312'),
    ...findDuplicates('User', model.users, (u) => u.login.toLowerCase(), 'login', 'PC309'),
  ],
};
