// Equality of two objects of the same kind. Users and profiles are compared field by field:
// a plan compares 50,000 of them, and the generic deep equality costs several times more.
import { isDeepStrictEqual } from 'node:util';
import type { ObjectKind, ProfileState, RecordingState, UserState } from './state.ts';
import type { ObjectState } from './types.ts';

export function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameRecordings(a: RecordingState | undefined, b: RecordingState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.role === b.role && a.viewCallRecordings === b.viewCallRecordings && a.viewOutboundCallRecordings === b.viewOutboundCallRecordings && a.viewScreenRecordings === b.viewScreenRecordings && a.deleteCallRecordings === b.deleteCallRecordings && sameList(a.lines, b.lines);
}

function sameUser(a: UserState, b: UserState): boolean {
  return a.login === b.login && a.name === b.name && a.routingProfile === b.routingProfile && a.hierarchy === b.hierarchy && sameList(a.securityProfiles, b.securityProfiles) && sameRecordings(a.recordings, b.recordings);
}

function sameProfile(a: ProfileState, b: ProfileState): boolean {
  return a.name === b.name && a.description === b.description && sameList(a.permissions, b.permissions);
}

export function sameObject(kind: ObjectKind, a: ObjectState, b: ObjectState): boolean {
  if (kind === 'user') return sameUser(a as UserState, b as UserState);
  if (kind === 'profile') return sameProfile(a as ProfileState, b as ProfileState);
  return isDeepStrictEqual(a, b);
}
