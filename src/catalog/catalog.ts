// The permission catalog as the rest of permctl uses it: one entry per API name, with every
// row that grants it, its UI names, its risk class and whether it restricts. Built from plain
// data (the rows of policies/catalog.yaml and catalog-current.yaml, risk.yaml,
// restrictions.yaml, and a repository's extraPermissions); no I/O here.
import type { CatalogRow } from './extract-seed.ts';
import type { Equivalence } from './equivalence.ts';

/** A catalog row: a seed row (cited by line) or a row of today's Amazon Connect (cited by URL). */
export type SourceRow = CatalogRow & { readonly source?: string };

export type Risk = 'high' | 'medium' | 'low';

export interface RiskEntry {
  readonly risk: Risk;
  readonly reason: string;
  readonly source: string;
}

export interface Permission {
  readonly api: string;
  readonly group: string;
  readonly resource: string;
  /** The part after the dot (`Edit` of `Users.Edit`); the whole name when there is no dot. */
  readonly action: string;
  readonly uiNames: readonly string[];
  readonly rows: readonly number[];
  readonly use: string;
  readonly risk: Risk;
  readonly riskReason?: string;
  /** Granting it narrows access (policies/restrictions.yaml): Admin does not get it. */
  readonly restriction: boolean;
  /** Where the permission comes from: the seed table, today's Amazon Connect page (its URL
   *  in `source`), or the repository's permctl.yaml `extraPermissions`. */
  readonly origin: 'seed' | 'current' | 'repository';
  readonly source?: string;
}

export interface CatalogExtras {
  readonly restrictions?: Readonly<Record<string, { readonly source: string }>>;
  readonly equivalences?: readonly Equivalence[];
  readonly recordingRisks?: Readonly<Record<string, RiskEntry>>;
}

export interface Catalog {
  readonly rows: readonly SourceRow[];
  /** Sorted API names. */
  readonly names: readonly string[];
  readonly permissions: ReadonlyMap<string, Permission>;
  /** Rows by lower-cased UI name, to answer "you wrote a UI name, use the API name". */
  readonly byUiName: ReadonlyMap<string, readonly CatalogRow[]>;
  /** Legacy names and what Amazon Connect migrates them to (see equivalence.ts). */
  readonly equivalences: readonly Equivalence[];
  /** Risk of the recording archive's per-user permissions (viewCallRecordings, …). */
  readonly recordingRisks: Readonly<Record<string, RiskEntry>>;
}

export function buildCatalog(rows: readonly SourceRow[], risks: Readonly<Record<string, RiskEntry>>, extras: CatalogExtras = {}): Catalog {
  const restrictions = extras.restrictions ?? {};
  const permissions = new Map<string, Permission>();
  const byUiName = new Map<string, CatalogRow[]>();
  for (const row of rows) {
    const key = row.ui.toLowerCase();
    byUiName.set(key, [...(byUiName.get(key) ?? []), row]);
    for (const api of row.api) {
      const prev = permissions.get(api);
      const risk = risks[api];
      permissions.set(api, {
        api,
        group: prev?.group ?? row.group,
        resource: prev?.resource ?? (api.includes('.') ? api.slice(0, api.indexOf('.')) : api),
        action: api.includes('.') ? api.slice(api.indexOf('.') + 1) : api,
        uiNames: prev ? [...new Set([...prev.uiNames, row.ui])] : [row.ui],
        rows: prev ? [...prev.rows, row.row] : [row.row],
        use: prev?.use ?? row.use,
        risk: risk?.risk ?? 'low',
        ...(risk ? { riskReason: risk.reason } : {}),
        restriction: Object.hasOwn(restrictions, api),
        origin: prev?.origin ?? (row.line > 0 ? 'seed' : 'current'),
        ...((prev?.source ?? row.source) !== undefined ? { source: prev?.source ?? row.source } : {}),
      });
    }
  }
  for (const api of [...Object.keys(risks), ...Object.keys(restrictions)]) {
    if (!permissions.has(api)) throw new Error(`policies/ names ${api}, which is not in the catalog`);
  }
  const names = [...permissions.keys()].sort();
  return { rows, names, permissions, byUiName, equivalences: extras.equivalences ?? [], recordingRisks: extras.recordingRisks ?? {} };
}

/** A permission name a repository declares in permctl.yaml `extraPermissions`. */
export interface ExtraPermission {
  readonly name: string;
  readonly description?: string;
}

/** The catalog plus a repository's extra names (permissions of a real instance permctl does
 *  not know yet): low risk, not restrictions, in their own group. Known names are ignored. */
export function withExtraPermissions(catalog: Catalog, extras: readonly ExtraPermission[]): Catalog {
  const added = extras.filter((e) => !catalog.permissions.has(e.name));
  if (added.length === 0) return catalog;
  const permissions = new Map(catalog.permissions);
  for (const e of added) {
    const dot = e.name.indexOf('.');
    permissions.set(e.name, {
      api: e.name,
      group: 'Declared in permctl.yaml',
      resource: dot > 0 ? e.name.slice(0, dot) : e.name,
      action: dot > 0 ? e.name.slice(dot + 1) : e.name,
      uiNames: [],
      rows: [],
      use: e.description ?? 'Declared in permctl.yaml (extraPermissions).',
      risk: 'low',
      restriction: false,
      origin: 'repository',
    });
  }
  return { ...catalog, permissions, names: [...permissions.keys()].sort() };
}
