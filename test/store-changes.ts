// Plans made by hand for store tests: the changes between two states, each object's whole
// `after`, and a plan of them. A minimal planner, enough to drive a store without the real one
// (which projects, aligns renames and judges).
import { keyOf } from '../src/plan/canonical.ts';
import { objectsOf } from '../src/plan/diff.ts';
import { canonicalJson } from '../src/plan/fingerprint.ts';
import type { TargetState } from '../src/plan/state.ts';
import { APPLY_ORDER } from '../src/plan/state.ts';
import type { AccessChange, Change, Plan } from '../src/plan/types.ts';
import { PLAN_FORMAT_VERSION } from '../src/plan/types.ts';

export function changesBetween(from: TargetState, to: TargetState): Change[] {
  const out: Change[] = [];
  for (const kind of APPLY_ORDER) {
    const before = new Map(objectsOf(from, kind).map((o) => [keyOf(kind, o), o]));
    const after = new Map(objectsOf(to, kind).map((o) => [keyOf(kind, o), o]));
    for (const [name, o] of after) {
      const prev = before.get(name);
      if (prev === undefined) out.push({ kind, name, action: 'create', before: null, after: o });
      else if (canonicalJson(prev) !== canonicalJson(o)) out.push({ kind, name, action: 'update', before: prev, after: o });
    }
    for (const [name, o] of before) if (!after.has(name)) out.push({ kind, name, action: 'delete', before: o, after: null });
  }
  return out;
}

const accessOf = (login: string): AccessChange => ({ login, gained: [], lost: [], linesGained: [], linesLost: [], riskyGained: [] });

/** A plan of `changes` against a target whose fingerprint is `targetFingerprint`; `access`
 *  names the users whose access it changes (default: the users it writes). */
export function planOf(changes: Change[], targetFingerprint: string, access?: readonly string[]): Plan {
  const count = (a: Change['action']): number => changes.filter((c) => c.action === a).length;
  return {
    format_version: PLAN_FORMAT_VERSION,
    instance: 'acme',
    target: 'sqlite:test',
    createdAt: '2025-01-01T00:00:00.000Z',
    gitCommit: null,
    targetFingerprint,
    policyFingerprint: 'sha256:policy',
    changes,
    access: (access ?? changes.filter((c) => c.kind === 'user').map((c) => c.name)).map(accessOf),
    findings: [],
    unmanaged: [],
    summary: { create: count('create'), update: count('update'), delete: count('delete'), usersGaining: 0, usersLosing: 0, riskyGrants: 0, unmanaged: 0, revokeRatio: 0 },
  };
}
