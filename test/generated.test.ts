// Generated, committed files must match what `npm run generate` would write today.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCatalogRows } from '../src/catalog/extract-seed.ts';
import { CATALOG_SOURCE, catalogApiNames, renderCatalogYaml } from '../src/generate/catalog-yaml.ts';
import { renderDiagnosticsDoc } from '../src/generate/diagnostics-doc.ts';
import { referencePages } from '../src/generate/reference-doc.ts';
import { definitionsWithEnum, generateTypes } from '../src/generate/schema-files.ts';
import { generateValidatorsModule } from '../src/generate/validators.ts';
import { ROOT } from './helpers.ts';

const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');
const STALE = 'stale: run `npm run generate` and commit the result';

describe('generated files are up to date', () => {
  const rows = extractCatalogRows(read(CATALOG_SOURCE));

  it('policies/catalog.yaml', () => {
    expect(read('policies/catalog.yaml'), STALE).toBe(renderCatalogYaml(rows));
  });

  it('the permission enum in schemas/definitions.schema.json', () => {
    const names = catalogApiNames(rows, read('policies/catalog-current.yaml'));
    const current = read('schemas/definitions.schema.json');
    expect(current, STALE).toBe(definitionsWithEnum(current, names));
  });

  it('src/types/generated/*.ts', async () => {
    for (const [file, ts] of await generateTypes(join(ROOT, 'schemas'))) {
      expect(read(`src/types/generated/${file}`), `${file} ${STALE}`).toBe(ts);
    }
  });

  it('src/validate/generated/validators.ts (precompiled ajv)', () => {
    expect(read('src/validate/generated/validators.ts'), STALE).toBe(generateValidatorsModule(join(ROOT, 'schemas')));
  });

  it('docs/diagnostics.md', () => {
    expect(read('docs/diagnostics.md'), STALE).toBe(renderDiagnosticsDoc());
  });

  it('docs/reference/*.md, one page per file kind', () => {
    const pages = referencePages(join(ROOT, 'schemas'));
    expect(readdirSync(join(ROOT, 'docs/reference')).sort(), STALE).toEqual([...pages.keys()].sort());
    for (const [page, text] of pages) expect(read(`docs/reference/${page}`), `${page} is ${STALE}`).toBe(text);
  });
});
