// Load stage: discover the repository's YAML files, read them within the size caps and parse
// each (fast path or hardened parse, see fast-parse.ts). Returns parsed documents and
// diagnostics; never throws on bad input.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/types.ts';
import { placed } from '../diagnostics/types.ts';
import { decodeUtf8 } from './decode.ts';
import { CONFIG_FILE, discoverFiles, inside, readReason } from './discover.ts';
import { LIMITS } from './limits.ts';
import { parseFile } from './fast-parse.ts';
import type { ParsedFile } from './parse-yaml.ts';
import type { Vfs } from './vfs.ts';
import { pushAll } from '../util/arrays.ts';

export interface LoadedRepository {
  readonly root: string;
  readonly files: readonly ParsedFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** sha256 over every file's repository path and content, in path order: which sources. */
  readonly fingerprint: string;
}

export function loadRepository(vfs: Vfs, root: string): LoadedRepository {
  const discovered = discoverFiles(vfs, root);
  const diagnostics: Diagnostic[] = [...discovered.diagnostics];
  const files: ParsedFile[] = [];
  const hash = createHash('sha256');
  for (const file of discovered.files) {
    const read = readText(vfs, discovered.real.get(file) ?? `${root}/${file}`, file);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    hash.update(`${file}\u0000${read.text.length}\u0000`).update(read.utf8);
    const parsed = parseFile(file, read.text);
    files.push(parsed);
    pushAll(diagnostics, parsed.diagnostics);
    if (file === CONFIG_FILE && parsed.diagnostics.length === 0 && !parsed.documents.some((d) => d.value !== null && d.value !== undefined)) {
      diagnostics.push({ code: 'PC126', severity: 'error', file, line: 1, col: 1, args: {} });
    }
  }
  return { root, files, diagnostics, fingerprint: `sha256:${hash.digest('hex')}` };
}

export type ReadText =
  | {
      readonly ok: true;
      readonly text: string;
      /** The text's UTF-8: the file's bytes without a byte-order mark. Hashed as they are: a
       *  text of two-byte characters (one beyond Latin-1 is enough) costs more to encode again. */
      readonly utf8: Uint8Array;
    }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

/** One file, read within the caps: regular, at most LIMITS.maxFileBytes, UTF-8. */
export function readText(vfs: Vfs, path: string, file: string): ReadText {
  const at = { severity: 'error' as const, file, line: 1, col: 1 };
  try {
    const r = vfs.read(path, LIMITS.maxFileBytes);
    if (!r.ok && r.reason === 'too-large') return { ok: false, diagnostic: { ...at, code: 'PC105', args: { size: r.size, limit: LIMITS.maxFileBytes } } };
    if (!r.ok) return { ok: false, diagnostic: { ...at, code: 'PC121', args: { type: r.type } } };
    const decoded = decodeUtf8(r.bytes);
    if (!decoded.ok) return { ok: false, diagnostic: placed(decoded.diagnostic, { file }) };
    // The decoder drops a leading byte-order mark, and nothing else: valid UTF-8 is the text's.
    const bom = r.bytes[0] === 0xef && r.bytes[1] === 0xbb && r.bytes[2] === 0xbf;
    return { ok: true, text: decoded.text, utf8: bom ? r.bytes.subarray(3) : r.bytes };
  } catch (e) {
    return { ok: false, diagnostic: { ...at, code: 'PC111', args: { reason: readReason(e) } } };
  }
}

/** A file of the repository read on its own (permctl.yaml before the rest), within the same
 *  boundary: a link out of the root, a FIFO or a device yields nothing. */
export function readRepositoryFile(vfs: Vfs, root: string, file: string): string | undefined {
  try {
    const realRoot = vfs.realpath(root);
    const real = vfs.realpath(`${root}/${file}`);
    if (!inside(realRoot, real)) return undefined;
    const r = readText(vfs, real, file);
    return r.ok ? r.text : undefined;
  } catch {
    return undefined;
  }
}
