// Positions from js-yaml's event stream, for files read on the fast path: one pass over the
// events builds path → offset for every node, the first time a diagnostic in that file needs a
// position. Offsets match the hardened parse's (locate.ts): a node starts at its first
// character, a quoted scalar at its quote. Where js-yaml gives no usable offset (block
// scalars, empty values), the entry is missing and the caller asks the hardened parse.
import * as jsyaml from 'js-yaml';
import type { DocPath } from '../diagnostics/types.ts';

interface Offsets {
  readonly key?: number;
  readonly value?: number;
}

type Event = Record<string, unknown> & { type: number };

const QUOTED = new Set<number>([jsyaml.SCALAR_STYLE_SINGLE_QUOTED, jsyaml.SCALAR_STYLE_DOUBLE_QUOTED]);
const BLOCK = new Set<number>([jsyaml.SCALAR_STYLE_LITERAL_BLOCK, jsyaml.SCALAR_STYLE_FOLDED_BLOCK]);

function startOf(e: Event): number | undefined {
  if (e.type === jsyaml.EVENT_SCALAR) {
    const style = e.style as number;
    const start = e.valueStart as number;
    if (BLOCK.has(style) || start < 0) return undefined;
    return QUOTED.has(style) ? start - 1 : start;
  }
  const start = e.start as number | undefined;
  return start === undefined || start < 0 ? undefined : start;
}

interface Frame {
  readonly path: string;
  readonly mapping: boolean;
  index: number;
  /** Mappings: the key just read, waiting for its value. */
  pendingKey?: { name: string; offset: number | undefined };
}

const SEP = '\u0000';
const join = (path: string, seg: string | number): string => (path === '' ? String(seg) : `${path}${SEP}${String(seg)}`);

/** path (segments joined by NUL) → offsets, per document. */
export function indexEvents(text: string): Map<string, Offsets>[] {
  const docs: Map<string, Offsets>[] = [];
  let map = new Map<string, Offsets>();
  const stack: Frame[] = [];
  const place = (e: Event): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.mapping && top.pendingKey === undefined) {
      // A key: only plain scalars reach the fast path (complex keys send a file to the hardened parse).
      top.pendingKey = { name: jsyaml.getScalarValue(text, e as never), offset: startOf(e) };
      return undefined;
    }
    const path = top.mapping ? join(top.path, top.pendingKey?.name ?? '') : join(top.path, top.index++);
    if (top.mapping) {
      const key = top.pendingKey?.offset;
      map.set(path, { ...(key !== undefined ? { key } : {}), ...(startOf(e) !== undefined ? { value: startOf(e) } : {}) });
      top.pendingKey = undefined;
    } else {
      const value = startOf(e);
      map.set(path, value === undefined ? {} : { value });
    }
    return path;
  };
  for (const e of jsyaml.parseEvents(text, {}) as unknown as Iterable<Event>) {
    if (e.type === jsyaml.EVENT_DOCUMENT) {
      map = new Map();
      docs.push(map);
    } else if (e.type === jsyaml.EVENT_MAPPING || e.type === jsyaml.EVENT_SEQUENCE) {
      const path = place(e) ?? '';
      if (stack.length === 0) map.set('', { ...(startOf(e) !== undefined ? { value: startOf(e) } : {}) });
      stack.push({ path, mapping: e.type === jsyaml.EVENT_MAPPING, index: 0 });
    } else if (e.type === jsyaml.EVENT_SCALAR || e.type === jsyaml.EVENT_ALIAS) {
      const path = place(e);
      if (path === '' && stack.length === 0) map.set('', { ...(startOf(e) !== undefined ? { value: startOf(e) } : {}) });
    } else if (e.type === jsyaml.EVENT_POP) {
      stack.pop();
    }
  }
  return docs;
}

/** The offset of `path` (its key with atKey), or of the deepest existing ancestor; undefined
 *  when js-yaml gave no offset there and the hardened parse must answer. */
export function locateInIndex(index: Map<string, Offsets>, path: DocPath, atKey: boolean): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const entry = index.get(path.slice(0, n).map(String).join(SEP));
    if (entry === undefined) continue;
    return n === path.length && atKey ? entry.key : entry.value;
  }
  return undefined;
}
