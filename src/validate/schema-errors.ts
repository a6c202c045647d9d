// Turns ajv errors into permctl diagnostics: one stable code per kind of failure, pointing at
// the YAML node concerned (the key itself for unknown fields). Unknown permission names get
// the catalog's help: a UI name is answered with its API name, a typo with the nearest names.
import type { ErrorObject } from 'ajv';
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic, DocPath, Origin } from '../diagnostics/types.ts';
import { suggest } from '../util/suggest.ts';

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The field a path ends at, as a user reads it: `name`, or `entry 2 of extraPermissions`. */
function fieldName(path: DocPath): string {
  const last = path[path.length - 1];
  if (typeof last !== 'number') return String(last ?? '');
  const parent = path[path.length - 2];
  return `entry ${last + 1} of ${typeof parent === 'string' ? parent : 'the list'}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

export const MAX_FINDINGS_PER_DOCUMENT = 1000;

export function mapSchemaErrors(errors: readonly ErrorObject[], origin: Origin, catalog: Catalog): Diagnostic[] {
  // Inside a failed oneOf, each branch reports why it did not match; the oneOf error itself
  // says it better, so the branch errors are dropped.
  // A failed if/then reports the `then` errors and an `if` error that says only "must match
  // then"; the former are kept.
  const relevant = errors.filter((e) => !/\/oneOf\/\d+\//.test(e.schemaPath) && e.keyword !== 'if');
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of relevant) {
    // A hostile document can fail a million times; a thousand findings say enough and keep
    // locating and sorting them linear in what is shown (docs/reliability.md).
    if (out.length >= MAX_FINDINGS_PER_DOCUMENT) break;
    // The schema's permission enum is the shipped catalog; a repository's extraPermissions
    // (in `catalog` here) are known too.
    if (e.keyword === 'enum' && e.schemaPath.includes('permissionName') && catalog.permissions.has(String(e.data))) continue;
    const d = mapOne(e, origin, catalog);
    const key = `${d.code}|${(d.path ?? []).join('/')}`;
    if (!seen.has(key)) out.push(d);
    seen.add(key);
  }
  return out;
}

function mapOne(e: ErrorObject, origin: Origin, catalog: Catalog): Diagnostic {
  const path: DocPath = [...origin.path, ...pointerToPath(e.instancePath)];
  const base = { severity: 'error' as const, file: origin.file, doc: origin.doc, path };
  const field = fieldName(path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      // The value itself only for a YAML 1.1 boolean spelling, which gets its own hint.
      return { ...base, code: 'PC203', args: { field, expected: String(p.type), actual: typeOf(e.data), ...(typeof e.data === 'string' && YAML11_BOOLEANS.test(e.data) ? { value: e.data } : {}) } };
    case 'required':
      return { ...base, code: 'PC204', args: { field: String(p.missingProperty) } };
    case 'additionalProperties': {
      const property = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { ...base, path: [...path, property], atKey: true, code: 'PC205', args: { field: property, suggestions: suggest(property, known) } };
    }
    case 'enum':
      if (e.schemaPath.includes('permissionName')) return unknownPermission(String(e.data), base, catalog);
      return { ...base, code: 'PC206', args: { field, value: String(e.data), allowed: (p.allowedValues as unknown[]).map(String) } };
    case 'const':
      return { ...base, code: 'PC206', args: { field, value: String(e.data), allowed: [String(p.allowedValue)] } };
    case 'oneOf': {
      // The only oneOf in the schemas: a guardrail rule is exactly one of four types.
      const types = ['onlyProfiles', 'maxUsers', 'forbidTogether', 'requires', 'maxAdmins'];
      const found = Object.keys(e.data as object).filter((k) => types.includes(k));
      return { ...base, code: 'PC206', args: { field: 'rule', value: found.join(', '), allowed: types, exactlyOne: true } };
    }
    case 'pattern':
      return { ...base, code: 'PC207', args: { field, value: String(e.data), pattern: String(p.pattern) } };
    case 'minLength':
    case 'maxLength':
      return { ...base, code: 'PC208', args: { field, bound: e.keyword === 'minLength' ? 'min' : 'max', limit: Number(p.limit), actual: String(e.data).length } };
    case 'minItems':
    case 'maxItems':
      return { ...base, code: 'PC209', args: { field, bound: e.keyword === 'minItems' ? 'min' : 'max', limit: Number(p.limit), actual: (e.data as unknown[]).length } };
    case 'minimum':
    case 'maximum':
      return { ...base, code: 'PC210', args: { field, bound: e.keyword === 'minimum' ? 'min' : 'max', limit: Number(p.limit), actual: Number(e.data) } };
    case 'uniqueItems': {
      // ajv names one pair; count every occurrence and point at the second, naming the first.
      const items = e.data as unknown[];
      const value = items[Number(p.i)];
      const same = items.flatMap((x, i) => (JSON.stringify(x) === JSON.stringify(value) ? [i] : []));
      const first = same[0] ?? Number(p.j);
      return { ...base, path: [...path, same[1] ?? Number(p.i)], code: 'PC211', related: { file: origin.file, doc: origin.doc, path: [...path, first] }, args: { field, value: String(value), first, count: same.length } };
    }
    default:
      return { ...base, code: 'PC207', args: { field, value: String(e.data) } };
  }
}

/** Booleans in YAML 1.1 but strings in YAML 1.2 (permctl reads 1.2). */
const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function unknownPermission(name: string, base: Omit<Diagnostic, 'code' | 'args'>, catalog: Catalog): Diagnostic {
  const rows = catalog.byUiName.get(name.toLowerCase().replace(/\s+/g, ' ').trim()) ?? [];
  const apis = [...new Set(rows.flatMap((r) => r.api))];
  if (rows.length > 0 && apis.length === 0) return { ...base, code: 'PC303', args: { name, ui: rows[0]?.ui ?? name } };
  if (apis.length > 0) return { ...base, code: 'PC302', args: { name, api: apis } };
  const suggestions = suggest(name, catalog.names);
  // A restriction suggested for a grant would invert the intent: the message says which are.
  const restrictions = suggestions.filter((n) => catalog.permissions.get(n)?.restriction === true);
  return { ...base, code: 'PC301', args: { name, suggestions, restrictions } };
}
