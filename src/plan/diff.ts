// Resource changes: for each kind, match desired and current objects by key and emit create,
// update or delete. Objects only in the target are unmanaged: reported, or deleted when
// permctl.yaml says `unmanaged: revoke`.
import { isDeepStrictEqual } from 'node:util';
import { sameObject } from './equal.ts';
import type { ObjectKind, TargetState } from './state.ts';
import type { Change, ObjectState, Unmanaged } from './types.ts';

type Keyed = ObjectState & Record<string, unknown>;

export const KEY_OF: Readonly<Record<ObjectKind, (o: Keyed) => string>> = {
  instance: (o) => String(o.instance),
  profile: (o) => String(o.name),
  user: (o) => String(o.login),
  routingProfile: (o) => String(o.name),
  queue: (o) => String(o.name),
  line: (o) => String(o.id),
};

export function objectsOf(state: TargetState, kind: ObjectKind): readonly ObjectState[] {
  switch (kind) {
    case 'instance':
      return state.instance ? [state.instance] : [];
    case 'profile':
      return state.profiles;
    case 'user':
      return state.users;
    case 'routingProfile':
      return state.routingProfiles;
    case 'queue':
      return state.queues;
    case 'line':
      return state.lines;
  }
}

function setDiff(after: readonly string[], before: readonly string[]): { add: string[]; remove: string[] } {
  const a = new Set(after);
  const b = new Set(before);
  return { add: after.filter((x) => !b.has(x)), remove: before.filter((x) => !a.has(x)) };
}

function update(kind: ObjectKind, name: string, before: Keyed, after: Keyed): Change {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !isDeepStrictEqual(before[f], after[f])).sort();
  const listKey = kind === 'profile' ? 'permissions' : kind === 'user' ? 'securityProfiles' : undefined;
  const sets = listKey ? setDiff((after[listKey] as string[] | undefined) ?? [], (before[listKey] as string[] | undefined) ?? []) : undefined;
  return { kind, name, action: 'update', before, after, ...(sets ? { add: sets.add, remove: sets.remove } : {}), fields };
}

export function diffKind(kind: ObjectKind, desired: readonly ObjectState[], current: readonly ObjectState[], revokeUnmanaged: boolean): { changes: Change[]; unmanaged: Unmanaged[] } {
  const key = KEY_OF[kind];
  const currentByKey = new Map(current.map((o) => [key(o as Keyed), o as Keyed]));
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const d of desired as Keyed[]) {
    const name = key(d);
    seen.add(name);
    const c = currentByKey.get(name);
    if (!c) {
      const list = kind === 'profile' ? d.permissions : kind === 'user' ? d.securityProfiles : undefined;
      changes.push({ kind, name, action: 'create', before: null, after: d, ...(Array.isArray(list) ? { add: list as string[], remove: [] } : {}) });
    } else if (!sameObject(kind, c, d)) {
      changes.push(update(kind, name, c, d));
    }
  }
  const unmanaged: Unmanaged[] = [];
  for (const [name, c] of currentByKey) {
    if (seen.has(name)) continue;
    if (revokeUnmanaged || kind === 'instance') changes.push({ kind, name, action: 'delete', before: c, after: null });
    else unmanaged.push({ kind, name });
  }
  return { changes, unmanaged };
}
