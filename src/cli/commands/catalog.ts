// permctl catalog [--format text|json]
import { loadBuiltin } from '../../catalog/builtin.ts';
import { renderCatalogJson, renderCatalogText } from '../../render/catalog.ts';
import { paintFor } from '../../render/style.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';

export function catalogCommand(opts: { format: 'text' | 'json' }, io: Io): number {
  const { catalog } = loadBuiltin();
  io.out(opts.format === 'json' ? renderCatalogJson(catalog) : renderCatalogText(catalog, paintFor(io.color)));
  return EXIT.ok;
}
