// Who gains and who loses what: each user's effective permissions and recording lines before
// the plan (the target as it is) and after it (the target once the plan is applied). Users
// sharing a combination of profiles share one computed set, so 50,000 users cost a few hundred
// unions per side, and a user whose profiles and lines did not change costs two comparisons.
import type { Catalog } from '../catalog/catalog.ts';
import { sameList } from './equal.ts';
import type { ProfileState, TargetState, UserState } from './state.ts';
import type { AccessChange, RiskyGrant } from './types.ts';

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

/** The recording archive's permissions, in the order users.yaml lists them. */
export const RECORDING_GRANTS = ['viewCallRecordings', 'viewOutboundCallRecordings', 'viewScreenRecordings', 'deleteCallRecordings'] as const;

/** How many recording-archive permissions a user holds; no allocation (called per user). */
function recordingCount(u: UserState | undefined): number {
  const r = u?.recordings;
  if (!r?.viewCallRecordings) return 0;
  return 1 + (r.viewOutboundCallRecordings ? 1 : 0) + (r.viewScreenRecordings ? 1 : 0) + (r.deleteCallRecordings ? 1 : 0);
}

function sameRecordingGrants(a: UserState, b: UserState): boolean {
  const x = a.recordings;
  const y = b.recordings;
  if (!x?.viewCallRecordings || !y?.viewCallRecordings) return !x?.viewCallRecordings && !y?.viewCallRecordings;
  return x.viewOutboundCallRecordings === y.viewOutboundCallRecordings && x.viewScreenRecordings === y.viewScreenRecordings && x.deleteCallRecordings === y.deleteCallRecordings;
}

/** The recording-archive permissions a user holds (the state holds effective flags). */
export function recordingGrantsOf(u: UserState | undefined): readonly string[] {
  const r = u?.recordings;
  if (!r?.viewCallRecordings) return NONE;
  return RECORDING_GRANTS.filter((g) => r[g]);
}

function minus(a: Iterable<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const x of a) if (!b.has(x)) out.push(x);
  return out.sort();
}

function unchangedAccess(b: UserState, a: UserState, changedProfiles: ReadonlySet<string>): boolean {
  if (!sameList(b.securityProfiles, a.securityProfiles) || !sameList(linesOf(b), linesOf(a)) || !sameRecordingGrants(b, a)) return false;
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
  const recordingsGained = minus(recordingGrantsOf(a), new Set(recordingGrantsOf(b)));
  const recordingsLost = minus(recordingGrantsOf(b), new Set(recordingGrantsOf(a)));
  if (gained.length + lost.length + linesGained.length + linesLost.length + recordingsGained.length + recordingsLost.length === 0) return undefined;
  const restriction = (p: string): boolean => catalog.permissions.get(p)?.restriction === true;
  const granting = gained.filter((p) => !restriction(p));
  const riskyGained: RiskyGrant[] = [
    ...granting
      .filter((p) => catalog.permissions.get(p)?.risk === 'high')
      .map((permission): RiskyGrant => ({ permission, via: (a?.securityProfiles ?? []).filter((n) => after.profiles.get(n)?.permissions.includes(permission)) })),
    ...recordingsGained.filter((g) => catalog.recordingRisks[g]?.risk === 'high').map((permission): RiskyGrant => ({ permission, via: [], through: 'recordings' })),
  ];
  return {
    login,
    gained: granting,
    lost: lost.filter((p) => !restriction(p)),
    linesGained,
    linesLost,
    recordingsGained,
    recordingsLost,
    restrictionsGained: gained.filter(restriction),
    restrictionsLost: lost.filter(restriction),
    riskyGained,
  };
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

/** How much access a side grants: user-permission, user-line and user-recording pairs, and
 *  the users holding any access at all. Restrictions grant nothing and are not counted. */
export function grantedTotals(side: Side, catalog: Catalog): { readonly grants: number; readonly users: number } {
  const restrictionsIn = new Map<ReadonlySet<string>, number>();
  let grants = 0;
  let users = 0;
  for (const u of side.users) {
    const perms = side.permissionsOf(u.securityProfiles);
    let restricted = restrictionsIn.get(perms);
    if (restricted === undefined) {
      restricted = 0;
      for (const p of perms) if (catalog.permissions.get(p)?.restriction === true) restricted++;
      restrictionsIn.set(perms, restricted);
    }
    const n = perms.size - restricted + linesOf(u).length + recordingCount(u);
    grants += n;
    if (n > 0) users++;
  }
  return { grants, users };
}

/** Does this user, on this side, hold any access (a granting permission, a line, a recording)? */
export function holdsAccess(side: Side, u: UserState | undefined, catalog: Catalog): boolean {
  if (u === undefined) return false;
  if (linesOf(u).length > 0 || recordingCount(u) > 0) return true;
  for (const p of side.permissionsOf(u.securityProfiles)) if (catalog.permissions.get(p)?.restriction !== true) return true;
  return false;
}
