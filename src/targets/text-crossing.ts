// How a state's text (plan/state-text.ts) crosses from the thread that read the store to the
// main thread: each string as its UTF-8 bytes, in buffers that are transferred, not copied.
//
// Posted as strings, the text is copied twice: serialized on the reading thread, deserialized
// on the main thread. A text holding one character beyond Latin-1 (a name such as "Nguyễn") is
// two bytes a character, so at 50,000 users its 6 million characters were ~12 MB copied and
// ~12 MB of fresh memory on each side, and the main thread, which plans next, spent ~75 ms
// receiving it.
//
// The main thread then reads the users in pieces of ~100 users (unpackPieces), never a
// slice of 5,000 at once: a string of more than ~128 KB is allocated in fresh pages of its
// own, and a fresh page costs (~10 µs each, measured on a virtual machine: decoding the slices
// whole took 7 ms a megabyte, pieces 3). The reading thread marks where the pieces may be cut
// (between two users) while the main thread still validates.
//
// A string that is not well-formed UTF-16 (a lone surrogate, which TextEncoder would replace)
// crosses as it is, and so does any text that is not a slice of users as usersJson writes it:
// the text is given back exactly in every case.
import type { StateText } from '../plan/state-text.ts';
import { userBounds } from '../plan/state-text.ts';

/** A slice of users as its UTF-8, with the offsets at which it may be cut: each right after a
 *  user's text, before the comma that follows it. */
export interface PackedSlice {
  readonly bytes: Uint8Array;
  readonly cuts: readonly number[];
}

export interface PackedText {
  /** The objects' text: UTF-8, or the string itself when it has no exact UTF-8. */
  readonly objects: Uint8Array | string;
  readonly users: readonly (PackedSlice | string)[];
}

/** A piece ends with the first user that takes it to this many characters (as two-byte text
 *  32 KB and a user more: well inside the young generation). */
const PIECE_CHARS = 16_384;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes of a buffer of their own, which is transferred. */
function owned(bytes: Uint8Array, transfer: ArrayBuffer[]): Uint8Array {
  // A view of a larger buffer (never, from TextEncoder: checked, as transferring it would hand
  // over more than this string) is copied into a buffer of its own.
  const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? bytes : bytes.slice();
  transfer.push(own.buffer as ArrayBuffer);
  return own;
}

function packSlice(slice: string, transfer: ArrayBuffer[]): PackedSlice | string {
  const bounds = slice.isWellFormed() ? userBounds(slice) : undefined;
  if (bounds === undefined) return slice; // not a slice as usersJson writes it: crosses whole
  // Encoded piece by piece, so that each cut's byte offset is known.
  const bytes = new Uint8Array(Buffer.byteLength(slice, 'utf8'));
  const cuts: number[] = [];
  let from = 0;
  let written = 0;
  let start = 0;
  for (let u = 1; u + 2 < bounds.length; u += 2) {
    const end = bounds[u] as number;
    if (end - start < PIECE_CHARS || slice.charCodeAt(end) !== 44) continue; // ',' follows
    written += encoder.encodeInto(slice.slice(from, end), bytes.subarray(written)).written;
    cuts.push(written);
    from = end;
    start = bounds[u + 1] as number;
  }
  encoder.encodeInto(slice.slice(from), bytes.subarray(written));
  return { bytes: owned(bytes, transfer), cuts };
}

/** The text as it is posted, and the buffers to transfer with it. */
export function packText(text: StateText): { readonly packed: PackedText; readonly transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const objects = text.objects.isWellFormed() ? owned(encoder.encode(text.objects), transfer) : text.objects;
  return { packed: { objects, users: text.users.map((s) => packSlice(s, transfer)) }, transfer };
}

const objectsOf = (packed: PackedText): string => (typeof packed.objects === 'string' ? packed.objects : decoder.decode(packed.objects));

/** The text packText packed, slices whole: for a state that keeps its text (an apply). */
export function unpackText(packed: PackedText): StateText {
  return { objects: objectsOf(packed), users: packed.users.map((s) => (typeof s === 'string' ? s : decoder.decode(s.bytes))) };
}

/** The same text with its users in pieces, each a JSON array of whole users: what
 *  stateFromText reads when the text itself is not kept (a plan). Not a StateText's slices
 *  (FINGERPRINT_SLICE): never hashed. */
export function unpackPieces(packed: PackedText): StateText {
  const users: string[] = [];
  for (const s of packed.users) {
    if (typeof s === 'string') {
      users.push(s);
      continue;
    }
    // Every piece starts with the '[' of the slice or the ',' before its first user, and the
    // last ends with the slice's ']': one-byte characters, replaced by brackets.
    let from = 0;
    for (const cut of [...s.cuts, s.bytes.length]) {
      const last = cut === s.bytes.length;
      users.push(`[${decoder.decode(s.bytes.subarray(from + 1, last ? cut - 1 : cut))}]`);
      from = cut;
    }
  }
  return { objects: objectsOf(packed), users };
}
