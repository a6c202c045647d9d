// What both stores (sqlite/, postgres/) need to turn their rows into canonical state.
import type { RecordingState, UserState } from '../plan/state.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Groups rows by their first column (as text, through `key`) into key → values: a child
 *  table's rows per parent. */
export function groupRows<R extends readonly unknown[], V>(rows: readonly R[], key: (v: unknown) => string, value: (r: R) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r[0]);
    const list = out.get(k);
    if (list === undefined) out.set(k, [value(r)]);
    else list.push(value(r));
  }
  return out;
}

/** A user from its columns. Optional fields are set only when present, so no key ever holds
 *  undefined: the state serialises, and fingerprints, exactly like the compiled desired state. */
export function userOf(login: string, securityProfiles: readonly string[], name: string | undefined, routingProfile: string | undefined, hierarchy: string | undefined, recordings: RecordingState | undefined): UserState {
  const u: Mutable<UserState> = { login, securityProfiles };
  if (name !== undefined) u.name = name;
  if (routingProfile !== undefined) u.routingProfile = routingProfile;
  if (hierarchy !== undefined) u.hierarchy = hierarchy;
  if (recordings !== undefined) u.recordings = recordings;
  return u;
}
