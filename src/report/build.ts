// The access review: who holds what, through which profile and rule; who holds risky
// permissions; who can hear each line; what changed in the target since a history entry.
// Pure: the compiled policy and what the command read in, plain data out. Renderers (HTML,
// CSV) turn it into files. Users are indexed and share their profile combination's access,
// so 50,000 users cost one small tuple each.
import type { Catalog, Risk } from '../catalog/catalog.ts';
import type { CompiledPolicy, EffectiveRecordings } from '../compile/types.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { chainOf } from '../query/chain.ts';
import type { Step } from '../query/chain.ts';
import type { HistoryRecord } from '../targets/contract.ts';

export interface ReportMeta {
  readonly instance: string;
  readonly generatedAt: string;
  readonly gitCommit: string | null;
  readonly policyFingerprint: string;
  readonly permctlVersion: string;
  /** Present when the report was made against a target. */
  readonly target?: { readonly url: string; readonly fingerprint: string; readonly since: number };
}

export interface ReportUser {
  readonly login: string;
  readonly name: string;
  readonly hierarchy: string;
  readonly routingProfile: string;
  /** Index into AccessReport.combos. */
  readonly combo: number;
  readonly recordings: EffectiveRecordings | undefined;
}

export interface ReportCombo {
  readonly profiles: readonly string[];
  /** Indexes into AccessReport.permissions, ascending. */
  readonly permissions: readonly number[];
}

export interface RiskyHolding {
  readonly permission: string;
  readonly risk: Risk;
  /** One entry per granting profile: the chain of reasons, and the users (indexes). */
  readonly via: readonly { readonly profile: string; readonly chain: readonly Step[]; readonly users: readonly number[] }[];
}

export interface LineAccess {
  readonly id: string;
  readonly number: string;
  readonly description: string;
  /** Users (indexes) given this line; users who hear every line are in allLines. */
  readonly users: readonly number[];
}

export interface AccessReport {
  readonly meta: ReportMeta;
  /** Every permission at least one user holds, sorted, with its risk. */
  readonly permissions: readonly { readonly name: string; readonly risk: Risk }[];
  readonly profiles: readonly { readonly name: string; readonly description: string; readonly builtin: boolean }[];
  readonly combos: readonly ReportCombo[];
  readonly users: readonly ReportUser[];
  readonly risky: readonly RiskyHolding[];
  readonly lines: readonly LineAccess[];
  /** Users (indexes) who can hear every line (agents with agentRecordingAccess: all). */
  readonly allLines: readonly number[];
  /** Agents whose recording access is not line-scoped (own calls, or all lines). */
  readonly agentRecordingAccess: 'none' | 'own' | 'all';
  readonly findings: readonly Diagnostic[];
  /** Applies recorded after meta.target.since, oldest first; absent without a target. */
  readonly changes?: readonly HistoryRecord[];
}

export interface ReportInput {
  readonly policy: CompiledPolicy;
  readonly catalog: Catalog;
  readonly diagnostics: readonly Diagnostic[];
  readonly meta: ReportMeta;
  readonly history?: readonly HistoryRecord[];
}

const RISKY: ReadonlySet<Risk> = new Set(['high', 'medium']);

export function buildReport(input: ReportInput): AccessReport {
  const { policy, catalog } = input;
  const comboKey = new Map<string, number>();
  const combos: { profiles: readonly string[]; perms: readonly string[] }[] = [];
  const held = new Set<string>();
  const users: ReportUser[] = policy.users.map((u) => {
    const key = u.access.profiles.join('\u0000');
    let combo = comboKey.get(key);
    if (combo === undefined) {
      combo = combos.length;
      comboKey.set(key, combo);
      combos.push({ profiles: u.access.profiles, perms: u.access.permissions });
      for (const p of u.access.permissions) held.add(p);
    }
    return { login: u.login, name: u.name ?? '', hierarchy: u.hierarchy ?? '', routingProfile: u.routingProfile ?? '', combo, recordings: u.recordings };
  });
  const permissions = [...held].sort().map((name) => ({ name, risk: catalog.permissions.get(name)?.risk ?? 'low' }));
  const index = new Map(permissions.map((p, i) => [p.name, i]));
  return {
    meta: input.meta,
    permissions,
    profiles: [...policy.profiles.values()].map((p) => ({ name: p.name, description: p.description ?? '', builtin: p.source === 'builtin' })),
    combos: combos.map((c) => ({ profiles: c.profiles, permissions: c.perms.map((p) => index.get(p) ?? -1).filter((i) => i >= 0) })),
    users,
    risky: riskyHoldings(policy, permissions),
    ...lineAccess(policy, users),
    agentRecordingAccess: policy.settings.agentRecordingAccess,
    findings: input.diagnostics.filter((d) => d.severity !== 'info' || d.code.startsWith('PC5')),
    ...(input.meta.target ? { changes: [...(input.history ?? [])].filter((h) => h.id > (input.meta.target?.since ?? 0)).sort((a, b) => a.id - b.id) } : {}),
  };
}

/** Who can hear each line: one pass over the users (a line-by-user scan is 2,000 × 50,000). */
function lineAccess(policy: CompiledPolicy, users: readonly ReportUser[]): { lines: LineAccess[]; allLines: number[] } {
  const byLine = new Map<string, number[]>(policy.lines.map((l) => [l.id, []]));
  const allLines: number[] = [];
  users.forEach((u, i) => {
    const r = u.recordings;
    if (!r?.viewCallRecordings) return;
    if (r.scope === 'all') allLines.push(i);
    else if (r.scope === 'lines') for (const l of r.lines) byLine.get(l)?.push(i);
  });
  return { lines: policy.lines.map((l) => ({ id: l.id, number: l.number, description: l.description ?? '', users: byLine.get(l.id) ?? [] })), allLines };
}

function riskyHoldings(policy: CompiledPolicy, permissions: readonly { name: string; risk: Risk }[]): RiskyHolding[] {
  return permissions
    .filter((p) => RISKY.has(p.risk))
    .sort((a, b) => (a.risk === b.risk ? (a.name < b.name ? -1 : 1) : a.risk === 'high' ? -1 : 1))
    .map((p) => {
      const byProfile = new Map<string, number[]>();
      policy.users.forEach((u, i) => {
        if (!u.access.has.has(p.name)) return;
        for (const profile of u.access.via.get(p.name) ?? []) {
          const list = byProfile.get(profile) ?? [];
          list.push(i);
          byProfile.set(profile, list);
        }
      });
      const via = [...byProfile].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([profile, users]) => {
        const compiled = policy.profiles.get(profile);
        return compiled ? [{ profile, chain: chainOf(compiled, p.name, policy.profiles), users }] : [];
      });
      return { permission: p.name, risk: p.risk, via };
    });
}
