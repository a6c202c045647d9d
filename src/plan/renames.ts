// A console save can migrate legacy permission names to their successors (catalog/
// equivalence.ts). A target profile that differs from the desired one only by such renames
// holds the same access: it is taken as equal, so the plan shows no permanent diff for it.
import type { Catalog } from '../catalog/catalog.ts';
import { samePermissions } from '../catalog/equivalence.ts';
import type { ProfileState, TargetState } from './state.ts';

export function alignRenamed(desired: TargetState, current: TargetState, catalog: Pick<Catalog, 'equivalences'>): TargetState {
  if (catalog.equivalences.length === 0) return current;
  const wanted = new Map(desired.profiles.map((p) => [p.name, p]));
  let changed = false;
  const profiles = current.profiles.map((p): ProfileState => {
    const d = wanted.get(p.name);
    if (d === undefined || d.permissions === p.permissions || !samePermissions(catalog, d.permissions, p.permissions)) return p;
    if (d.permissions.length === p.permissions.length && d.permissions.every((n, i) => n === p.permissions[i])) return p;
    changed = true;
    return { ...p, permissions: d.permissions };
  });
  return changed ? { ...current, profiles } : current;
}
