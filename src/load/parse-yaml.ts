// The hardened YAML parse: YAML 1.2 core schema only (`no` stays a string, `0123` is a number
// and the schema then asks for quotes), unique keys, no merge keys, no custom tags, no
// %YAML 1.1, an alias budget, a depth cap, and no keys that could reach an object prototype.
// Every problem becomes a located diagnostic; nothing here throws on bad input.
import { isAlias, isMap, isPair, isScalar, isSeq, yamlLib } from './yaml-lib.ts';
import type { Alias, Document, Node as YamlNode, YAMLError } from 'yaml';
import type { Diagnostic, DocPath } from '../diagnostics/types.ts';
import { placed } from '../diagnostics/types.ts';
import { LIMITS } from './limits.ts';
import { locateIn } from './locate.ts';
import { pushAll } from '../util/arrays.ts';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface ParsedDocument {
  readonly index: number;
  readonly value: unknown;
}

export interface ParsedFile {
  readonly file: string;
  readonly documents: readonly ParsedDocument[];
  readonly diagnostics: readonly Diagnostic[];
  /** Line and column of a path inside one document (the deepest existing node). */
  readonly locate: (doc: number, path: DocPath, atKey: boolean) => Position | undefined;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const CORE_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  // yaml's own unique-key check compares every key with every other (quadratic: 40k keys
  // took 33 s); walk() checks with a set instead, reporting what yaml reported.
  uniqueKeys: false,
  merge: false,
  strict: true,
  prettyErrors: false,
} as const;

// YAML 1.2 allows only printable characters (c-printable); `yaml` lets control characters
// through, so they are rejected here, before parsing.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NON_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

/** A located PC101 for the first character YAML does not allow, or undefined. */
export function findNonPrintable(file: string, text: string): ParsedFile | undefined {
  const bad = NON_PRINTABLE.exec(text);
  return bad ? nonPrintable(file, text, bad.index) : undefined;
}

export function parseYamlFile(file: string, text: string): ParsedFile {
  const bad = findNonPrintable(file, text);
  if (bad) return bad;
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const docs: readonly Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const pos = (offset: number): Position => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  const lines = text.split('\n');
  docs.forEach((doc, index) => {
    const found = checkDocument(doc, pos, lines);
    pushAll(diagnostics, found.map((d) => placed(d, { file, doc: index })));
    if (found.length > 0) return;
    try {
      documents.push({ index, value: doc.toJS({ maxAliasCount: LIMITS.maxAliasCount }) });
    } catch (e) {
      // toJS throws only when the alias budget is exceeded; anything else is our bug.
      if (!(e instanceof ReferenceError)) throw e;
      const first = firstAlias(doc.contents);
      diagnostics.push({ code: 'PC104', severity: 'error', file, doc: index, ...pos(first?.range?.[0] ?? 0), args: { limit: LIMITS.maxAliasCount } });
    }
  });
  const locate = (doc: number, path: DocPath, atKey: boolean): Position | undefined => {
    const d = docs[doc];
    const offset = d === undefined ? undefined : locateIn(d, path, atKey);
    return offset === undefined ? undefined : pos(offset);
  };
  return { file, documents, diagnostics, locate };
}

