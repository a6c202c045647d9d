// The permission catalog as the rest of permctl uses it: one entry per API name, with every
// seed row that grants it, its UI names and its risk class. Built from plain data (the rows of
// policies/catalog.yaml and policies/risk.yaml); no I/O here.
import type { CatalogRow } from './extract-seed.ts';

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
}

export interface Catalog {
  readonly rows: readonly CatalogRow[];
  /** Sorted API names. */
  readonly names: readonly string[];
  readonly permissions: ReadonlyMap<string, Permission>;
  /** Rows by lower-cased UI name, to answer "you wrote a UI name, use the API name". */
  readonly byUiName: ReadonlyMap<string, readonly CatalogRow[]>;
}

export function buildCatalog(rows: readonly CatalogRow[], risks: Readonly<Record<string, RiskEntry>>): Catalog {
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
      });
    }
  }
  for (const api of Object.keys(risks)) {
    if (!permissions.has(api)) throw new Error(`policies/risk.yaml names ${api}, which is not in the catalog`);
  }
  const names = [...permissions.keys()].sort();
  return { rows, names, permissions, byUiName };
}
