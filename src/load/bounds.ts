// Bounds checked before any parser builds a tree, so every file is refused or accepted in
// time and memory linear in its size (docs/reliability.md states the ceilings):
// - valueEstimate: an upper bound on the nodes a file can hold, from one pass over its
//   characters. Every YAML node but the first of a document follows one of , \n [ { - : so
//   counting those (a flow collection's bracket twice) bounds the parser's events (each ~150
//   bytes in js-yaml, ~1.3 KB in yaml).
// - scanEvents: on js-yaml's flat event stream (depth-capped, no tree), the first use of a
//   feature only the hardened parse judges (anchors, aliases, tags, directives, complex keys)
//   and the first key naming object internals or a merge.
import * as jsyaml from 'js-yaml';
import type { Code } from '../diagnostics/codes.ts';
import type { ArgValue } from '../diagnostics/types.ts';

/** What one character adds to the estimate: , \n - : one node each; [ { two (a collection is
 *  an event, its end and an object). */
function valueWeight(c: number): number {
  return c === 44 || c === 10 || c === 45 || c === 58 ? 1 : c === 91 || c === 123 ? 2 : 0;
}

/** The value estimate of the whole text. */
export function valueEstimate(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n += valueWeight(text.charCodeAt(i));
  return n;
}

/** The offset at which the estimate passes `limit`, or -1. */
export function valueLimitOffset(text: string, limit: number): number {
  // No character weighs more than 2: a text this short cannot pass the limit, so it is not
  // scanned (every file of a 50,000-user repository; ~60 ms of `plan`).
  if (text.length * 2 <= limit) return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const w = valueWeight(text.charCodeAt(i));
    if (w === 0) continue;
    n += w;
    if (n > limit) return i;
  }
  return -1;
}

export interface Finding {
  readonly code: Code;
  readonly offset: number;
  readonly args: Readonly<Record<string, ArgValue>>;
}

type Event = ReturnType<typeof jsyaml.parseEvents>[number];

interface Frame {
  readonly mapping: boolean;
  expectKey: boolean;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function startOf(e: Event): number {
  if (e.type === jsyaml.EVENT_SCALAR) return e.valueStart;
  if (e.type === jsyaml.EVENT_MAPPING || e.type === jsyaml.EVENT_SEQUENCE) return e.start;
  if (e.type === jsyaml.EVENT_ALIAS) return Math.max(0, e.anchorStart - 1);
  return 0;
}

function feature(e: Event): string | undefined {
  if (e.type === jsyaml.EVENT_DOCUMENT) return e.directives.length > 0 ? 'a directive' : undefined;
  if (e.type === jsyaml.EVENT_ALIAS) return 'an alias';
  if (e.type === jsyaml.EVENT_POP) return undefined;
  if (e.anchorStart >= 0) return 'an anchor';
  if (e.tagStart >= 0) return 'a tag';
  return undefined;
}

/** Checks a mapping key; returns a finding for a complex, merge or forbidden key. */
function keyFinding(e: Event, text: string, limit: number): Finding | undefined {
  if (e.type !== jsyaml.EVENT_SCALAR) return { code: 'PC125', offset: startOf(e), args: { feature: 'a complex key', limit } };
  const key = jsyaml.getScalarValue(text, e);
  if (key === '<<') return { code: 'PC108', offset: startOf(e), args: {} };
  if (FORBIDDEN_KEYS.has(key)) return { code: 'PC107', offset: startOf(e), args: { key } };
  return undefined;
}

/** The first thing in the events that the large-file path must refuse, or undefined. */
export function scanEvents(events: readonly Event[], text: string, limit: number): Finding | undefined {
  const stack: Frame[] = [];
  for (const e of events) {
    const f = feature(e);
    if (f !== undefined) return { code: 'PC125', offset: startOf(e), args: { feature: f, limit } };
    if (e.type === jsyaml.EVENT_POP) {
      stack.pop();
      continue;
    }
    if (e.type === jsyaml.EVENT_DOCUMENT) {
      stack.length = 0;
      stack.push({ mapping: false, expectKey: false }); // the document; popped by its POP
      continue;
    }
    const top = stack[stack.length - 1];
    if (top?.mapping === true) {
      if (top.expectKey) {
        const k = keyFinding(e, text, limit);
        if (k) return k;
      }
      top.expectKey = !top.expectKey;
    }
    if (e.type === jsyaml.EVENT_MAPPING || e.type === jsyaml.EVENT_SEQUENCE) stack.push({ mapping: e.type === jsyaml.EVENT_MAPPING, expectKey: true });
  }
  return undefined;
}

/** How many alias events, at most, before `limit` is passed: the offset of the one past it. */
export function aliasLimitOffset(events: readonly Event[], limit: number): number {
  let n = 0;
  for (const e of events) {
    if (e.type === jsyaml.EVENT_DOCUMENT) n = 0;
    else if (e.type === jsyaml.EVENT_ALIAS && ++n > limit) return startOf(e);
  }
  return -1;
}
