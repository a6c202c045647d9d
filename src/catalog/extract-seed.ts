// Turns the permission tables of the seed document (Amazon Connect's "List of security
// profile permissions") into catalog rows. Pure: text in, rows out. The source's quirks are
// detected and flagged here, never fixed, so the catalog stays a faithful copy of its source.

export type Quirk =
  | 'several-api-names' // one UI permission grants several API names
  | 'shared-api-name' // two different UI names grant the same API name
  | 'shared-ui-name' // one UI name appears on rows with different API names
  | 'no-api-name' // the row has no API name: it cannot be granted by API name
  | 'duplicate-row'; // the same UI name and API names as an earlier row

export interface CatalogRow {
  readonly row: number; // 1-based, in document order across all tables
  readonly line: number; // 1-based line in the seed file: the citation
  readonly group: string;
  readonly resource: string;
  readonly ui: string;
  readonly api: readonly string[];
  readonly use: string;
  readonly quirks: readonly Quirk[];
}

/** Removes Markdown escapes (`\.`, `\-`, `\(`), links and bold markers from a cell. */
export function plainText(cell: string): string {
  return cell
    .replace(/\[\\\[See the AWS documentation website for more details\\\]\]\([^)]*\)/g, '(see the AWS documentation)')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function headingText(line: string): string {
  return plainText(line.replace(/^#+\s*/, '').replace(/<a name="[^"]*"><\/a>/, ''));
}

/** The resource is the API name's prefix (`Users.Edit` → `Users`); a row without an API name
 *  falls back to its UI name before the action (`Campaigns - View` → `Campaigns`). */
function resourceOf(ui: string, api: readonly string[]): string {
  const first = api[0];
  if (first !== undefined) return first.includes('.') ? first.slice(0, first.indexOf('.')) : first;
  const dash = ui.lastIndexOf(' - ');
  return dash > 0 ? ui.slice(0, dash) : ui;
}

interface RawRow {
  readonly line: number;
  readonly group: string;
  readonly ui: string;
  readonly api: readonly string[];
  readonly use: string;
}

function readRows(text: string): RawRow[] {
  const rows: RawRow[] = [];
  let group = '';
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('## ')) group = headingText(line);
    if (!line.startsWith('|') || /^\|\s*(---|UI name)\s/.test(line)) return;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1);
    if (cells.length !== 3) throw new Error(`seed line ${i + 1}: expected 3 cells, found ${cells.length}`);
    const [ui = '', api = '', use = ''] = cells.map(plainText);
    rows.push({ line: i + 1, group, ui, api: api === '' ? [] : api.split(' '), use });
  });
  return rows;
}

function quirksOf(row: RawRow, index: number, all: readonly RawRow[]): Quirk[] {
  const quirks: Quirk[] = [];
  const key = (r: RawRow): string => `${r.ui}\u0000${r.api.join(' ')}`;
  if (row.api.length > 1) quirks.push('several-api-names');
  if (row.api.length === 0) quirks.push('no-api-name');
  if (all.some((o) => o.ui !== row.ui && o.api.some((a) => row.api.includes(a)))) quirks.push('shared-api-name');
  if (all.some((o) => o.ui === row.ui && key(o) !== key(row))) quirks.push('shared-ui-name');
  if (all.slice(0, index).some((o) => key(o) === key(row))) quirks.push('duplicate-row');
  return quirks;
}

export function extractCatalogRows(seedText: string): CatalogRow[] {
  const raw = readRows(seedText);
  return raw.map((r, i) => ({
    row: i + 1,
    line: r.line,
    group: r.group,
    resource: resourceOf(r.ui, r.api),
    ui: r.ui,
    api: r.api,
    use: r.use,
    quirks: quirksOf(r, i, raw),
  }));
}
