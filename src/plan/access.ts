// Who gains and who loses what: each user's effective permissions and recording lines before
// the plan (the target as it is) and after it (the target once the plan is applied). Users
// sharing a combination of profiles share one computed set, so 50,000 users cost a few hundred
// unions per side, and a user whose profiles and lines did not change costs two comparisons.
import type { Catalog } from '../catalog/catalog.ts';
import { sameList } from './equal.ts';
import type { ProfileState, TargetState, UserState } from './state.ts';
import type { AccessChange } from './types.ts';

export interface Side {
  readonly profiles: ReadonlyMap<string, ProfileState>;
  /** Sorted by login (see state.ts). */
  readonly users: readonly UserState[];
  /** Effective permissions of a combination of profiles, memoised by the combination. */
  readonly permissionsOf: (profiles: readonly string[]) => ReadonlySet<string>;
}

export function sideOf(state: Pick<TargetState, 'profiles' | 'users'>): Side {
  const profiles = new Map(state.profiles.map((p) => [p.name, p]));
  const memo = new Map<string, ReadonlySet<string>>();
  return {
    profiles,
    users: state.users,
    permissionsOf: (names) => {
      const key = names.length === 1 ? (names[0] ?? '') : names.join('\n');
      let set = memo.get(key);
      if (!set) {
        const s = new Set<string>();
        for (const n of names) for (const p of profiles.get(n)?.permissions ?? []) s.add(p);
        set = s;
        memo.set(key, set);
      }
      return set;
    },
  };
}

const EMPTY: ReadonlySet<string> = new Set();
const NONE: readonly string[] = [];
// Lines a user can hear: all their lines when they may view recordings. A target that holds
// lines but not the view flag (vcc:, projected) leaves it absent: its lines count as heard.
const linesOf = (u: UserState | undefined): readonly string[] => (u?.recordings && (u.recordings as { viewCallRecordings?: boolean }).viewCallRecordings !== false ? u.recordings.lines : NONE);

function minus(a: Iterable<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const x of a) if (!b.has(x)) out.push(x);
  return out.sort();
}

function unchangedAccess(b: UserState, a: UserState, changedProfiles: ReadonlySet<string>): boolean {
  if (!sameList(b.securityProfiles, a.securityProfiles) || !sameList(linesOf(b), linesOf(a))) return false;
  for (const p of a.securityProfiles) if (changedProfiles.has(p)) return false;
  return true;
}

function changeOf(login: string, b: UserState | undefined, a: UserState | undefined, before: Side, after: Side, catalog: Catalog): AccessChange | undefined {
  const bp = b ? before.permissionsOf(b.securityProfiles) : EMPTY;
  const ap = a ? after.permissionsOf(a.securityProfiles) : EMPTY;
  const gained = bp === ap ? [] : minus(ap, bp);
  const lost = bp === ap ? [] : minus(bp, ap);
  const linesGained = minus(linesOf(a), new Set(linesOf(b)));
  const linesLost = minus(linesOf(b), new Set(linesOf(a)));
  if (gained.length + lost.length + linesGained.length + linesLost.length === 0) return undefined;
  const riskyGained = gained
    .filter((p) => catalog.permissions.get(p)?.risk === 'high')
    .map((permission) => ({ permission, via: (a?.securityProfiles ?? []).filter((n) => after.profiles.get(n)?.permissions.includes(permission)) }));
  return { login, gained, lost, linesGained, linesLost, riskyGained };
}

/** A merge-join of the two sides' sorted users: one pass, changes in login order. */
export function accessChanges(before: Side, after: Side, changedProfiles: ReadonlySet<string>, catalog: Catalog): AccessChange[] {
  const out: AccessChange[] = [];
  const b = before.users;
  const a = after.users;
  let i = 0;
  let j = 0;
  while (i < b.length || j < a.length) {
    const bu = b[i];
    const au = a[j];
    let pair: [UserState | undefined, UserState | undefined];
    if (au === undefined || (bu !== undefined && bu.login < au.login)) pair = [b[i++], undefined];
    else if (bu === undefined || au.login < bu.login) pair = [undefined, a[j++]];
    else pair = [b[i++], a[j++]];
    const [x, y] = pair;
    if (x && y && unchangedAccess(x, y, changedProfiles)) continue;
    const change = changeOf((x ?? y)?.login ?? '', x, y, before, after, catalog);
    if (change) out.push(change);
  }
  return out;
}

/** All granted access of a side: user-permission pairs plus user-line pairs. */
export function grantedTotal(side: Side): number {
  let total = 0;
  for (const u of side.users) total += side.permissionsOf(u.securityProfiles).size + linesOf(u).length;
  return total;
}
