// How a state's text (plan/state-text.ts) crosses from the thread that read the store to the
// main thread: each string as its UTF-8 bytes, in buffers that are transferred, not copied.
//
// Posted as strings, the text is copied twice: serialized on the reading thread, deserialized
// on the main thread. A text holding one character beyond Latin-1 (a name such as "Nguyễn") is
// two bytes a character, so at 50,000 users its 6 million characters were ~12 MB copied and
// ~12 MB of fresh memory on each side, and the main thread, which plans next, spent ~75 ms
// receiving it. As bytes it is half that, the reading thread encodes it while the main thread
// still validates, and the main thread only decodes it (~40 ms).
//
// A string that is not well-formed UTF-16 (a lone surrogate, which TextEncoder would replace)
// crosses as it is: the text is given back exactly in every case.
import type { StateText } from '../plan/state-text.ts';

/** One string of the text: its UTF-8, or the string itself when it has no exact UTF-8. */
type Part = Uint8Array | string;

export interface PackedText {
  readonly objects: Part;
  readonly users: readonly Part[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function pack(s: string, transfer: ArrayBuffer[]): Part {
  if (!s.isWellFormed()) return s;
  const bytes = encoder.encode(s);
  // A view of a larger buffer (never, from TextEncoder; checked, as transferring it would
  // hand over more than this string) is copied into a buffer of its own.
  const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength ? bytes : bytes.slice();
  transfer.push(own.buffer);
  return own;
}

const unpack = (p: Part): string => (typeof p === 'string' ? p : decoder.decode(p));

/** The text as it is posted, and the buffers to transfer with it. */
export function packText(text: StateText): { readonly packed: PackedText; readonly transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const packed = { objects: pack(text.objects, transfer), users: text.users.map((u) => pack(u, transfer)) };
  return { packed, transfer };
}

/** The text packText packed. */
export function unpackText(packed: PackedText): StateText {
  return { objects: unpack(packed.objects), users: packed.users.map(unpack) };
}
