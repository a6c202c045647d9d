// Finds the policy files of a repository: permctl.yaml at the root and every *.yaml / *.yml
// below it, in a stable order. Hidden folders (.git, .permctl, .github) and node_modules are
// skipped: they hold no policy and can be large.
//
// The repository boundary: every path is resolved (realpath) and must stay inside the
// repository root. A link that leaves it, a FIFO, socket or device, and a directory named like
// a policy file are located errors that say what the entry is, never where it points or what
// it holds. Links inside the root are followed once (a link cycle is walked once).
import type { Diagnostic } from '../diagnostics/types.ts';
import { LIMITS } from './limits.ts';
import type { Entry, Vfs } from './vfs.ts';

export const CONFIG_FILE = 'permctl.yaml';

export interface Discovered {
  readonly files: readonly string[]; // repository-relative, POSIX separators, sorted
  /** Repository path → the real path to read (inside the root). */
  readonly real: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

const POLICY_NAME = /\.ya?ml$/;
const at = (file: string): Pick<Diagnostic, 'file' | 'line' | 'col'> => ({ file, line: 1, col: 1 });

/** Whether `real` is `root` or below it (both canonical). */
export function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith('/') ? root : `${root}/`);
}

interface Walk {
  readonly vfs: Vfs;
  readonly root: string;
  readonly files: string[];
  readonly real: Map<string, string>;
  readonly diagnostics: Diagnostic[];
  readonly visited: Set<string>;
}

function visitLink(w: Walk, path: string, linkPath: string, policy: boolean, walk: (rel: string, real: string) => void): void {
  let real: string;
  try {
    real = w.vfs.realpath(linkPath);
  } catch (e) {
    // A dangling or looping link: an error only where a policy file was meant.
    if (policy) w.diagnostics.push({ code: 'PC111', severity: 'error', ...at(path), args: { reason: readReason(e) } });
    return;
  }
  let dir: boolean;
  try {
    dir = w.vfs.isDir(real);
  } catch {
    dir = false;
  }
  if (!inside(w.root, real)) {
    if (policy || dir) w.diagnostics.push({ code: 'PC120', severity: 'error', ...at(path), args: { what: dir ? 'directory' : 'file' } });
    return;
  }
  if (dir && policy) w.diagnostics.push({ code: 'PC122', severity: 'error', ...at(path), args: {} });
  else if (dir) walk(path, real);
  else if (policy) {
    w.files.push(path);
    w.real.set(path, real);
  }
}

function visit(w: Walk, e: Entry, path: string, dirReal: string, walk: (rel: string, real: string) => void): void {
  const policy = POLICY_NAME.test(e.name);
  const full = `${dirReal}/${e.name}`;
  switch (e.type) {
    case 'dir':
      if (policy) w.diagnostics.push({ code: 'PC122', severity: 'error', ...at(path), args: {} });
      else walk(path, full);
      return;
    case 'file':
      if (policy) {
        w.files.push(path);
        w.real.set(path, full);
      }
      return;
    case 'link':
      visitLink(w, path, full, policy, walk);
      return;
    case 'other':
      if (policy) w.diagnostics.push({ code: 'PC121', severity: 'error', ...at(path), args: { type: 'not a regular file (a FIFO, socket or device)' } });
      return;
  }
}

export function discoverFiles(vfs: Vfs, root: string): Discovered {
  let realRoot: string;
  try {
    realRoot = vfs.realpath(root);
    if (!vfs.isDir(realRoot)) throw new Error('not a directory');
  } catch {
    return { files: [], real: new Map(), diagnostics: [{ code: 'PC110', severity: 'error', ...at(CONFIG_FILE), args: { dir: root } }] };
  }
  const w: Walk = { vfs, root: realRoot, files: [], real: new Map(), diagnostics: [], visited: new Set() };
  const walk = (rel: string, real: string): void => {
    if (w.visited.has(real)) return;
    w.visited.add(real);
    let listed: readonly Entry[];
    try {
      listed = vfs.list(real);
    } catch (e) {
      // An unreadable folder is reported where it is, and the rest of the repository is read.
      w.diagnostics.push({ code: 'PC111', severity: 'error', file: rel === '' ? '.' : rel, args: { reason: readReason(e) } });
      return;
    }
    const entries = [...listed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      visit(w, e, rel === '' ? e.name : `${rel}/${e.name}`, real, walk);
    }
  };
  walk('', realRoot);
  const diagnostics = w.diagnostics;
  if (!w.files.includes(CONFIG_FILE) && !diagnostics.some((d) => d.file === CONFIG_FILE)) {
    diagnostics.push({ code: 'PC110', severity: 'error', ...at(CONFIG_FILE), args: { dir: root } });
  }
  if (w.files.length > LIMITS.maxFiles) {
    diagnostics.push({ code: 'PC106', severity: 'error', args: { count: w.files.length, limit: LIMITS.maxFiles } });
    return { files: [], real: new Map(), diagnostics };
  }
  return { files: w.files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), real: w.real, diagnostics };
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
