// Which permission names are the same permission. Amazon Connect renames permissions over time,
// and its console migrates a profile to the new names whenever someone saves it, one to one
// (ListenCallRecordings → CallRecordings.View) or one to several (a legacy name split into a
// family). Comparing by `key` (one to one) and by `canonical` (every legacy name replaced by
// its successors) means a console save is not drift and an apply never flips a profile between
// the two spellings. The pairs are the catalog's (policies/catalog-current.yaml `equivalences`,
// read through src/catalog/equivalence.ts).
import type { Catalog } from '../../catalog/catalog.ts';
import { canonicalPermissions, equivalents } from '../../catalog/equivalence.ts';

export interface PermissionNames {
  /** The name every spelling of a one-to-one rename shares (the current one). */
  readonly key: (name: string) => string;
  /** Every spelling of `name`'s permission, `name` first. */
  readonly spellings: (name: string) => readonly string[];
  /** What a legacy name migrates to (one or several names); [] for any other name. */
  readonly successors: (name: string) => readonly string[];
  /** The list with every legacy name replaced by its successors; sorted, no duplicates. */
  readonly canonical: (names: Iterable<string>) => string[];
}

export function permissionNames(catalog: Pick<Catalog, 'equivalences'> = { equivalences: [] }): PermissionNames {
  const renamed = new Map<string, string>();
  const successors = new Map<string, readonly string[]>();
  for (const e of catalog.equivalences) {
    successors.set(e.legacy, e.current);
    if (e.current.length === 1 && e.current[0] !== undefined) renamed.set(e.legacy, e.current[0]);
  }
  return {
    key: (name) => renamed.get(name) ?? name,
    spellings: (name) => [name, ...equivalents(catalog, name)],
    successors: (name) => successors.get(name) ?? [],
    canonical: (names) => canonicalPermissions(catalog, names),
  };
}
