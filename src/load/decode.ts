// Bytes → text. Policy files are UTF-8 (a BOM is allowed and dropped); anything else is a
// located error rather than U+FFFD characters silently standing in for what was written.
import type { Diagnostic } from '../diagnostics/types.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type Decoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostic: Diagnostic };

/** Length of the valid UTF-8 sequence starting at i, or 0. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  const c1 = b[i + 1] ?? 0;
  if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
  return n;
}

/** 1-based line and column (in characters) of the first byte that is not UTF-8. */
function firstInvalid(b: Uint8Array): { offset: number; line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < b.length; ) {
    const n = sequenceAt(b, i);
    if (n === 0) return { offset: i, line, col };
    if (b[i] === 0x0a) {
      line++;
      col = 1;
    } else col++;
    i += n;
  }
  return { offset: b.length, line, col };
}

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const where = firstInvalid(bytes);
    const byte = `0x${(bytes[where.offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
    return { ok: false, diagnostic: { code: 'PC123', severity: 'error', line: where.line, col: where.col, args: { byte, utf16 } } };
  }
}
