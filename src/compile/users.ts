// Every user's effective access: the union of their profiles' permissions. Users with the
// same profiles share one AccessSet, so 50,000 users with a few hundred distinct combinations
// cost a few hundred unions, not 50,000.
import type { Settings } from '../model/settings.ts';
import type { ResolvedUser } from '../model/types.ts';
import { effectiveRecordings } from './recordings.ts';
import type { AccessSet, CompiledProfile, CompiledUser } from './types.ts';

export function accessSetOf(profileNames: readonly string[], profiles: ReadonlyMap<string, CompiledProfile>): AccessSet {
  const via = new Map<string, string[]>();
  for (const name of profileNames) {
    for (const perm of profiles.get(name)?.permissions.keys() ?? []) {
      const list = via.get(perm);
      if (list) list.push(name);
      else via.set(perm, [name]);
    }
  }
  const permissions = [...via.keys()].sort();
  return { profiles: profileNames, permissions, has: new Set(permissions), via };
}

/** Sorted, without duplicates; a list that already is (most are) is returned as it is: a
 *  copy, a set and a sort per user cost 30 MB of garbage at 50,000 users. */
function sortedUnique(names: readonly string[] | undefined): readonly string[] {
  if (names === undefined) return [];
  let ordered = true;
  for (let i = 1; i < names.length && ordered; i++) ordered = (names[i - 1] as string) < (names[i] as string);
  return ordered ? names : [...new Set(names)].sort();
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function compileUsers(users: readonly ResolvedUser[], profiles: ReadonlyMap<string, CompiledProfile>, settings: Settings): CompiledUser[] {
  const sets = new Map<string, AccessSet>();
  const seen = new Set<string>();
  const out: CompiledUser[] = [];
  for (const u of users) {
    const v = u.value;
    const lower = v.login.toLowerCase();
    if (seen.has(lower)) continue; // a duplicate login: validate reports PC309
    seen.add(lower);
    const securityProfiles = sortedUnique(v.securityProfiles);
    const key = securityProfiles.length === 1 ? (securityProfiles[0] ?? '') : securityProfiles.join('\n');
    let access = sets.get(key);
    if (!access) {
      access = accessSetOf(securityProfiles, profiles);
      sets.set(key, access);
    }
    // Built field by field: optional fields are absent rather than undefined, and no
    // temporary objects are made for 50,000 users.
    const user: Mutable<CompiledUser> = { login: v.login, securityProfiles, origin: u.origin, access };
    if (v.name !== undefined) user.name = v.name;
    if (v.routingProfile !== undefined) user.routingProfile = v.routingProfile;
    if (v.hierarchy !== undefined) user.hierarchy = v.hierarchy;
    if (v.recordings !== undefined) user.recordings = effectiveRecordings(v.recordings, settings);
    out.push(user);
  }
  return sortByLogin(out);
}

/** Sorted by login in code-unit order, in place (the list is this function's own). */
function sortByLogin(users: CompiledUser[]): CompiledUser[] {
  return users.sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}
