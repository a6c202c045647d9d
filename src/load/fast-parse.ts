// The fast path of the load stage. The hardened `yaml` parse (parse-yaml.ts) is the reference:
// it alone produces diagnostics. js-yaml (about 8x faster on large files) reads a file only
// when a scan of the text finds none of the YAML features the hardened parse has rules about —
// directives, tags, anchors, aliases, merge keys, complex keys, keys naming object internals —
// so on the files it reads, both parsers apply the same YAML 1.2 core rules. Anything else, and
// any file js-yaml rejects, goes through the hardened parse, which reports the error with its
// position. test/fast-parse.test.ts checks the two agree on every fixture and on generated input.
// Before js-yaml, the subset parser (subset-parse.ts) reads the plain block YAML policy files are
// mostly written in, about three times faster; it declines anything else, and js-yaml goes on.
//
// Bounded parsing (docs/reliability.md): every file first passes a linear estimate of its
// values (bounds.ts). Files up to LIMITS.hardenedMaxBytes then go as above, after a depth and
// alias pre-check on js-yaml's events so the hardened parse never builds a bomb's tree.
// Larger files never reach the hardened parse (its cost is ~0.5 s and ~400 MB per MiB): they
// are read from js-yaml's events, refusing what only the hardened parse may judge.
import * as jsyaml from 'js-yaml';
import type { Code } from '../diagnostics/codes.ts';
import type { DiagnosticArgs } from '../diagnostics/args.ts';
import type { Diagnostic, DiagnosticOf } from '../diagnostics/types.ts';
import { aliasLimitOffset, scanEvents, valueLimitOffset } from './bounds.ts';
import { LIMITS } from './limits.ts';
import { indexEvents, locateInIndex } from './locate-events.ts';
import type { ParsedFile, Position } from './parse-yaml.ts';
import { findNonPrintable, parseYamlFile } from './parse-yaml.ts';
import { isPlainYaml } from './plain.ts';
import { parseSubset, subsetLocator } from './subset-parse.ts';

function fastParse(file: string, text: string): ParsedFile | undefined {
  const subset = parseSubset(text);
  if (subset !== undefined) return fastParsedFile(file, text, subset, false, true);
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, { schema: jsyaml.CORE_SCHEMA, maxDepth: LIMITS.maxDepth });
  } catch {
    return undefined; // the hardened parse finds and locates the problem
  }
  return fastParsedFile(file, text, values);
}

/** A file the fast path has parsed. With `large`, positions js-yaml does not give fall back to
 *  the nearest ancestor, never to the hardened parse. With `subset`, the subset parser read it
 *  and gives its positions (subsetLocator), several times faster than js-yaml's events. */
