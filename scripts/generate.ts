// `npm run generate`: rewrites every generated, committed file from its source.
//   policies/sources/002_… → policies/catalog.yaml → schemas/definitions.schema.json (enum)
//   schemas/*.schema.json → src/types/generated/*.ts
//   src/diagnostics/codes.ts → docs/diagnostics.md
//   schemas/*.schema.json → docs/reference/*.md
//   schemas/*.schema.json → src/validate/generated/validators.ts (precompiled ajv)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extractCatalogRows } from '../src/catalog/extract-seed.ts';
import { CATALOG_SOURCE, catalogApiNames, renderCatalogYaml } from '../src/generate/catalog-yaml.ts';
import { renderDiagnosticsDoc } from '../src/generate/diagnostics-doc.ts';
import { referencePages } from '../src/generate/reference-doc.ts';
import { definitionsWithEnum, generateTypes } from '../src/generate/schema-files.ts';
import { generateValidatorsModule } from '../src/generate/validators.ts';

const rows = extractCatalogRows(readFileSync(CATALOG_SOURCE, 'utf8'));
writeFileSync('policies/catalog.yaml', renderCatalogYaml(rows));
const apiNames = catalogApiNames(rows, readFileSync('policies/catalog-current.yaml', 'utf8'));
const defsPath = 'schemas/definitions.schema.json';
writeFileSync(defsPath, definitionsWithEnum(readFileSync(defsPath, 'utf8'), apiNames));
mkdirSync('src/types/generated', { recursive: true });
for (const [file, ts] of await generateTypes('schemas')) writeFileSync(`src/types/generated/${file}`, ts);
writeFileSync('docs/diagnostics.md', renderDiagnosticsDoc());
mkdirSync('docs/reference', { recursive: true });
for (const [page, text] of referencePages('schemas')) writeFileSync(`docs/reference/${page}`, text);
mkdirSync('src/validate/generated', { recursive: true });
writeFileSync('src/validate/generated/validators.ts', generateValidatorsModule('schemas'));
console.log(`catalog: ${rows.length} rows, ${apiNames.length} API names; types: src/types/generated/`);
