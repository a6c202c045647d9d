// Who gains and who loses what: each user's effective permissions and recording lines before
// the plan (the target as it is) and after it (the target once the plan is applied). Users
// sharing a combination of profiles share one computed set, so 50,000 users cost a few hundred
// unions per side.
import type { Catalog } from '../catalog/catalog.ts';
import type { ProfileState, TargetState, UserState } from './state.ts';
import type { AccessChange } from './types.ts';

export interface Side {
  readonly profiles: ReadonlyMap<string, ProfileState>;
  readonly users: ReadonlyMap<string, UserState>;
  /** Effective permissions of a combination of profiles, memoised by the combination. */
  readonly permissionsOf: (profiles: readonly string[]) => ReadonlySet<string>;
}

export function sideOf(state: Pick<TargetState, 'profiles' | 'users'>): Side {
  const profiles = new Map(state.profiles.map((p) => [p.name, p]));
  const memo = new Map<string, ReadonlySet<string>>();
  return {
    profiles,
    users: new Map(state.users.map((u) => [u.login, u])),
    permissionsOf: (names) => {
      const key = names.join('\n');
      let set = memo.get(key);
      if (!set) {
        set = new Set(names.flatMap((n) => profiles.get(n)?.permissions ?? []));
        memo.set(key, set);
      }
      return set;
    },
  };
}

const EMPTY: ReadonlySet<string> = new Set();
const linesOf = (u: UserState | undefined): readonly string[] => (u?.recordings?.viewCallRecordings ? u.recordings.lines : []);
const minus = (a: Iterable<string>, b: ReadonlySet<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

export function accessChanges(before: Side, after: Side, changedProfiles: ReadonlySet<string>, catalog: Catalog): AccessChange[] {
  const logins = new Set([...before.users.keys(), ...after.users.keys()]);
  const out: AccessChange[] = [];
  for (const login of [...logins].sort()) {
    const b = before.users.get(login);
    const a = after.users.get(login);
    const sameProfiles = b && a && b.securityProfiles.join('\n') === a.securityProfiles.join('\n') && !a.securityProfiles.some((p) => changedProfiles.has(p));
    const bp = b ? before.permissionsOf(b.securityProfiles) : EMPTY;
    const ap = a ? after.permissionsOf(a.securityProfiles) : EMPTY;
    const gained = sameProfiles ? [] : minus(ap, bp);
    const lost = sameProfiles ? [] : minus(bp, ap);
    const linesGained = minus(linesOf(a), new Set(linesOf(b)));
    const linesLost = minus(linesOf(b), new Set(linesOf(a)));
    if (gained.length + lost.length + linesGained.length + linesLost.length === 0) continue;
    const riskyGained = gained
      .filter((p) => catalog.permissions.get(p)?.risk === 'high')
      .map((permission) => ({ permission, via: (a?.securityProfiles ?? []).filter((n) => after.profiles.get(n)?.permissions.includes(permission)) }));
    out.push({ login, gained, lost, linesGained, linesLost, riskyGained });
  }
  return out;
}

/** All granted access of a side: user-permission pairs plus user-line pairs. */
export function grantedTotal(side: Side): number {
  let total = 0;
  for (const u of side.users.values()) total += side.permissionsOf(u.securityProfiles).size + linesOf(u).length;
  return total;
}
