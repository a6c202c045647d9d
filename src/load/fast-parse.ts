// The fast path of the load stage. The hardened `yaml` parse (parse-yaml.ts) is the reference:
// it alone produces diagnostics. js-yaml (about 8x faster on large files) reads a file only
// when a scan of the text finds none of the YAML features the hardened parse has rules about —
// directives, tags, anchors, aliases, merge keys, complex keys, keys naming object internals —
// so on the files it reads, both parsers apply the same YAML 1.2 core rules. Anything else, and
// any file js-yaml rejects, goes through the hardened parse, which reports the error with its
// position. test/fast-parse.test.ts checks the two agree on every fixture and on generated input.
import * as jsyaml from 'js-yaml';
import { indexEvents, locateInIndex } from './locate-events.ts';
import type { ParsedFile, Position } from './parse-yaml.ts';
import { parseYamlFile } from './parse-yaml.ts';
import { isPlainYaml } from './plain.ts';

function fastParse(file: string, text: string): ParsedFile | undefined {
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, null, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined; // the hardened parse finds and locates the problem
  }
  return fastParsedFile(file, text, values);
}

/** A file the fast path has parsed (here or on a worker thread, see parallel.ts). */
export function fastParsedFile(file: string, text: string, values: readonly unknown[]): ParsedFile {
  // Positions are needed only for diagnostics: index js-yaml's events on first use; the few
  // nodes it gives no offset for (block scalars, empty values) are located by the hardened parse.
  let index: ReturnType<typeof indexEvents> | undefined;
  let lines: number[] | undefined;
  let reference: ParsedFile | undefined;
  const locate = (doc: number, path: readonly (string | number)[], atKey: boolean): Position | undefined => {
    index ??= indexEvents(text);
    const docIndex = index[doc];
    const offset = docIndex === undefined ? undefined : locateInIndex(docIndex, path, atKey);
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

/** Parses one file: the fast path when it is safe, else the hardened parse. */
export function parseFile(file: string, text: string): ParsedFile {
  return (isPlainYaml(text) ? fastParse(file, text) : undefined) ?? parseYamlFile(file, text);
}
