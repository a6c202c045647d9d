// Load stage: discover the repository's YAML files, read them within the size caps and parse
// each with the hardened parser. Returns parsed documents and diagnostics; never throws on
// bad input.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/types.ts';
import { discoverFiles, readReason } from './discover.ts';
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
    const text = readWithinLimits(vfs, `${root}/${file}`, file, diagnostics);
    if (text === undefined) continue;
    hash.update(`${file}\u0000${text.length}\u0000`).update(text);
    const parsed = parseFile(file, text);
    files.push(parsed);
    pushAll(diagnostics, parsed.diagnostics);
  }
  return { root, files, diagnostics, fingerprint: `sha256:${hash.digest('hex')}` };
}

function readWithinLimits(vfs: Vfs, path: string, file: string, diagnostics: Diagnostic[]): string | undefined {
  try {
    const size = vfs.size(path);
    if (size > LIMITS.maxFileBytes) {
      diagnostics.push({ code: 'PC105', severity: 'error', file, line: 1, col: 1, args: { size, limit: LIMITS.maxFileBytes } });
      return undefined;
    }
    return vfs.read(path);
  } catch (e) {
    diagnostics.push({ code: 'PC111', severity: 'error', file, line: 1, col: 1, args: { reason: readReason(e) } });
    return undefined;
  }
}