export function fastParsedFile(file: string, text: string, values: readonly unknown[], large = false, subset = false): ParsedFile {
  // Positions are needed only for diagnostics: index the file on first use; the few nodes
  // with no offset of their own (block scalars, empty values) are located by the hardened parse.
  let index: ReturnType<typeof indexEvents> | undefined;
  let subsetAt: ReturnType<typeof subsetLocator> | undefined;
  let lines: number[] | undefined;
  let reference: ParsedFile | undefined;
  const locate = (doc: number, path: readonly (string | number)[], atKey: boolean): Position | undefined => {
    if (subset) subsetAt ??= subsetLocator(text);
    if (subsetAt === undefined) index ??= indexEvents(text);
    const docIndex = index?.[doc];
    let offset = subsetAt !== undefined ? subsetAt(doc, path, atKey) : docIndex === undefined ? undefined : locateInIndex(docIndex, path, atKey);
    for (let n = path.length - 1; large && offset === undefined && docIndex !== undefined && n >= 0; n--) offset = locateInIndex(docIndex, path.slice(0, n), false);
    if (offset === undefined && large) return { line: 1, col: 1 };
    if (offset === undefined) {
      reference ??= parseYamlFile(file, text);
      return reference.locate(doc, path, atKey);
    }
    lines ??= lineStarts(text);
    return positionOf(lines, offset);
  };
  return { file, documents: values.map((value, index) => ({ index, value })), diagnostics: [], locate };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset, as yaml's LineCounter gives them. */
function positionOf(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

function failed<C extends Code>(file: string, text: string, code: C, offset: number, args: DiagnosticArgs[C]): ParsedFile {
  const position = positionOf(lineStarts(text.slice(0, offset + 1)), offset);
  const diagnostic = { code, severity: 'error', file, ...position, args } as DiagnosticOf<C> as Diagnostic;
  return { file, documents: [], diagnostics: [diagnostic], locate: () => undefined };
}

/** js-yaml's exception as a located diagnostic: its reason only, never its source excerpt. */
function fromException(file: string, text: string, e: unknown): ParsedFile {
  const x = e as { reason?: unknown; mark?: { position?: unknown } };
  const reason = typeof x.reason === 'string' ? x.reason : 'cannot be parsed';
  const offset = typeof x.mark?.position === 'number' ? x.mark.position : 0;
  if (/maxDepth/.test(reason)) return failed(file, text, 'PC112', offset, { limit: LIMITS.maxDepth });
  if (/duplicated mapping key/.test(reason)) return failed(file, text, 'PC102', offset, { message: 'map keys must be unique', yamlCode: 'DUPLICATE_KEY' });
  if (e instanceof RangeError) return failed(file, text, 'PC112', offset, { limit: LIMITS.maxDepth });
  return failed(file, text, 'PC101', offset, { message: reason, yamlCode: 'SYNTAX' });
}

/** Events of a file, depth-capped; or the diagnostic that stops it. */
function eventsOf(file: string, text: string, maxDepth: number): ReturnType<typeof jsyaml.parseEvents> | ParsedFile {
  try {
    return jsyaml.parseEvents(text, { maxDepth });
  } catch (e) {
    return fromException(file, text, e);
  }
}

/** A file over LIMITS.hardenedMaxBytes: js-yaml's events, checked, then its values. */
function parseLarge(file: string, text: string): ParsedFile {
  const bad = findNonPrintable(file, text);
  if (bad) return bad;
  const events = eventsOf(file, text, LIMITS.maxDepth);
  if (!Array.isArray(events)) return events;
  const finding = scanEvents(events, text, LIMITS.hardenedMaxBytes);
  if (finding) return failed(file, text, finding.code, finding.offset, finding.args);
  try {
    return fastParsedFile(file, text, jsyaml.constructFromEvents(events, { source: text, schema: jsyaml.CORE_SCHEMA }), true);
  } catch (e) {
    return fromException(file, text, e);
  }
}

/** Before the hardened parse: nesting far past the cap and alias floods are refused on
 *  js-yaml's events, so yaml never builds their trees. Anything subtler is yaml's to judge. */
function precheck(file: string, text: string): ParsedFile | undefined {
  const events = eventsOf(file, text, LIMITS.precheckDepth);
  if (!Array.isArray(events)) return events.diagnostics[0]?.code === 'PC112' ? events : undefined;
  const alias = aliasLimitOffset(events, LIMITS.precheckAliases);
  return alias >= 0 ? failed(file, text, 'PC104', alias, { limit: LIMITS.maxAliasCount }) : undefined;
}

/** Parses one file: the fast path when it is safe, else the hardened parse, within bounds. */
export function parseFile(file: string, text: string): ParsedFile {
  const over = valueLimitOffset(text, LIMITS.maxValues);
  if (over >= 0) return failed(file, text, 'PC124', over, { limit: LIMITS.maxValues });
  if (text.length > LIMITS.hardenedMaxBytes) return parseLarge(file, text);
  return (isPlainYaml(text) ? fastParse(file, text) : undefined) ?? precheck(file, text) ?? parseYamlFile(file, text);
}
