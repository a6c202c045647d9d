// Renamed permissions. Amazon Connect migrates some legacy permission names to new ones, one
// to one (RealTimeMetrics.Access → AccessMetrics.RealTimeMetrics.Access) or one to several. A
// legacy name and what it migrates to are equivalent: a profile that declares the legacy name
// and a target that shows the new ones (after a console save migrated them) hold the same
// access, and comparing them must not report drift. The data is policies/catalog-current.yaml
// (`equivalences`); this is the small API every comparison uses:
//   equivalents(catalog, name)        names equivalent to `name` (itself excluded)
//   canonicalPermissions(catalog, ps) the list with legacy names replaced by current ones
//   samePermissions(catalog, a, b)    do two lists grant the same, renames aside?
import type { Catalog } from './catalog.ts';

export interface Equivalence {
  /** The name Amazon Connect no longer shows after migrating it. */
  readonly legacy: string;
  /** What it becomes: one name, or several (a one-to-several split). */
  readonly current: readonly string[];
  /** The page (URL) or document the mapping rests on. */
  readonly source: string;
  /** `cited`: the page states the migration (`quote` is its sentence). `decision`: no public
   *  page found states it; permctl decided, and `reason` says why. Absent means `decision`. */
  readonly basis?: 'cited' | 'decision';
  readonly quote?: string;
  readonly reason?: string;
}

/** Is the mapping Amazon Connect's own word (cited), or permctl's decision? */
export function isCited(e: Equivalence): boolean {
  return e.basis === 'cited' && e.quote !== undefined && e.quote !== '';
}

/** Names equivalent to `name`: for a legacy name, what it becomes; for a current name, the
 *  legacy name(s) it came from (and, for a one-to-one rename, nothing else). */
export function equivalents(catalog: Pick<Catalog, 'equivalences'>, name: string): readonly string[] {
  const out = new Set<string>();
  for (const e of catalog.equivalences) {
    if (e.legacy === name) for (const c of e.current) out.add(c);
    // A current name of a one-to-several split stands for part of the legacy one only.
    else if (e.current.includes(name) && e.current.length === 1) out.add(e.legacy);
  }
  out.delete(name);
  return [...out].sort();
}

/** Sorted, without duplicates, every legacy name replaced by the names it migrates to. */
export function canonicalPermissions(catalog: Pick<Catalog, 'equivalences'>, names: Iterable<string>): string[] {
  const legacy = new Map(catalog.equivalences.map((e) => [e.legacy, e.current]));
  const out = new Set<string>();
  for (const n of names) for (const c of legacy.get(n) ?? [n]) out.add(c);
  return [...out].sort();
}

/** Do two permission lists grant the same, legacy names and their migrations counted equal? */
export function samePermissions(catalog: Pick<Catalog, 'equivalences'>, a: Iterable<string>, b: Iterable<string>): boolean {
  const x = canonicalPermissions(catalog, a);
  const y = canonicalPermissions(catalog, b);
  return x.length === y.length && x.every((n, i) => n === y[i]);
}
