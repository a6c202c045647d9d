// Finds the policy files of a repository: permctl.yaml at the root and every *.yaml / *.yml
// below it, in a stable order. Hidden folders (.git, .permctl, .github) and node_modules are
// skipped: they hold no policy and can be large.
import type { Diagnostic } from '../diagnostics/types.ts';
import { LIMITS } from './limits.ts';
import type { Vfs } from './vfs.ts';

export const CONFIG_FILE = 'permctl.yaml';

export interface Discovered {
  readonly files: readonly string[]; // repository-relative, POSIX separators, sorted
  readonly diagnostics: readonly Diagnostic[];
}

export function discoverFiles(vfs: Vfs, root: string): Discovered {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const walk = (rel: string): void => {
    let entries: readonly { name: string; dir: boolean }[];
    try {
      entries = vfs.list(rel === '' ? root : `${root}/${rel}`);
    } catch (e) {
      // An unreadable folder is reported where it is, and the rest of the repository is read.
      diagnostics.push({ code: 'PC111', severity: 'error', file: rel === '' ? '.' : rel, args: { reason: readReason(e) } });
      return;
    }
    for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.dir) walk(path);
      else if (/\.ya?ml$/.test(e.name)) files.push(path);
    }
  };
  walk('');
  if (!files.includes(CONFIG_FILE)) {
    diagnostics.push({ code: 'PC110', severity: 'error', file: CONFIG_FILE, line: 1, col: 1, args: { dir: root } });
  }
  if (files.length > LIMITS.maxFiles) {
    diagnostics.push({ code: 'PC106', severity: 'error', args: { count: files.length, limit: LIMITS.maxFiles } });
    return { files: [], diagnostics };
  }
  return { files: files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), diagnostics };
}

/** Why a file or folder cannot be read, in words (PC111). */
export function readReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? String(e);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'it does not exist (a symbolic link to a missing file?)';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code;
  }
}
