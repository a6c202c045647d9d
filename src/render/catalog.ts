// `permctl catalog`: the permission catalog as text (grouped, with risk) or JSON.
import type { Catalog } from '../catalog/catalog.ts';
import type { Paint } from './style.ts';
import { isCited } from '../catalog/equivalence.ts';
import type { Equivalence } from '../catalog/equivalence.ts';

/** The UI-name column: at least 42 characters, wider when a name is longer, so every row lines up. */
function columnOf(catalog: Catalog): number {
  return Math.max(42, ...catalog.names.map((n) => n.length + 1));
}

export function renderCatalogText(catalog: Catalog, paint: Paint): string {
  const COLUMN = columnOf(catalog);
  const byGroup = new Map<string, string[]>();
  for (const name of catalog.names) {
    const p = catalog.permissions.get(name);
    if (!p) continue;
    const risk = p.risk === 'high' ? paint('red', ' [high risk]') : p.risk === 'medium' ? paint('yellow', ' [medium risk]') : '';
    const restriction = p.restriction ? paint('cyan', ' [restriction]') : '';
    // Beyond the seed table: the page of today's Amazon Connect the row was taken from.
    const source = p.origin === 'current' && p.source !== undefined ? ` (${p.source})` : '';
    // Renamed by Amazon Connect: the names that count as the same permission, and whether
    // that is Amazon Connect's word (cited) or permctl's decision.
    const renamed = catalog.equivalences.map((e) => renameNote(e, name)).filter((n) => n !== '').join('');
    byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), `  ${p.api.padEnd(COLUMN)} ${p.uiNames.join(' | ')}${risk}${restriction}${renamed}${source}`]);
  }
  const groups = [...new Set(catalog.rows.map((r) => r.group))];
  const sections = groups.map((g) => `${paint('bold', g)}\n${(byGroup.get(g) ?? []).join('\n')}`);
  const noApi = catalog.rows.filter((r) => r.api.length === 0).map((r) => `  ${'(no API name)'.padEnd(COLUMN)} ${r.ui}`);
  const seed = catalog.rows.filter((r) => r.line > 0).length;
  const restrictions = catalog.names.filter((n) => catalog.permissions.get(n)?.restriction === true).length;
  const cited = catalog.equivalences.filter(isCited).length;
  const footer = `${catalog.names.length} permissions: ${seed} rows of the source table, ${catalog.rows.length - seed} of today's Amazon Connect; ${restrictions} restrictions (granting one narrows access); ${catalog.equivalences.length} renames (${cited} cited, ${catalog.equivalences.length - cited} permctl's decision)`;
  const renames = catalog.equivalences.map((e) => `  ${e.legacy} → ${e.current.join(' + ')}\n    ${basisOf(e)}: ${isCited(e) ? `"${e.quote ?? ''}"` : (e.reason ?? '')}\n    source: ${e.source}`);
  return [
    ...sections,
    ...(noApi.length > 0 ? [`${paint('bold', 'Not grantable by API name')}\n${noApi.join('\n')}`] : []),
    ...(renames.length > 0 ? [`${paint('bold', 'Renamed permissions (a legacy name and what it migrates to are the same permission)')}\n${renames.join('\n')}`] : []),
    footer,
  ].join('\n\n');
}

function basisOf(e: Equivalence): string {
  return isCited(e) ? 'cited' : "permctl's decision";
}

/** ` [same as …]` on a legacy name or a one-to-one successor, ` [part of legacy …]` on one
 *  name of a one-to-several split; each says whether the mapping is cited or a decision. */
function renameNote(e: Equivalence, name: string): string {
  if (e.legacy === name) return ` [same as ${e.current.join(' + ')}; ${basisOf(e)}]`;
  if (!e.current.includes(name)) return '';
  return e.current.length === 1 ? ` [same as ${e.legacy}; ${basisOf(e)}]` : ` [part of legacy ${e.legacy}; ${basisOf(e)}]`;
}

export function renderCatalogJson(catalog: Catalog): string {
  const permissions = catalog.names.map((n) => catalog.permissions.get(n));
  const equivalences = catalog.equivalences.map((e) => ({ ...e, basis: basisOf(e) === 'cited' ? 'cited' : 'decision' }));
  return `${JSON.stringify({ permissions, rows: catalog.rows, equivalences }, null, 2)}\n`;
}
