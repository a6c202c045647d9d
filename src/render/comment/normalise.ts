// A plan file reaching `permctl comment` may have been made (or edited) by anyone who can open
// a pull request: the comment job only reads it, and must not crash on it. parsePlanFile checks
// the top level; this coerces everything below to the shapes the renderer reads, so a wrong
// type becomes an odd-looking but inert row, never an exception.
import type { AccessChange, Change, Finding, Plan, Unmanaged } from '../../plan/types.ts';

type Obj = Readonly<Record<string, unknown>>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).map((x) => (typeof x === 'string' ? x : JSON.stringify(x) ?? typeof x));
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : (JSON.stringify(v) ?? typeof v));
const state = (v: unknown): Change['before'] => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Change['before']) : null);

function change(v: unknown): Change {
  const c = obj(v);
  return {
    kind: str(c.kind) as Change['kind'],
    name: str(c.name),
    action: str(c.action) as Change['action'],
    before: state(c.before),
    after: state(c.after),
    add: strings(c.add),
    remove: strings(c.remove),
    ...(Array.isArray(c.fields) ? { fields: strings(c.fields) } : {}),
  };
}

export const EXTRA_ACCESS = ['recordingsGained', 'recordingsLost', 'restrictionsGained', 'restrictionsLost'] as const;

function access(v: unknown): AccessChange {
  const a = obj(v);
  return {
    login: str(a.login),
    gained: strings(a.gained),
    lost: strings(a.lost),
    linesGained: strings(a.linesGained),
    linesLost: strings(a.linesLost),
    // Plan format 1.1 adds recording-archive access and restrictions; absent in 1.0 plans.
    ...Object.fromEntries(EXTRA_ACCESS.filter((k) => Array.isArray(a[k])).map((k) => [k, strings(a[k])])),
    riskyGained: list(a.riskyGained).map((r) => ({ permission: str(obj(r).permission), via: strings(obj(r).via), ...(obj(r).through === 'recordings' ? { through: 'recordings' } : {}) })),
  };
}

function finding(v: unknown): Finding {
  const f = obj(v);
  const severity = f.severity === 'error' || f.severity === 'warning' || f.severity === 'info' ? f.severity : 'warning';
  return { severity, code: str(f.code), message: str(f.message), file: typeof f.file === 'string' ? f.file : null, line: Number.isSafeInteger(f.line) ? (f.line as number) : null };
}

export function normalisePlan(plan: Plan): Plan {
  return {
    ...plan,
    instance: str(plan.instance),
    target: str(plan.target),
    gitCommit: typeof plan.gitCommit === 'string' ? plan.gitCommit : null,
    changes: list(plan.changes).map(change),
    access: list(plan.access).map(access),
    findings: list(plan.findings).map(finding),
    unmanaged: list(plan.unmanaged).map((u): Unmanaged => ({ kind: str(obj(u).kind) as Unmanaged['kind'], name: str(obj(u).name) })),
  };
}
