// The canonical form of a TargetState, once, for every producer: the compiler's desired state,
// each store's read, each live target's read, the tests. Each list sorted by its kind's key
// (KEY_OF), comparing code units (a < b), and the lists inside objects sorted too. Lists are
// checked before they are sorted: a store's rows mostly arrive in key order already.
import type { ObjectKind, ProfileState, RecordingState, RoutingProfileState, TargetState, UserState } from './state.ts';
import type { ObjectState } from './types.ts';

type Keyed = ObjectState & Record<string, unknown>;

/** The key of each kind of object. */
export const KEY_OF: Readonly<Record<ObjectKind, (o: Keyed) => string>> = {
  instance: (o) => String(o.instance),
  profile: (o) => String(o.name),
  user: (o) => String(o.login),
  routingProfile: (o) => String(o.name),
  queue: (o) => String(o.name),
  line: (o) => String(o.id),
};

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key of an object of `kind`: instance name, profile/routing profile/queue name, login,
 *  line id. */
export function keyOf(kind: ObjectKind, o: ObjectState): string {
  return KEY_OF[kind](o as Keyed);
}

function isSorted<T>(list: readonly T[], key: (x: T) => string): boolean {
  for (let i = 1; i < list.length; i++) if (!(key(list[i - 1] as T) < key(list[i] as T))) return false;
  return true;
}

/** `list` sorted by `key` (the same array when it already is). */
export function sortedBy<T>(list: readonly T[], key: (x: T) => string): readonly T[] {
  return isSorted(list, key) ? list : [...list].sort((a, b) => compareKeys(key(a), key(b)));
}

const self = (s: string): string => s;

/** A sorted copy of a list of names (the same array when it already is sorted). */
export function sortedNames(list: readonly string[]): readonly string[] {
  return sortedBy(list, self);
}

function canonicalRecordings(r: RecordingState): RecordingState {
  const lines = sortedNames(r.lines);
  return lines === r.lines ? r : { ...r, lines };
}

function canonicalUser(u: UserState): UserState {
  const securityProfiles = sortedNames(u.securityProfiles);
  const recordings = u.recordings && canonicalRecordings(u.recordings);
  if (securityProfiles === u.securityProfiles && recordings === u.recordings) return u;
  return { ...u, securityProfiles, ...(recordings ? { recordings } : {}) };
}

function canonicalProfile(p: ProfileState): ProfileState {
  const permissions = sortedNames(p.permissions);
  return permissions === p.permissions ? p : { ...p, permissions };
}

function canonicalRouting(r: RoutingProfileState): RoutingProfileState {
  const queues = sortedBy(r.queues, (q) => q.queue);
  return queues === r.queues ? r : { ...r, queues };
}

/** `state` in canonical order; objects already canonical are kept, not copied. */
export function canonicalState(state: TargetState): TargetState {
  const out: TargetState = {
    profiles: sortedBy(state.profiles.map(canonicalProfile), (p) => p.name),
    users: sortedBy(state.users.map(canonicalUser), (u) => u.login),
    routingProfiles: sortedBy(state.routingProfiles.map(canonicalRouting), (r) => r.name),
    queues: sortedBy(state.queues, (q) => q.name),
    lines: sortedBy(state.lines, (l) => l.id),
  };
  return state.instance === undefined ? out : { instance: state.instance, ...out };
}
