// permctl catalog [--format text|json]
import { loadBuiltin } from '../../catalog/builtin.ts';
import { CATALOG_RENDERERS } from '../../render/registries.ts';
import type { CatalogFormat } from '../../render/registries.ts';
import { renderWith } from '../../render/registry.ts';
import { paintFor } from '../../render/style.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';

export function catalogCommand(opts: { format: CatalogFormat }, io: Io): number {
  const { catalog } = loadBuiltin();
  io.out(renderWith(CATALOG_RENDERERS, opts.format, catalog, { paint: paintFor(io.color) }));
  return EXIT.ok;
}
