// The quickest tier of the load stage's fast path (fast-parse.ts): a parser for the plain
// subset of YAML that policy files are written in — block mappings and sequences, one scalar
// per line, double- or single-quoted strings without escapes, flow sequences and mappings of
// scalars on one line, comments on their own lines. It reads a 50,000-user repository in about
// a third of js-yaml's time because it does only what that subset needs.
//
// It never judges: anything outside the subset — an escape, a multi-line scalar, a number that
// is not a plain decimal, a tab, an indentation it did not expect, a duplicate key, a document
// it would have to call empty — makes it decline (undefined), and the file goes on to js-yaml
// and then, if need be, to the hardened parse, exactly as before. Where it answers, its values
// equal js-yaml's under the YAML 1.2 core schema (test/subset-parse.test.ts checks this on every
// fixture, on generated repositories and on random documents written by two YAML writers).
// Called only on text isPlainYaml (plain.ts) accepts: no anchors, tags, directives, merge keys,
// object-internal keys or control characters.

/** The values of each document, or undefined when the text is outside the subset. */
export function parseSubset(text: string): unknown[] | undefined {
  return parseWith(text, undefined);
}

/** Where each node of a text the subset reads starts: the offset of the node at a path (of its
 *  key, with atKey), or of the deepest node on the path that exists; undefined where the
 *  node has no text of its own (an empty value) and the caller must ask the hardened parse.
 *  The same offsets as the hardened parse's (a node starts at its first character, a quoted
 *  scalar at its quote, a block collection at its first key or dash): parsed again, once, for
 *  a file with findings. */
export function subsetLocator(text: string): ((doc: number, path: readonly (string | number)[], atKey: boolean) => number | undefined) | undefined {
  const offsets: Offsets = { roots: [], maps: new Map(), seqs: new Map() };
  const docs = parseWith(text, offsets);
  if (docs === undefined) return undefined;
  return (doc, path, atKey) => {
    let node = docs[doc];
    let value = offsets.roots[doc];
    let key: number | undefined;
    let found = 0;
    for (const segment of path) {
      const want = String(segment);
      let at: readonly [number | undefined, number | undefined] | undefined;
      if (Array.isArray(node)) {
        const i = /^(?:0|[1-9][0-9]*)$/.test(want) ? Number(want) : -1;
        at = i < 0 || i >= node.length ? undefined : [undefined, offsets.seqs.get(node)?.[i]];
        node = node[i];
      } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, want)) {
        at = offsets.maps.get(node)?.get(want);
        node = (node as Record<string, unknown>)[want];
      }
      if (at === undefined) break;
      [key, value] = at;
      found++;
    }
    return found === path.length && atKey ? key : value;
  };
}

interface Offsets {
  readonly roots: (number | undefined)[];
  /** Per mapping, per key: where the key and its value start. */
  readonly maps: Map<object, Map<string, readonly [number, number | undefined]>>;
  /** Per sequence: where each item starts. */
  readonly seqs: Map<object, (number | undefined)[]>;
}

