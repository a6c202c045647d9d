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
    // The first buffer holds the size fstat gives plus one byte, so a file read whole takes one
    // allocation of its own size and one read more to see its end. (A fixed 1 MiB buffer per file
    // made 400 files 400 MiB of external memory: a dozen full garbage collections per run.) A
    // file that grew since, or whose size fstat does not know (0), goes on in CHUNK pieces.
    const chunks: Buffer[] = [];
    let buf = Buffer.allocUnsafe(Math.min(stat.size + 1, cap + 1));
    let used = 0;
    let total = 0;
    // Each read adds at least one byte or ends the loop, and it ends past the cap.
    while (total <= cap) {
      if (used === buf.length) {
        chunks.push(buf);
        buf = Buffer.allocUnsafe(Math.min(CHUNK, cap + 1 - total));
        used = 0;
      }
      const n = readSync(fd, buf, used, buf.length - used, null);
      if (n === 0) break;
      used += n;
      total += n;
    }
    if (total > cap) return { ok: false, reason: 'too-large', size: total };
    chunks.push(buf.subarray(0, used));
    return { ok: true, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) };
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
