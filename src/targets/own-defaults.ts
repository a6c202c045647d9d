// Built-in default profiles on a target that has its own (capabilities.ownDefaults): a default
// profile the repository does not define is desired as the target holds it, so permctl never
// rewrites an instance's Admin or Agent to its built-in definition unasked. One the target lacks
// is created from the built-in definition only when a user of the repository holds it.
import type { CompiledPolicy } from '../compile/types.ts';
import type { ProfileState, TargetState } from '../plan/state.ts';

export function keepTargetDefaults(desired: TargetState, policy: CompiledPolicy, current: TargetState): TargetState {
  const builtin = new Set([...policy.profiles.values()].filter((p) => p.source === 'builtin').map((p) => p.name));
  if (builtin.size === 0) return desired;
  const held = new Map(current.profiles.map((p) => [p.name, p]));
  const used = new Set(desired.users.flatMap((u) => u.securityProfiles));
  const profiles = desired.profiles.flatMap((p): ProfileState[] => {
    if (!builtin.has(p.name)) return [p];
    const theirs = held.get(p.name);
    if (theirs !== undefined) return [theirs];
    return used.has(p.name) ? [p] : [];
  });
  return { ...desired, profiles };
}
