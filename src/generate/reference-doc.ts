// docs/reference/*.md: one page per file kind, generated from schemas/ so the reference
// cannot drift from what validation accepts. Each field is listed by its path (users[].login),
// with its type, whether it is required, its constraints and its description.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KIND_SCHEMAS } from './schema-files.ts';

type Schema = Readonly<Record<string, unknown>> & {
  readonly $ref?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly oneOf?: readonly Schema[];
  readonly definitions?: Readonly<Record<string, Schema>>;
};

interface Row { readonly path: string; readonly type: string; readonly required: boolean; readonly rules: string; readonly description: string }

/** The page's file name for each schema. */
export const REFERENCE_PAGES: Readonly<Record<keyof typeof KIND_SCHEMAS, string>> = {
  'permctl.schema.json': 'permctl-yaml.md',
  'security-profile.schema.json': 'security-profile.md',
  'users.schema.json': 'users.md',
  'lines.schema.json': 'lines.md',
  'queues.schema.json': 'queues.md',
  'routing-profile.schema.json': 'routing-profile.md',
  'guardrail.schema.json': 'guardrail.md',
};

const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

function resolver(dir: string): (s: Schema, file: string) => [Schema, string] {
  const files = new Map<string, Schema>();
  const load = (file: string): Schema => {
    let s = files.get(file);
    if (!s) {
      s = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Schema;
      files.set(file, s);
    }
    return s;
  };
  return function resolve(s: Schema, file: string): [Schema, string] {
    if (s.$ref === undefined) return [s, file];
    const [refFile, pointer] = s.$ref.split('#');
    const target = refFile === undefined || refFile === '' ? file : refFile;
    const name = (pointer ?? '').replace(/^\/definitions\//, '');
    const base = load(target);
    const def = name === '' ? base : base.definitions?.[name];
    if (!def) throw new Error(`unresolved $ref ${s.$ref} in ${file}`);
    const { $ref: _ref, ...rest } = s;
    const [inner, innerFile] = resolve(def, target);
    return [{ ...inner, ...rest }, innerFile];
  };
}

function typeOf(s: Schema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) return s.enum.length > 12 ? 'permission API name' : (s.enum as unknown[]).map((v) => `\`${String(v)}\``).join(' | ');
  if (s.type === 'array') return 'list';
  if (s.type === 'object') return 'mapping';
  return s.type ?? 'any';
}

function rulesOf(s: Schema): string {
  const r: string[] = [];
  const n = (k: string): number | undefined => (typeof s[k] === 'number' ? s[k] : undefined);
  const pair = (lo: number | undefined, hi: number | undefined, unit: string): void => {
    const u = unit === '' ? '' : ` ${unit}`;
    if (lo !== undefined && hi !== undefined) r.push(`${lo}–${hi}${u}`);
    else if (lo !== undefined) r.push(`at least ${lo}${u}`);
    else if (hi !== undefined) r.push(`at most ${hi}${u}`);
  };
  pair(n('minLength'), n('maxLength'), 'characters');
  pair(n('minItems'), n('maxItems'), 'entries');
  pair(n('minimum'), n('maximum'), '');
  if (typeof s.pattern === 'string') r.push(`matches \`${s.pattern}\``);
  if (s.uniqueItems === true) r.push('no repeats');
  if (typeof s.format === 'string') r.push(`format ${s.format}`);
  return r.join('; ');
}

function walk(s0: Schema, file: string, path: string, required: boolean, rows: Row[], resolve: (s: Schema, f: string) => [Schema, string], depth: number): void {
  const [s, f] = resolve(s0, file);
  if (path !== '') rows.push({ path, type: typeOf(s), required, rules: rulesOf(s), description: s.description ?? '' });
  if (depth > 6) return;
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    walk(child, f, path === '' ? key : `${path}.${key}`, (s.required ?? []).includes(key), rows, resolve, depth + 1);
  }
  if (s.items) {
    const [items, itemsFile] = resolve(s.items, f);
    if (items.type === 'object') walk(items, itemsFile, `${path}[]`, false, rows, resolve, depth + 1);
    else if (rows.length > 0) {
      const last = rows[rows.length - 1];
      if (last && last.path === path) rows[rows.length - 1] = { ...last, type: `list of ${typeOf(items)}`, rules: [last.rules, rulesOf(items) && `each: ${rulesOf(items)}`].filter(Boolean).join('; '), description: last.description || items.description || '' };
    }
  }
  // A rule holds exactly one check: list each shape's fields once, then say so.
  if (s.oneOf) rows.push({ path: `${path}`, type: 'one of', required: false, rules: s.oneOf.map((o) => (o.required ?? []).join(' + ')).join(' · '), description: 'exactly one of these combinations of fields' });
}

function rowsLine(r: Row): string {
  return `| \`${cell(r.path)}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.rules)} | ${cell(r.description)} |`;
}

export function renderReferencePage(schemaDir: string, schemaFile: keyof typeof KIND_SCHEMAS): string {
  const resolve = resolver(schemaDir);
  const root = JSON.parse(readFileSync(join(schemaDir, schemaFile), 'utf8')) as Schema;
  const rows: Row[] = [];
  walk(root, schemaFile, '', true, rows, resolve, 0);
  const kind = schemaFile === 'permctl.schema.json' ? undefined : (root.properties?.kind?.const as string | undefined);
  return [
    `# ${kind !== undefined ? `kind: ${kind}` : 'permctl.yaml'}`,
    '',
    `Generated by \`npm run generate\` from \`schemas/${schemaFile}\`; a test fails when it is stale.`,
    '',
    root.description ?? '',
    '',
    `Editors validate and complete the file with this first line (path relative to the file): \`# yaml-language-server: $schema=schemas/${schemaFile}\`.`,
    '',
    '| field | type | required | rules | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(rowsLine),
    '',
  ].join('\n');
}

export function renderReferenceIndex(): string {
  const lines = Object.entries(REFERENCE_PAGES).map(([schema, page]) => `- [${page.replace(/\.md$/, '')}](${page}) — \`schemas/${schema}\``);
  return ['# File reference', '', 'Generated by `npm run generate` from `schemas/`. One page per file kind; error codes are in [../diagnostics.md](../diagnostics.md).', '', ...lines, ''].join('\n');
}

/** Every page of docs/reference/, by file name. */
export function referencePages(schemaDir: string): Map<string, string> {
  const pages = new Map<string, string>([['README.md', renderReferenceIndex()]]);
  for (const [schema, page] of Object.entries(REFERENCE_PAGES)) pages.set(page, renderReferencePage(schemaDir, schema as keyof typeof KIND_SCHEMAS));
  return pages;
}
