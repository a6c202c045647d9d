// File-system failures a user causes (a mistyped path, a file where a folder belongs, an
// unwritable --out, an unreadable folder) become one located diagnostic and exit 1, never
// "internal error". One place, so every command (and every new one) maps them the same way:
// commands call writeOutput / readInput / repositoryRoot, and cli/main.ts maps any such error
// that still escapes with userFsError.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { DiagnosticArgs, FsErrno } from '../diagnostics/args.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Io } from './io.ts';

/** errno codes that mean "the path the user gave cannot be used" (render/messages.ts words each). */
const USER_ERRNOS: ReadonlySet<string> = new Set<FsErrno>(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ELOOP', 'ENAMETOOLONG', 'EEXIST', 'ENOTEMPTY', 'EBUSY']);
const isUserErrno = (code: string | undefined): code is FsErrno => code !== undefined && USER_ERRNOS.has(code);

export type FsAction = DiagnosticArgs['PC902']['action'];

/** The diagnostic for a file-system error a user caused, or undefined for anything else. */
export function userFsError(e: unknown, io: Pick<Io, 'cwd'>, action: FsAction = 'open', path?: string): Diagnostic | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException;
  const where = path ?? err.path;
  if (!isUserErrno(err.code) || where === undefined) return undefined;
  return { code: 'PC902', severity: 'error', args: { action: path === undefined ? actionOf(err.syscall, action) : action, path: shown(where, io.cwd), errno: err.code } };
}

/** What the failing system call was doing, in a user's words. */
function actionOf(syscall: string | undefined, fallback: FsAction): FsAction {
  if (syscall === 'mkdir') return 'create';
  if (syscall === 'scandir' || syscall === 'read' || syscall === 'stat' || syscall === 'lstat') return 'read';
  if (syscall === 'write') return 'write';
  return fallback;
}

/** A path as the user would write it: relative to where they are, unless outside it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return rel === '' ? '.' : rel.startsWith('..') ? resolve(cwd, path) : rel;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly diagnostic: Diagnostic };

const failed = <T>(e: unknown, io: Pick<Io, 'cwd'>, action: FsAction, path: string): Outcome<T> => {
  const d = userFsError(e, io, action, path);
  if (d === undefined) throw e; // not the user's doing: a bug, reported as one
  return { ok: false, diagnostic: d };
};

/** Writes an output file (--out); a path that cannot be written is the user's error. */
export function writeOutput(path: string, text: string, io: Pick<Io, 'cwd'>): Outcome<string> {
  const full = resolve(io.cwd, path);
  try {
    writeFileSync(full, text);
    return { ok: true, value: full };
  } catch (e) {
    return failed(e, io, 'write', path);
  }
}

/** Reads an input file the user named (a saved plan). */
export function readInput(path: string, io: Pick<Io, 'cwd'>): Outcome<string> {
  try {
    return { ok: true, value: readFileSync(resolve(io.cwd, path), 'utf8') };
  } catch (e) {
    return failed(e, io, 'read', path);
  }
}

export const CONFIG_FILE = 'permctl.yaml';

/** The policy repository a command works on. Given DIR, that directory (which must exist and
 *  be one). Without DIR, like git: the nearest directory at or above the working directory
 *  that holds permctl.yaml, else the working directory (validation then says PC110). */
export function repositoryRoot(dir: string | undefined, io: Pick<Io, 'cwd'>): Outcome<string> {
  if (dir === undefined) return { ok: true, value: findUpward(io.cwd) ?? io.cwd };
  const root = resolve(io.cwd, dir);
  try {
    if (!statSync(root).isDirectory()) {
      return { ok: false, diagnostic: { code: 'PC903', severity: 'error', args: { path: shown(dir, io.cwd) } } };
    }
    return { ok: true, value: root };
  } catch (e) {
    return failed(e, io, 'open', dir);
  }
}

/** At most 64 levels up: bounded even on a pathological path. */
function findUpward(start: string): string | undefined {
  let dir = resolve(start);
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}
