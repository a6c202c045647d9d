// Permissions a target holds that permctl's built-in catalog does not know are read as
// `unmodelled` (kept on update, never diffed). A repository may declare such names
// (`extraPermissions:` in permctl.yaml); from then on they are part of the model, so these
// helpers move them into the profiles of the state the plan compares — and `import` writes
// them, declared, into the repository it creates.
import type { ProfileState } from '../plan/state.ts';
import type { TargetSnapshot, Unmodelled } from './contract.ts';

const isPermissionList = (u: Unmodelled): u is Unmodelled & { value: string[] } => u.kind === 'profile' && u.field === 'permissions' && Array.isArray(u.value) && u.value.every((v) => typeof v === 'string');

/** The snapshot with every unmodelled permission that `isKnown` now accepts moved into its
 *  profile. The fingerprint stays that of what was read. */
export function withDeclaredPermissions(snapshot: TargetSnapshot, isKnown: (name: string) => boolean): TargetSnapshot {
  const extra = new Map<string, string[]>();
  const rest: Unmodelled[] = [];
  for (const u of snapshot.unmodelled ?? []) {
    if (!isPermissionList(u)) {
      rest.push(u);
      continue;
    }
    const known = u.value.filter(isKnown);
    const unknown = u.value.filter((p) => !isKnown(p));
    if (known.length > 0) extra.set(u.name, known);
    if (unknown.length > 0) rest.push({ ...u, value: unknown });
  }
  if (extra.size === 0) return snapshot;
  const profiles = snapshot.state.profiles.map((p): ProfileState => {
    const add = extra.get(p.name);
    return add === undefined ? p : { ...p, permissions: [...new Set([...p.permissions, ...add])].sort() };
  });
  return { ...snapshot, state: { ...snapshot.state, profiles }, unmodelled: rest };
}

/** For `import`: every permission name outside the catalog, sorted (to declare), and the
 *  snapshot with them in their profiles. */
export function importablePermissions(snapshot: TargetSnapshot): { readonly extraPermissions: readonly string[]; readonly snapshot: TargetSnapshot } {
  const names = new Set<string>();
  for (const u of snapshot.unmodelled ?? []) if (isPermissionList(u)) for (const p of u.value) names.add(p);
  return { extraPermissions: [...names].sort(), snapshot: withDeclaredPermissions(snapshot, (p) => names.has(p)) };
}
