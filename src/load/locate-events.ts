// Positions from js-yaml's event stream, for files read on the fast path: the events are
// parsed the first time a diagnostic in that file needs a position, and walked along the path
// of each one. Offsets match the hardened parse's (locate.ts): a node starts at its first
// character, a quoted scalar at its quote. Where js-yaml gives no usable offset (block
// scalars, empty values), the entry is missing and the caller asks the hardened parse.
import * as jsyaml from 'js-yaml';
import type { DocPath } from '../diagnostics/types.ts';

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

/** One document's events, from js-yaml's stream: walked for each position asked (a file with
 *  findings has a few), following only the path asked for, rather than turned into a map of
 *  every node's path, which cost more than the parse itself. */
export interface DocEvents {
  readonly events: readonly Event[];
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** A document's events, per document of `text`. */
export function indexEvents(text: string): DocEvents[] {
  const events = jsyaml.parseEvents(text, {}) as unknown as Event[];
  const docs: DocEvents[] = [];
  let from = -1;
  for (let i = 0; i <= events.length; i++) {
    if (i < events.length && (events[i] as Event).type !== jsyaml.EVENT_DOCUMENT) continue;
    if (from >= 0) docs.push({ events, from, to: i, text });
    from = i + 1;
  }
  return docs;
}

interface Frame {
  readonly mapping: boolean;
  /** The number of path segments to this collection, or -1 when it is off the path asked. */
  readonly depth: number;
  index: number;
  /** Mappings: the key just read, waiting for its value. */
  pendingKey?: { name: string; offset: number | undefined } | undefined;
}

/** The offset of `path` (its key with atKey), or of the deepest existing ancestor; undefined
 *  when js-yaml gave no offset there and the hardened parse must answer. */
export function locateInIndex(doc: DocEvents, path: DocPath, atKey: boolean): number | undefined {
  const want = path.map(String);
  // The deepest node found on the path: how many segments, and its offsets.
  let found = -1;
  let key: number | undefined;
  let value: number | undefined;
  const stack: Frame[] = [];
  for (let i = doc.from; i < doc.to && found < want.length; i++) {
    const e = doc.events[i] as Event;
    if (e.type === jsyaml.EVENT_POP) {
      stack.pop();
      continue;
    }
    const collection = e.type === jsyaml.EVENT_MAPPING || e.type === jsyaml.EVENT_SEQUENCE;
    if (e.type !== jsyaml.EVENT_SCALAR && e.type !== jsyaml.EVENT_ALIAS && !collection) continue;
    const top = stack[stack.length - 1];
    let depth = -1;
    if (top === undefined) {
      // The document's root: the path [].
      found = 0;
      key = undefined;
      value = startOf(e);
      depth = 0;
    } else if (top.mapping && top.pendingKey === undefined) {
      // A key: only plain scalars reach the fast path (complex keys send a file to the hardened
      // parse). Its text is needed only where the path goes on.
      top.pendingKey = { name: top.depth >= 0 ? jsyaml.getScalarValue(doc.text, e as never) : '', offset: startOf(e) };
    } else {
      const segment = top.mapping ? top.pendingKey?.name : top.index;
      const keyOffset = top.mapping ? top.pendingKey?.offset : undefined;
      if (top.mapping) top.pendingKey = undefined;
      else top.index++;
      if (top.depth >= 0 && top.depth < want.length && String(segment) === want[top.depth]) {
        found = top.depth + 1;
        key = keyOffset;
        value = startOf(e);
        depth = found;
      }
    }
    if (collection) stack.push({ mapping: e.type === jsyaml.EVENT_MAPPING, depth, index: 0 });
  }
  if (found < 0) return undefined;
  return found === want.length && atKey ? key : value;
}
