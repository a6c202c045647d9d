// Guardrails: the repository's `kind: Guardrail` rules plus the baseline ones shipped in
// policies/guardrails.yaml (minus those switched off in permctl.yaml), evaluated over the
// compiled policy. Each rule type is one small function; violations are diagnostics.
import type { BaselineGuardrail } from '../catalog/builtin.ts';
import type { Diagnostic, Origin } from '../diagnostics/types.ts';
import type { GuardrailRuleDoc, Sourced } from '../model/types.ts';
import type { Guardrail } from '../model/types.ts';
import type { Combination } from './combinations.ts';
import { adminStatus } from './escalation.ts';
import type { Escalation } from './escalation.ts';
import type { AccessSet, CompiledPolicy, CompiledUser } from './types.ts';

interface Located {
  readonly guardrail: string;
  readonly rule: GuardrailRuleDoc;
  /** Where the rule is written; undefined for baseline guardrails. */
  readonly origin?: Origin;
}

type Where = Pick<Diagnostic, 'file' | 'doc' | 'path'>;
const atOrigin = (o: Origin | undefined): Where => (o ? { file: o.file, doc: o.doc, path: o.path } : {});
const atUser = (u: CompiledUser): Where => ({ file: u.origin.file, doc: u.origin.doc, path: [...u.origin.path, 'login'] });

/** Profiles that matter: every repository profile, and built-ins someone uses. */
function profilesInUse(policy: CompiledPolicy, combinations: readonly Combination[]): Set<string> {
  const used = new Set<string>();
  for (const c of combinations) for (const p of c.access.profiles) used.add(p);
  for (const p of policy.profiles.values()) {
    if (p.source === 'repository') used.add(p.name);
    for (const e of p.extends) used.add(e);
  }
  return used;
}

/** Combinations of profiles that violate `test`: one finding each, at its first user. */
function perCombination(combinations: readonly Combination[], test: (a: AccessSet) => boolean, make: (u: CompiledUser, count: number) => Diagnostic): Diagnostic[] {
  return combinations.filter((c) => test(c.access)).map((c) => make(c.first, c.count));
}

function evaluate(g: Located, policy: CompiledPolicy, combinations: readonly Combination[], inUse: ReadonlySet<string>, escalation: Escalation): Diagnostic[] {
  const { rule } = g;
  const severity = rule.severity ?? 'error';
  const perm = rule.permission ?? '';
  if (rule.onlyProfiles) {
    const allowed = new Set(rule.onlyProfiles);
    return [...policy.profiles.values()]
      .filter((p) => inUse.has(p.name) && p.permissions.has(perm) && !allowed.has(p.name))
      .map((p) => ({ code: 'PC510', severity, ...(p.origin ? atOrigin({ ...p.origin, path: ['name'] }) : atOrigin(g.origin)), args: { guardrail: g.guardrail, permission: perm, profile: p.name, allowed: rule.onlyProfiles ?? [] } }));
  }
  if (rule.maxUsers !== undefined) {
    const holders = combinations.reduce((n, c) => n + (c.access.has.has(perm) ? c.count : 0), 0);
    return holders > rule.maxUsers ? [{ code: 'PC511', severity, ...atOrigin(g.origin), args: { guardrail: g.guardrail, permission: perm, count: holders, max: rule.maxUsers } }] : [];
  }
  if (rule.maxAdmins !== undefined) {
    // Not only who administers now: who can make themselves an administrator (escalation.ts).
    const holders = combinations.reduce((n, c) => n + (adminStatus(c.access, escalation) ? c.count : 0), 0);
    return holders > rule.maxAdmins ? [{ code: 'PC514', severity, ...atOrigin(g.origin), args: { guardrail: g.guardrail, count: holders, max: rule.maxAdmins } }] : [];
  }
  if (rule.forbidTogether) {
    const all = rule.forbidTogether;
    return perCombination(combinations, (a) => all.every((p) => a.has.has(p)), (u, n) => ({ code: 'PC512', severity, ...atUser(u), args: { guardrail: g.guardrail, login: u.login, others: n - 1, permissions: all } }));
  }
  const requires = rule.requires ?? [];
  return perCombination(
    combinations,
    (a) => a.has.has(perm) && requires.some((r) => !a.has.has(r)),
    (u, n) => ({ code: 'PC513', severity, ...atUser(u), args: { guardrail: g.guardrail, login: u.login, others: n - 1, permission: perm, missing: requires.filter((r) => !u.access.has.has(r)) } }),
  );
}

export function checkGuardrails(policy: CompiledPolicy, combinations: readonly Combination[], repo: readonly Sourced<Guardrail>[], baseline: readonly BaselineGuardrail[], disabled: readonly string[], escalation: Escalation): Diagnostic[] {
  const rules: Located[] = [
    ...baseline.filter((b) => !disabled.includes(b.name)).flatMap((b) => b.rules.map((rule) => ({ guardrail: b.name, rule }))),
    ...repo.flatMap((g) => g.value.rules.map((rule, i) => ({ guardrail: g.value.name, rule, origin: { ...g.origin, path: ['rules', i] } }))),
  ];
  const inUse = profilesInUse(policy, combinations);
  return rules.flatMap((g) => evaluate(g, policy, combinations, inUse, escalation));
}