function nonPrintable(file: string, text: string, index: number): ParsedFile {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const col = index - before.lastIndexOf('\n');
  const char = `U+${(text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const diagnostic: Diagnostic = { code: 'PC101', severity: 'error', file, line, col, args: { message: `non-printable character ${char}`, yamlCode: 'NON_PRINTABLE' } };
  return { file, documents: [], diagnostics: [diagnostic], locate: () => undefined };
}

/** A finding in one document; file and doc are added by the caller. */
type Found = Diagnostic;

function checkDocument(doc: Document.Parsed, pos: (offset: number) => Position, lines: readonly string[]): Found[] {
  const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) return [{ code: 'PC112', severity: 'error', ...pos(exhausted.pos[0]), args: { limit: LIMITS.maxDepth } }];
  // Several parser errors can describe one indentation mistake: keep one per place.
  const seen = new Set<string>();
  const found: Found[] = doc.errors.map((e) => indentationError(e, pos, lines) ?? syntaxError(e, pos, doc)).filter((f) => {
    const what = f.code === 'PC101' ? (f.args.indent ?? f.args.message) : f.code === 'PC102' ? f.args.message : '';
    const key = `${f.code}:${String(f.line ?? 0)}:${String(f.col ?? 0)}:${what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (doc.directives.yaml.explicit && doc.directives.yaml.version !== '1.2') {
    found.push({ code: 'PC103', severity: 'error', line: 1, col: 1, args: { version: doc.directives.yaml.version } });
  }
  if (found.length === 0) pushAll(found, walk(doc.contents, 0, pos));
  return found;
}

function syntaxError(e: YAMLError, pos: (offset: number) => Position, doc: Document.Parsed): Found {
  const code: 'PC101' | 'PC102' = e.code === 'DUPLICATE_KEY' ? 'PC102' : 'PC101';
  const message = e.message.replace(/ at line \d+, column \d+.*$/s, '');
  if (code === 'PC102') {
    // Name the key and where it first appeared: "listed twice" alone sends the user hunting.
    const dup = duplicateKey(doc.contents, e.pos[0]);
    if (dup) {
      const first = pos(dup.first);
      return { code, severity: 'error', ...pos(e.pos[0]), args: { message, yamlCode: e.code, key: dup.key, firstLine: first.line, firstCol: first.col } };
    }
  }
  return { code, severity: 'error', ...pos(e.pos[0]), args: { message, yamlCode: e.code } };
}

const firstColumn = (line: string): number => line.length - line.trimStart().length + 1;
const isContent = (line: string | undefined): boolean => line !== undefined && line.trim() !== '' && !line.trimStart().startsWith('#');

/** Indentation mistakes, pointed at the line that is wrong and described without parser
 *  terms. The parser reports an over-indented line at the line above it (whose value it
 *  thinks continues); a list item's misaligned field as a "sequence item without -". */
function indentationError(e: YAMLError, pos: (offset: number) => Position, lines: readonly string[]): Found | undefined {
  const at = pos(e.pos[0]);
  const text = (n: number): string => lines[n - 1] ?? '';
  if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') {
    let next = at.line + 1;
    while (next <= lines.length && !isContent(lines[next - 1])) next++;
    if (next > lines.length) return undefined;
    const above = text(at.line);
    const key = /^\s*(?:- )?([^\s:#][^:#]*):/.exec(above);
    const keyCol = key ? above.indexOf(key[1] ?? '') + 1 : firstColumn(above);
    return { code: 'PC101', severity: 'error', line: next, col: firstColumn(text(next)), args: { message: e.message, yamlCode: e.code, indent: 'deeper', column: keyCol, key: key?.[1]?.trim() ?? '' } };
  }
  if (e.code === 'MISSING_CHAR' && /without - indicator/.test(e.message)) {
    let prev = at.line - 1;
    while (prev > 0 && !/^\s*- \S/.test(text(prev))) prev--;
    const item = /^(\s*- )\S/.exec(text(prev));
    return { code: 'PC101', severity: 'error', line: at.line, col: firstColumn(text(at.line)), args: { message: e.message, yamlCode: e.code, indent: 'list-item', column: item ? (item[1]?.length ?? 0) + 1 : 0 } };
  }
  if (e.code === 'BAD_INDENT' && /same column/.test(e.message)) {
    return { code: 'PC101', severity: 'error', line: at.line, col: firstColumn(text(at.line)), args: { message: e.message, yamlCode: e.code, indent: 'misaligned' } };
  }
  return undefined;
}

/** The key at `offset` and where the same key first appears in its mapping. Iterative and
 *  bounded by the number of nodes: a hostile document cannot make it recurse deeply. */
function duplicateKey(root: unknown, offset: number): { key: string; first: number } | undefined {
  const stack: unknown[] = [root];
  for (let budget = 1_000_000; stack.length > 0 && budget > 0; budget--) {
    const node = stack.pop();
    if (isMap(node)) {
      const at = node.items.findIndex((p) => isPair(p) && (p.key as YamlNode | null)?.range?.[0] === offset);
      const dup = node.items[at];
      if (at >= 0 && isPair(dup) && isScalar(dup.key)) {
        const key = dup.key.value;
        const earlier = node.items.slice(0, at).find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        const start = isPair(earlier) ? (earlier.key as YamlNode | null)?.range?.[0] : undefined;
        return start === undefined ? undefined : { key: String(key), first: start };
      }
      for (const p of node.items) if (isPair(p)) stack.push(p.key, p.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return undefined;
}

/** Walks the node tree once, iteratively in spirit but bounded by LIMITS.maxDepth. */
function walk(node: YamlNode | null | undefined, depth: number, pos: (offset: number) => Position): Found[] {
  if (node === null || node === undefined) return [];
  const where = pos(node.range?.[0] ?? 0);
  if (depth > LIMITS.maxDepth) return [{ code: 'PC112', severity: 'error', ...where, args: { limit: LIMITS.maxDepth } }];
  const found: Found[] = [];
  if (node.tag !== undefined && !CORE_TAGS.has(node.tag) && !isAlias(node)) {
    found.push({ code: 'PC109', severity: 'error', ...where, args: { tag: node.tag } });
  }
  if (isMap(node)) {
    const seen = new Map<string, number>(); // key → offset of its first appearance
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      const keyAt = pos((pair.key as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0);
      const id = pair.key === null ? 'null' : isScalar(pair.key) ? `${typeof key}:${String(key)}` : undefined;
      const firstAt = id === undefined ? undefined : seen.get(id);
      if (firstAt !== undefined) {
        const first = pos(firstAt);
        found.push({ code: 'PC102', severity: 'error', ...keyAt, args: { message: 'Map keys must be unique', yamlCode: 'DUPLICATE_KEY', key: String(key), firstLine: first.line, firstCol: first.col } });
      }
      if (id !== undefined && firstAt === undefined) seen.set(id, (pair.key as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0);
      if (pair.key !== null && !isScalar(pair.key)) found.push({ code: 'PC101', severity: 'error', ...keyAt, args: { message: 'a mapping key must be a plain value, not a list or mapping', yamlCode: 'COMPLEX_KEY' } });
      else if (key === '<<') found.push({ code: 'PC108', severity: 'error', ...keyAt, args: {} });
      else if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) found.push({ code: 'PC107', severity: 'error', ...keyAt, args: { key } });
      pushAll(found, walk(pair.key as YamlNode | null, depth + 1, pos));
      pushAll(found, walk(pair.value as YamlNode | null, depth + 1, pos));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) pushAll(found, walk(item as YamlNode | null, depth + 1, pos));
  }
  return found;
}

function firstAlias(node: unknown): Alias | undefined {
  if (isAlias(node)) return node;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const found = isPair(item) ? (firstAlias(item.key) ?? firstAlias(item.value)) : firstAlias(item);
      if (found) return found;
    }
  }
  return undefined;
}
