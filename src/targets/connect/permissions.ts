// Which permission names are the same permission. Amazon Connect renames permissions over time,
// and its console migrates a profile to the new names whenever someone saves it; comparing by
// `key` means a console save is not drift and an apply never flips a profile between the two
// spellings. The pairs are the catalog's (policies/catalog-current.yaml `equivalences`, read
// through src/catalog/equivalence.ts).
import type { Catalog } from '../../catalog/catalog.ts';
import { equivalents } from '../../catalog/equivalence.ts';

export interface PermissionNames {
  /** The name every spelling of a one-to-one rename shares (the current one). */
  readonly key: (name: string) => string;
  /** Every spelling of `name`'s permission, `name` first. */
  readonly spellings: (name: string) => readonly string[];
}

export function permissionNames(catalog: Pick<Catalog, 'equivalences'> = { equivalences: [] }): PermissionNames {
  const renamed = new Map<string, string>();
  for (const e of catalog.equivalences) if (e.current.length === 1 && e.current[0] !== undefined) renamed.set(e.legacy, e.current[0]);
  return {
    key: (name) => renamed.get(name) ?? name,
    spellings: (name) => [name, ...equivalents(catalog, name)],
  };
}
