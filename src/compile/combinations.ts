// Users grouped by their combination of profiles (their shared AccessSet): every advisory and
// guardrail depends only on the combination, so it is checked once per combination, not once
// per user. Built in one pass, in user order, so "the first user" of a combination is stable.
import type { AccessSet, CompiledUser } from './types.ts';

export interface Combination {
  readonly access: AccessSet;
  /** The first user (in login order) holding this combination; findings point at them. */
  readonly first: CompiledUser;
  readonly count: number;
}

export function combinationsOf(users: readonly CompiledUser[]): Combination[] {
  const byAccess = new Map<AccessSet, { access: AccessSet; first: CompiledUser; count: number }>();
  for (const u of users) {
    const c = byAccess.get(u.access);
    if (c) c.count++;
    else byAccess.set(u.access, { access: u.access, first: u, count: 1 });
  }
  return [...byAccess.values()];
}
