// Fingerprints: sha256 of canonical JSON. The state is canonical by construction (sorted lists,
// fixed key order, see state.ts), so two reads of the same content give the same fingerprint.
import { createHash } from 'node:crypto';
import type { TargetState } from './state.ts';
import { FINGERPRINT_SLICE, objectsJson, stateText } from './state-text.ts';
import type { StateText } from './state-text.ts';

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

// Canonical JSON: what JSON.stringify gives with every object's keys sorted (by UTF-16 code
// unit) and undefined fields dropped. Written out by hand rather than with a replacer that
// copies every object to sort its keys: at 200,000 users a plan's JSON is a few hundred
// megabytes of copies and a string of over a hundred million characters. The writer hands its
// text to a sink in pieces of about 64 KiB, so canonicalHash never holds the whole of it.

const CHUNK = 1 << 16;

type Sink = (text: string) => void;

/** `v` after toJSON (a Date becomes its ISO string), as JSON.stringify sees it. */
function jsonValue(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(k: string): unknown }).toJSON(key) : v;
}

/** Whether JSON.stringify leaves `v` out of an object (and writes null for it in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const isIndex = (k: string): boolean => /^(?:0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;

/** The keys in the order the canonical form has always written them: it rebuilt each object
 *  from its sorted entries, and an object lists integer-like keys first, ascending (as
 *  Object.keys returns them), then the others in the (sorted) order they were added. */
function sortedKeys(v: object): string[] {
  const keys = Object.keys(v);
  let n = 0;
  while (n < keys.length && isIndex(keys[n] as string)) n++;
  return n === 0 ? keys.sort() : [...keys.slice(0, n), ...keys.slice(n).sort()];
}

/** Object keys in canonical order: integer-like ones first, ascending, then the rest. */
function canonicalOrder(keys: Iterable<string>): string[] {
  const all = [...keys];
  const index = all.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return index.length === 0 ? all.sort() : [...index, ...all.filter((k) => !isIndex(k)).sort()];
}

/** Every key of every object in `v`, or undefined when `v` holds anything but plain data
 *  (objects of other prototypes, toJSON, a key named __proto__), where only the general
 *  writer is exact. */
function plainKeys(v: unknown, keys: Set<string>): Set<string> | undefined {
  if (v === null || typeof v !== 'object') return keys;
  if (Array.isArray(v)) {
    for (const item of v) if (plainKeys(item, keys) === undefined) return undefined;
    return keys;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
  for (const k of Object.keys(v)) {
    if (k === '__proto__') return undefined;
    keys.add(k);
    if (plainKeys((v as Record<string, unknown>)[k], keys) === undefined) return undefined;
  }
  return keys;
}

/** The elements of a slice of an array, canonical, without the brackets: by JSON.stringify
 *  itself, given every key the slice's objects hold in canonical order as its property list,
 *  which then writes each object's keys in that order. Undefined when the slice is not plain
 *  data. */
function nativeSlice(items: readonly unknown[]): string | undefined {
  const keys = plainKeys(items, new Set());
  return keys === undefined ? undefined : JSON.stringify(items, canonicalOrder(keys)).slice(1, -1);
}

/** Array elements per nativeSlice call: 50 changes make a string of tens of kilobytes that
 *  dies young; 500 made strings of hundreds, allocated in the old generation (measured: the
 *  plan hash of 200,000 changes 13% faster). */
const SLICE = 50;

function canonicalWriter(sink: Sink): (value: unknown) => boolean {
  let buf = '';
  const out = (text: string): void => {
    buf += text;
    if (buf.length >= CHUNK) {
      sink(buf);
      buf = '';
    }
  };
  const write = (raw: unknown, key: string): void => {
    const v = jsonValue(raw, key);
    if (v === null || typeof v !== 'object') {
      // Strings, numbers (non-finite become null), booleans, null; a BigInt throws, as in JSON.stringify.
      out(JSON.stringify(v));
    } else if (Array.isArray(v) && v.length > SLICE) {
      // A long list (a plan's changes, its access changes): natively, a slice at a time.
      out('[');
      for (let k = 0; k < v.length; k += SLICE) {
        const slice = v.slice(k, k + SLICE);
        const text = nativeSlice(slice);
        if (k > 0) out(',');
        if (text !== undefined) out(text);
        else {
          // A for loop, not forEach: a hole in a sparse list is written as null too.
          for (let i = 0; i < slice.length; i++) {
            if (i > 0) out(',');
            writeItem(slice[i], k + i);
          }
        }
      }
      out(']');
    } else if (Array.isArray(v)) {
      out('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out(',');
        writeItem(v[i], i);
      }
      out(']');
    } else {
      const keys = sortedKeys(v);
      let first = true;
      out('{');
      for (const k of keys) {
        const item = jsonValue((v as Record<string, unknown>)[k], k);
        if (omitted(item)) continue;
        out(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
        first = false;
        write(item, k);
      }
      out('}');
    }
  };
  /** An array element: JSON.stringify writes null for what it would leave out of an object. */
  const writeItem = (raw: unknown, i: number): void => {
    const item = jsonValue(raw, String(i));
    if (omitted(item)) out('null');
    else write(item, String(i));
  };
  return (value) => {
    const v = jsonValue(value, '');
    if (omitted(v)) return false;
    write(v, '');
    if (buf !== '') sink(buf);
    buf = '';
    return true;
  };
}

/** Canonical JSON: object keys sorted, undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  // JSON.stringify(undefined) is undefined too; callers pass JSON values.
  return canonicalWriter((t) => parts.push(t))(value) ? parts.join('') : (undefined as unknown as string);
}

/** sha256(canonicalJson(value)), without building the string: the plan hash of a large apply. */
export function canonicalHash(value: unknown): string {
  const hash = createHash('sha256');
  canonicalWriter((t) => hash.update(t))(value);
  return `sha256:${hash.digest('hex')}`;
}

/** The fingerprint of a state's text (state-text.ts): its objects, then each slice of users. */
export function textFingerprint(text: StateText): string {
  const hash = createHash('sha256').update(text.objects);
  for (const slice of text.users) hash.update(slice);
  return `sha256:${hash.digest('hex')}`;
}

/** textFingerprint, fed one user at a time (in order, as userJson): it makes the slices. Two
 *  hashers fed from one read share each user's JSON (targets/sqlite/read.ts). */
export class FingerprintHasher {
  private readonly hash;
  private slice: string[] = [];

  constructor(objects: Omit<TargetState, 'users'>) {
    this.hash = createHash('sha256').update(objectsJson(objects));
  }

  add(json: string): void {
    this.slice.push(json);
    if (this.slice.length === FINGERPRINT_SLICE) this.flush();
  }

  digest(): string {
    this.flush();
    return `sha256:${this.hash.digest('hex')}`;
  }

  private flush(): void {
    if (this.slice.length > 0) this.hash.update(`[${this.slice.join(',')}]`);
    this.slice = [];
  }
}

export function stateFingerprint(state: TargetState): string {
  return textFingerprint(stateText(state));
}
