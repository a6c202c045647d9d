// The chain of reasons behind one permission of one profile: follow the first reason until it
// bottoms out in a declaration. "RoutingPolicies.View ← implied by RoutingPolicies.Edit
// (edit-implies-view) ← declared in SupervisorEMEA".
import type { CompiledProfile, Reason } from '../compile/types.ts';

export interface Step {
  readonly permission: string;
  readonly profile: string;
  readonly reason: Reason;
}

export function chainOf(profile: CompiledProfile, permission: string, profiles: ReadonlyMap<string, CompiledProfile>): Step[] {
  const steps: Step[] = [];
  let current: CompiledProfile | undefined = profile;
  let perm = permission;
  // Rules are acyclic and extends cycles are broken at compile time; the bound is a backstop.
  for (let i = 0; current && i < 64; i++) {
    const reason: Reason | undefined = current.permissions.get(perm)?.[0];
    if (!reason) break;
    steps.push({ permission: perm, profile: current.name, reason });
    if (reason.type === 'implied') perm = reason.by;
    else if (reason.type === 'extends') current = profiles.get(reason.profile);
    else break;
  }
  return steps;
}
