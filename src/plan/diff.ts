// Resource changes: for each kind, match desired and current objects by key and emit create,
// update or delete. Objects only in the target are unmanaged: reported, or deleted when
// permctl.yaml says `unmanaged: revoke`.
import { isDeepStrictEqual } from 'node:util';
import { KEY_OF, sortedBy } from './canonical.ts';
import { sameObject } from './equal.ts';
import type { ObjectKind, TargetState } from './state.ts';
import type { Change, ObjectState, Unmanaged } from './types.ts';

type Keyed = ObjectState & Record<string, unknown>;


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

/** Both sides are sorted by key (see state.ts); a side that is not is sorted here. */
function sortedByKey(list: readonly ObjectState[], key: (o: Keyed) => string): readonly Keyed[] {
  return sortedBy(list as readonly Keyed[], key);
}

function created(kind: ObjectKind, name: string, d: Keyed): Change {
  const list = kind === 'profile' ? d.permissions : kind === 'user' ? d.securityProfiles : undefined;
  return { kind, name, action: 'create', before: null, after: d, ...(Array.isArray(list) ? { add: list as string[], remove: [] } : {}) };
}

/** A merge-join of the two sorted sides: one pass, no maps, changes in key order. */
/** `canDelete` false (the target never deletes this kind): objects only in the target are
 *  unmanaged whatever `revokeUnmanaged` says. */
export function diffKind(kind: ObjectKind, desired: readonly ObjectState[], current: readonly ObjectState[], revokeUnmanaged: boolean, canDelete = true): { changes: Change[]; unmanaged: Unmanaged[] } {
  const key = KEY_OF[kind];
  const d = sortedByKey(desired, key);
  const c = sortedByKey(current, key);
  const changes: Change[] = [];
  const unmanaged: Unmanaged[] = [];
  let i = 0;
  let j = 0;
  while (i < d.length || j < c.length) {
    const dk = i < d.length ? key(d[i] as Keyed) : undefined;
    const ck = j < c.length ? key(c[j] as Keyed) : undefined;
    if (ck === undefined || (dk !== undefined && dk < ck)) {
      changes.push(created(kind, dk ?? '', d[i++] as Keyed));
    } else if (dk === undefined || ck < dk) {
      const before = c[j++] as Keyed;
      if (canDelete && (revokeUnmanaged || kind === 'instance')) changes.push({ kind, name: ck, action: 'delete', before, after: null });
      else unmanaged.push({ kind, name: ck });
    } else {
      const [after, before] = [d[i++] as Keyed, c[j++] as Keyed];
      if (!sameObject(kind, before, after)) changes.push(update(kind, dk, before, after));
    }
  }
  return { changes, unmanaged };
}
