// `permctl catalog`: the permission catalog as text (grouped, with risk) or JSON.
import type { Catalog } from '../catalog/catalog.ts';
import type { Paint } from './style.ts';

export function renderCatalogText(catalog: Catalog, paint: Paint): string {
  const byGroup = new Map<string, string[]>();
  for (const name of catalog.names) {
    const p = catalog.permissions.get(name);
    if (!p) continue;
    const risk = p.risk === 'high' ? paint('red', ' [high risk]') : p.risk === 'medium' ? paint('yellow', ' [medium risk]') : '';
    byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), `  ${p.api.padEnd(42)} ${p.uiNames.join(' | ')}${risk}`]);
  }
  const groups = [...new Set(catalog.rows.map((r) => r.group))];
  const sections = groups.map((g) => `${paint('bold', g)}\n${(byGroup.get(g) ?? []).join('\n')}`);
  const noApi = catalog.rows.filter((r) => r.api.length === 0).map((r) => `  (no API name)${' '.repeat(29)}${r.ui}`);
  const footer = `${catalog.names.length} permissions from ${catalog.rows.length} rows of the source table`;
  return [...sections, ...(noApi.length > 0 ? [`${paint('bold', 'Not grantable by API name')}\n${noApi.join('\n')}`] : []), footer].join('\n\n');
}

export function renderCatalogJson(catalog: Catalog): string {
  const permissions = catalog.names.map((n) => catalog.permissions.get(n));
  return `${JSON.stringify({ permissions, rows: catalog.rows }, null, 2)}\n`;
}
