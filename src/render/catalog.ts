// `permctl catalog`: the permission catalog as text (grouped, with risk) or JSON.
import type { Catalog } from '../catalog/catalog.ts';
import type { Paint } from './style.ts';
import { equivalents } from '../catalog/equivalence.ts';

const COLUMN = 42;

export function renderCatalogText(catalog: Catalog, paint: Paint): string {
  const byGroup = new Map<string, string[]>();
  for (const name of catalog.names) {
    const p = catalog.permissions.get(name);
    if (!p) continue;
    const risk = p.risk === 'high' ? paint('red', ' [high risk]') : p.risk === 'medium' ? paint('yellow', ' [medium risk]') : '';
    const restriction = p.restriction ? paint('cyan', ' [restriction]') : '';
    // Beyond the seed table: the page of today's Amazon Connect the row was taken from.
    const source = p.origin === 'current' && p.source !== undefined ? ` (${p.source})` : '';
    // Renamed by Amazon Connect: the names that count as the same permission.
    const same = equivalents(catalog, name);
    const renamed = same.length > 0 ? ` [same as ${same.join(', ')}]` : '';
    byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), `  ${p.api.padEnd(COLUMN)} ${p.uiNames.join(' | ')}${risk}${restriction}${renamed}${source}`]);
  }
  const groups = [...new Set(catalog.rows.map((r) => r.group))];
  const sections = groups.map((g) => `${paint('bold', g)}\n${(byGroup.get(g) ?? []).join('\n')}`);
  const noApi = catalog.rows.filter((r) => r.api.length === 0).map((r) => `  ${'(no API name)'.padEnd(COLUMN)} ${r.ui}`);
  const seed = catalog.rows.filter((r) => r.line > 0).length;
  const restrictions = catalog.names.filter((n) => catalog.permissions.get(n)?.restriction === true).length;
  const footer = `${catalog.names.length} permissions: ${seed} rows of the source table, ${catalog.rows.length - seed} of today's Amazon Connect; ${restrictions} restrictions (granting one narrows access)`;
  return [...sections, ...(noApi.length > 0 ? [`${paint('bold', 'Not grantable by API name')}\n${noApi.join('\n')}`] : []), footer].join('\n\n');
}

export function renderCatalogJson(catalog: Catalog): string {
  const permissions = catalog.names.map((n) => catalog.permissions.get(n));
  return `${JSON.stringify({ permissions, rows: catalog.rows }, null, 2)}\n`;
}
