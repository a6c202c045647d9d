// `permctl explain USER|PROFILE`: a user's (or profile's) permissions, each with its chain of
// reasons. Pure over the compiled policy.
import type { Catalog, Risk } from '../catalog/catalog.ts';
import type { CompiledPolicy, CompiledProfile, CompiledUser, EffectiveRecordings } from '../compile/types.ts';
import { suggest } from '../util/suggest.ts';
import { adminStatus } from '../compile/escalation.ts';
import type { AdminStatus, Escalation } from '../compile/escalation.ts';
import { chainOf } from './chain.ts';
import type { Step } from './chain.ts';

export interface ExplainedPermission {
  readonly name: string;
  readonly risk: Risk;
  /** One entry per profile that grants it, each with its chain of reasons. */
  readonly via: readonly { readonly profile: string; readonly chain: readonly Step[] }[];
}

export type Explanation =
  | { readonly kind: 'user'; readonly user: CompiledUser; readonly permissions: readonly ExplainedPermission[]; readonly recordings?: EffectiveRecordings; readonly admin?: AdminStatus }
  | { readonly kind: 'profile'; readonly profile: CompiledProfile; readonly permissions: readonly ExplainedPermission[] }
  | { readonly kind: 'unknown'; readonly name: string; readonly suggestions: readonly string[] };

const RISK_ORDER: Record<Risk, number> = { high: 0, medium: 1, low: 2 };

function explainPermissions(names: readonly string[], viaOf: (p: string) => readonly string[], policy: CompiledPolicy, catalog: Catalog): ExplainedPermission[] {
  return names
    .map((name) => ({
      name,
      risk: catalog.permissions.get(name)?.risk ?? 'low',
      via: viaOf(name).flatMap((profile) => {
        const p = policy.profiles.get(profile);
        return p ? [{ profile, chain: chainOf(p, name, policy.profiles) }] : [];
      }),
    }))
    .sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || (a.name < b.name ? -1 : 1));
}

export function explain(name: string, policy: CompiledPolicy, catalog: Catalog, escalation?: Escalation): Explanation {
  const user = policy.users.find((u) => u.login.toLowerCase() === name.toLowerCase());
  if (user) {
    const permissions = explainPermissions(user.access.permissions, (p) => user.access.via.get(p) ?? [], policy, catalog);
    const admin = escalation ? adminStatus(user.access, escalation) : undefined;
    return { kind: 'user', user, permissions, ...(user.recordings ? { recordings: user.recordings } : {}), ...(admin ? { admin } : {}) };
  }
  const profile = policy.profiles.get(name);
  if (profile) return { kind: 'profile', profile, permissions: explainPermissions([...profile.permissions.keys()], () => [profile.name], policy, catalog) };
  return { kind: 'unknown', name, suggestions: suggest(name, [...policy.profiles.keys(), ...policy.users.map((u) => u.login)]) };
}