function parseWith(text: string, offsets: Offsets | undefined): unknown[] | undefined {
  // Tabs, line breaks other than '\n' (and U+2028/9, which some YAML readers count as such), a
  // byte-order mark and ill-formed UTF-16 are left to js-yaml, which has rules about each. C1
  // controls never get here: isPlainYaml refuses them, as js-yaml would.
  if (SPECIAL.some((c) => text.includes(c)) || text.charCodeAt(0) === 0xfeff || !text.isWellFormed()) return undefined;
  try {
    return new SubsetParser(text, offsets).documents();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

const SPECIAL = ['\t', '\r', '\u0085', '\u2028', '\u2029'];
/** Thrown (never escapes parseSubset) when the text leaves the subset. One instance: made
 *  once, without a stack trace per decline. */
class Decline extends Error {}
const DECLINE = new Decline('outside the subset');
const decline = (): never => {
  throw DECLINE;
};

/** Nesting deeper than this is declined, well before js-yaml's maxDepth (64) applies. */
const MAX_DEPTH = 32;
/** Characters of the keys the subset reads ([A-Za-z0-9_./-]; a key starts with a letter or
 *  '_'): 1 may start a key, 2 may follow. */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  KEY_CHAR[c] = /[A-Za-z_]/.test(ch) ? 1 : /[0-9./-]/.test(ch) ? 2 : 0;
}

/** A key the subset reads: a plain word, never one naming an object internal (isPlainYaml
 *  also refuses those; this keeps the parser safe on its own), never a duplicate. */
function isKey(t: string, from: number, to: number): boolean {
  if (to === from || KEY_CHAR[t.charCodeAt(from)] !== 1) return false;
  for (let i = from + 1; i < to; i++) if ((KEY_CHAR[t.charCodeAt(i)] ?? 0) === 0) return false;
  return true;
}
/** A plain scalar js-yaml's core schema reads as a number: only plain decimals are accepted. */
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;
const SPACE = 32, HASH = 35, DQUOTE = 34, SQUOTE = 39, DASH = 45, COLON = 58, COMMA = 44, BACKSLASH = 92;
const LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125;

/** The core schema's words for null and the booleans; other plain words are strings. */
const WORDS = new Map<string, null | boolean>([
  ['null', null], ['Null', null], ['NULL', null],
  ['true', true], ['True', true], ['TRUE', true],
  ['false', false], ['False', false], ['FALSE', false],
]);

class SubsetParser {
  private readonly text: string;
  /** The current line: [start, end) in text, its indentation, and whether the cursor is past
   *  the text or at a document separator. */
  private start = 0;
  private end = 0;
  private indent = 0;
  private eof = false;
  private separator = false;
  /** Each plain value once (see plainScalar). */
  private readonly strings = new Map<string, string>();

  /** With offsets (subsetLocator): where each node starts. */
  private readonly offsets: Offsets | undefined;
  /** Where the block nested() returned starts (undefined for null). */
  private nestedAt: number | undefined;

  constructor(text: string, offsets: Offsets | undefined) {
    this.text = text;
    this.offsets = offsets;
    this.end = -1;
    this.advance();
  }

  documents(): unknown[] {
    const docs: unknown[] = [];
    // Comments and blank lines before a leading '---' make no document.
    if (this.separator) this.advance();
    while (!this.eof) {
      if (this.separator) decline(); // an empty document
      this.offsets?.roots.push(this.start);
      docs.push(this.block(this.indent, 0));
      if (!this.eof && !this.separator) decline(); // a line less indented than the document
      if (this.separator) {
        this.advance();
        if (this.eof) decline(); // a trailing '---' makes an empty document
      }
    }
    if (docs.length === 0) decline();
    return docs;
  }

  /** Moves to the next line with content, skipping blank lines and comment lines. */
  private advance(): void {
    const t = this.text;
    this.separator = false;
    for (;;) {
      const start = this.end + 1;
      if (start >= t.length) {
        this.eof = true;
        this.start = this.end = t.length;
        return;
      }
      let end = t.indexOf('\n', start);
      if (end === -1) end = t.length;
      let i = start;
      while (i < end && t.charCodeAt(i) === SPACE) i++;
      this.end = end;
      if (i === end || t.charCodeAt(i) === HASH) continue;
      this.start = i;
      this.indent = i - start;
      if (this.indent === 0 && (t.startsWith('---', i) || t.startsWith('...', i))) {
        // Only a bare '---' separates documents; '...', or content after '---', is declined.
        if (t.charCodeAt(i) === 46 || t.slice(i + 3, end).trim() !== '') decline();
        this.separator = true;
      }
      return;
    }
  }

  private get inBlock(): boolean {
    return !this.eof && !this.separator;
  }

  private isSeqLine(): boolean {
    const c = this.text.charCodeAt(this.start + 1);
    return this.text.charCodeAt(this.start) === DASH && (this.start + 1 === this.end || c === SPACE);
  }

  /** A block node starting on the current line, indented `indent`. */
  private block(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) decline();
    if (this.isSeqLine()) return this.sequence(indent, depth);
    const obj: Record<string, unknown> = {};
    this.entries(obj, indent, this.start, depth);
    return obj;
  }

  /** Mapping entries at `indent`, the first starting at `from` on the current line. */
  private entries(obj: Record<string, unknown>, indent: number, from: number, depth: number): void {
    let at = from;
    for (;;) {
      const t = this.text;
      const colon = t.indexOf(':', at);
      if (colon === -1 || colon >= this.end) decline();
      if (!isKey(t, at, colon)) decline();
      const key = t.slice(at, colon);
      if (key === '__proto__' || Object.hasOwn(obj, key)) decline();
      const after = colon + 1;
      if (after < this.end && t.charCodeAt(after) !== SPACE) decline();
      const valueAt = this.skipSpaces(after);
      // Nothing but a comment after the key (`key:  # note`) leaves the value to the next lines.
      if (valueAt === this.end || t.charCodeAt(valueAt) === HASH) {
        this.advance();
        obj[key] = this.nested(indent, depth, true);
        this.note(obj, key, at, this.nestedAt);
      } else {
        obj[key] = this.inlineValue(valueAt);
        this.note(obj, key, at, valueAt);
        this.advance();
      }
      if (!this.inBlock || this.indent < indent) return;
      if (this.indent > indent || this.isSeqLine()) decline();
      at = this.start;
    }
  }

  private note(obj: object, key: string, keyAt: number, valueAt: number | undefined): void {
    if (this.offsets === undefined) return;
    let entries = this.offsets.maps.get(obj);
    if (entries === undefined) this.offsets.maps.set(obj, (entries = new Map<string, readonly [number, number | undefined]>()));
    entries.set(key, [keyAt, valueAt]);
  }

  /** The value of a key or item whose line ended after it: a deeper block, a sequence at the
   *  key's own indentation (`key:` then `- item`), or null. */
  private nested(indent: number, depth: number, compactSequence: boolean): unknown {
    const at = this.start;
    let value: unknown = null;
    if (!this.inBlock || this.indent < indent) value = null;
    else if (this.indent > indent) value = this.block(this.indent, depth + 1);
    else if (compactSequence && this.isSeqLine()) value = this.sequence(indent, depth + 1);
    this.nestedAt = value === null ? undefined : at;
    return value;
  }

  /** Items at `indent`, the first item's dash at `dash` on the current line (after another
 *  dash for `- - item`). */
  private sequence(indent: number, depth: number, dash = this.start): unknown[] {
    if (depth > MAX_DEPTH) decline();
    const items: unknown[] = [];
    const starts: (number | undefined)[] | undefined = this.offsets && [];
    if (starts) this.offsets?.seqs.set(items, starts);
    const t = this.text;
    for (let at = dash; ; at = this.start) {
      const content = this.skipSpaces(at + 1);
      const column = content - (this.start - this.indent);
      starts?.push(content);
      if (content === this.end || (t.charCodeAt(content) === HASH && content > at + 1)) {
        this.advance();
        items.push(this.nested(indent, depth, false));
        if (starts) starts[starts.length - 1] = this.nestedAt;
      } else if (t.charCodeAt(content) === DASH && (content + 1 === this.end || t.charCodeAt(content + 1) === SPACE)) {
        items.push(this.sequence(column, depth + 1, content));
      } else if (this.startsEntry(content)) {
        const obj: Record<string, unknown> = {};
        this.entries(obj, column, content, depth + 1);
        items.push(obj);
      } else {
        items.push(this.inlineValue(content));
        this.advance();
      }
      if (!this.inBlock || this.indent < indent) return items;
      if (this.indent > indent) decline();
      // A key at the sequence's own indentation ends it (`key:` then `- item`s, then a key);
      // anywhere else the caller finds the line out of place.
      if (!this.isSeqLine()) return items;
    }
  }

  /** Whether the item's content at `at` is a `key:` entry rather than a scalar. Searches this
   *  line only (see quoted()). */
  private startsEntry(at: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE || c === LBRACKET || c === LBRACE) return false;
    let colon = at;
    while (colon < this.end && t.charCodeAt(colon) !== COLON) colon++;
    if (colon === this.end) return false;
    return colon + 1 === this.end || t.charCodeAt(colon + 1) === SPACE;
  }

  private skipSpaces(i: number): number {
    while (i < this.end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** A value that starts at `at` and ends with the line. */
  private inlineValue(at: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(at);
    let value: unknown;
    let next: number;
    if (c === DQUOTE || c === SQUOTE) [value, next] = this.quoted(at);
    else if (c === LBRACKET) [value, next] = this.flowSequence(at);
    else if (c === LBRACE) [value, next] = this.flowMapping(at);
    else return plainScalar(t.slice(at, this.end).trimEnd(), false, this.strings);
    this.endOfLine(next);
    return value;
  }

  /** After a quoted or flow value: nothing but spaces, or spaces and a comment. */
  private endOfLine(i: number): void {
    const j = this.skipSpaces(i);
    if (j < this.end && !(j > i && this.text.charCodeAt(j) === HASH)) decline();
  }

  /** A quoted string ending on this line: its value and the index after it. Every search
   *  stops at the line's end: a search to the next quote or backslash of the whole text,
   *  once per string, would make a file of many strings cost its length squared. */
  private quoted(at: number): [string, number] {
    const t = this.text;
    const q = t.charCodeAt(at);
    let i = at + 1;
    while (i < this.end && t.charCodeAt(i) !== q && t.charCodeAt(i) !== BACKSLASH) i++;
    if (i === this.end) decline(); // not closed on this line
    if (q === SQUOTE) {
      // A backslash is a character like any other in single quotes; '' is an escaped quote.
      while (i < this.end && t.charCodeAt(i) !== SQUOTE) i++;
      if (i === this.end || t.charCodeAt(i + 1) === SQUOTE) decline();
      return [compact(t.slice(at + 1, i)), i + 1];
    }
    if (t.charCodeAt(i) === DQUOTE) return [JSON.parse(t.slice(at, i + 1)) as string, i + 1]; // compact (see compact())
    // With escapes: the common ones are read; any other sends the file to js-yaml.
    let out = t.slice(at + 1, i);
    while (i < this.end) {
      const c = t.charCodeAt(i);
      if (c === DQUOTE) return [out, i + 1];
      if (c === BACKSLASH) {
        const [ch, length] = unescaped(t, i + 1, this.end);
        out += ch;
        i += 1 + length;
        continue;
      }
      let j = i;
      while (j < this.end && t.charCodeAt(j) !== DQUOTE && t.charCodeAt(j) !== BACKSLASH) j++;
      out += t.slice(i, j);
      i = j;
    }
    return decline();
  }

  /** `[a, "b"]` on one line, of scalars only. */
  private flowSequence(at: number): [unknown[], number] {
    const items: unknown[] = [];
    const starts: number[] | undefined = this.offsets && [];
    if (starts) this.offsets?.seqs.set(items, starts);
    let i = this.flowSkip(at + 1);
    if (this.text.charCodeAt(i) === RBRACKET) return [items, i + 1];
    for (;;) {
      starts?.push(i);
      const [value, after] = this.flowScalar(i);
      items.push(value);
      i = this.flowSkip(after);
      const c = this.text.charCodeAt(i);
      if (c === RBRACKET) return [items, i + 1];
      if (c !== COMMA) decline();
      i = this.flowSkip(i + 1);
      if (this.text.charCodeAt(i) === RBRACKET) decline(); // a trailing comma
    }
  }

  /** `{ key: value, … }` on one line, of scalars only. */
  private flowMapping(at: number): [Record<string, unknown>, number] {
    const t = this.text;
    const obj: Record<string, unknown> = {};
    let i = this.flowSkip(at + 1);
    if (t.charCodeAt(i) === RBRACE) return [obj, i + 1];
    for (;;) {
      const colon = t.indexOf(':', i);
      if (colon === -1 || colon >= this.end || t.charCodeAt(colon + 1) !== SPACE) decline();
      if (!isKey(t, i, colon)) decline();
      const key = t.slice(i, colon);
      if (key === '__proto__' || Object.hasOwn(obj, key)) decline();
      const valueAt = this.flowSkip(colon + 1);
      const [value, after] = this.flowScalar(valueAt);
      obj[key] = value;
      this.note(obj, key, i, valueAt);
      i = this.flowSkip(after);
      const c = t.charCodeAt(i);
      if (c === RBRACE) return [obj, i + 1];
      if (c !== COMMA) decline();
      i = this.flowSkip(i + 1);
      if (t.charCodeAt(i) === RBRACE) decline();
    }
  }

  private flowSkip(i: number): number {
    const j = this.skipSpaces(i);
    if (j === this.end) decline(); // a flow collection continued on the next line
    return j;
  }

  /** A scalar inside a flow collection: quoted, or plain up to ',', ']' or '}'. */
  private flowScalar(at: number): [unknown, number] {
    const c = this.text.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(at);
    let i = at;
    for (; i < this.end; i++) {
      const d = this.text.charCodeAt(i);
      if (d === COMMA || d === RBRACKET || d === RBRACE) break;
    }
    return [plainScalar(this.text.slice(at, i).trimEnd(), true, this.strings), i];
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/** The character a double-quoted escape at `at` (after the backslash) stands for, and the
 *  escape's length, within the line (before `end`); \uXXXX outside the surrogates, else
 *  declined. */
function unescaped(t: string, at: number, end: number): [string, number] {
  if (at >= end) decline();
  const c = t.charAt(at);
  const simple = ESCAPES[c];
  if (simple !== undefined) return [simple, 1];
  if (c === 'u') {
    const hex = t.slice(at + 1, Math.min(at + 5, end));
    if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
      const code = parseInt(hex, 16);
      if (code < 0xd800 || code > 0xdfff) return [String.fromCharCode(code), 5];
    }
  }
  return decline();
}

/** A plain scalar's value under the core schema; declines what it does not handle simply. */
function plainScalar(text: string, flow: boolean, strings: Map<string, string>): unknown {
  // ' #' starts a comment (block values only: in a flow collection a '#' is declined below).
  const comment = flow ? -1 : text.indexOf(' #');
  const s = comment === -1 ? text : text.slice(0, comment).trimEnd();
  if (s === '') decline();
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (DECIMAL.test(s)) return Number(s);
    decline();
  }
  // Indicators, signs and dots (-1, .inf) at the start, and what could end the scalar early or
  // make it a key, a comment or a flow collection inside.
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 47 || c > 127)) decline();
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i);
    if (d === HASH || d === LBRACKET || d === RBRACKET || d === LBRACE || d === RBRACE) decline();
    if (d === COLON && (flow || i + 1 === s.length || s.charCodeAt(i + 1) === SPACE)) decline();
  }
  const word = WORDS.get(s);
  if (word !== undefined) return word;
  // Plain values repeat (profile names, routing profiles, hierarchies): one copy each.
  const known = strings.get(s);
  if (known !== undefined) return known;
  const copy = compact(s);
  strings.set(copy, copy);
  return copy;
}

/** `s` as a string of its own, one byte per character when it can be. A slice of the file's
 *  text is a view of the whole file, and of a two-byte one whenever the file holds a single
 *  character beyond Latin-1 (a name with an accent outside it, a dash): every later comparison,
 *  hash and sort of such slices runs at two-byte speed. JSON.parse of the quoted text makes a
 *  compact copy; measured at 50,000 users, it takes a sixth off validate, compile and plan. */
function compact(s: string): string {
  return s.includes('"') || s.includes('\\') ? s : (JSON.parse(`"${s}"`) as string);
}
