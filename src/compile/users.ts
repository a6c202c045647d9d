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

export function compileUsers(users: readonly ResolvedUser[], profiles: ReadonlyMap<string, CompiledProfile>, settings: Settings): CompiledUser[] {
  const sets = new Map<string, AccessSet>();
  const accessFor = (names: readonly string[]): AccessSet => {
    const key = names.join('\n');
    let set = sets.get(key);
    if (!set) {
      set = accessSetOf(names, profiles);
      sets.set(key, set);
    }
    return set;
  };
  const seen = new Set<string>();
  const out: CompiledUser[] = [];
  for (const u of users) {
    const v = u.value;
    const key = v.login.toLowerCase();
    if (seen.has(key)) continue; // a duplicate login: validate reports PC309
    seen.add(key);
    const securityProfiles = [...new Set(v.securityProfiles ?? [])].sort();
    const recordings = v.recordings ? effectiveRecordings(v.recordings, settings) : undefined;
    out.push({
      login: v.login,
      ...(v.name !== undefined ? { name: v.name } : {}),
      securityProfiles,
      ...(v.routingProfile !== undefined ? { routingProfile: v.routingProfile } : {}),
      ...(v.hierarchy !== undefined ? { hierarchy: v.hierarchy } : {}),
      origin: u.origin,
      access: accessFor(securityProfiles),
      ...(recordings ? { recordings } : {}),
    });
  }
  return out.sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}
