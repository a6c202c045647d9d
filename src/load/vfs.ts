// All file reading goes through this interface so the loader can be tested without a disk
// and so import/bench can reuse it. The Node implementation is the only one that touches fs.
//
// Everything a pull request brings is hostile, so the Node implementation never follows a
// path blindly: entries are listed without following links (lstat), a link is resolved with
// realpath and the caller checks it stays inside the repository, and a file is opened with
// O_NONBLOCK (a FIFO then opens at once instead of waiting for a writer), checked with fstat
// on the open descriptor (no race between check and read), and read in a bounded loop that
// stops one byte past the cap whatever stat said (/dev/zero and /proc files report size 0).
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';

export type EntryType = 'file' | 'dir' | 'link' | 'other';

export interface Entry {
  readonly name: string;
  readonly type: EntryType;
}

/** What a bounded read found: the bytes, or why there are none (never the content). */
export type ReadResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'too-large'; readonly size: number }
  | { readonly ok: false; readonly reason: 'not-regular'; readonly type: string };

export interface Vfs {
  /** Entries of a directory, links not followed. */
  list(dir: string): readonly Entry[];
  /** The canonical absolute path (links resolved); throws like fs.realpathSync. */
  realpath(path: string): string;
  /** Whether a path (links followed) is a directory; throws when it does not exist. */
  isDir(path: string): boolean;
  /** At most `cap` bytes of a regular file; anything else is refused without reading it. */
  read(path: string, cap: number): ReadResult;
  exists(path: string): boolean;
}

function typeOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isDirectory()) return 'a directory';
  return 'not a regular file';
}

const CHUNK = 1 << 20;

function readBounded(path: string, cap: number): ReadResult {
  // O_NOFOLLOW: the caller passes a realpath; a link swapped in since is refused, not followed.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', type: typeOf(stat) };
    if (stat.size > cap) return { ok: false, reason: 'too-large', size: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    // Bounded by the cap: at most cap / CHUNK + 2 iterations, whatever the file claims.
    while (total <= cap) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, cap + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
    }
    if (total > cap) return { ok: false, reason: 'too-large', size: total };
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}

function entryType(e: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  if (e.isSymbolicLink()) return 'link';
  if (e.isDirectory()) return 'dir';
  if (e.isFile()) return 'file';
  return 'other';
}

export const nodeVfs: Vfs = {
  list: (dir) => readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, type: entryType(e) })),
  realpath: (path) => realpathSync(path),
  isDir: (path) => statSync(path).isDirectory(),
  read: readBounded,
  exists: (path) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  },
};
