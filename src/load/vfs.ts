// All file reading goes through this interface so the loader can be tested without a disk
// and so import/bench can reuse it. The Node implementation is the only one that touches fs.
import { readdirSync, readFileSync, statSync } from 'node:fs';

export interface Vfs {
  /** Entries of a directory: name and whether it is a directory. */
  list(dir: string): readonly { name: string; dir: boolean }[];
  size(path: string): number;
  read(path: string): string;
  exists(path: string): boolean;
}

export const nodeVfs: Vfs = {
  list: (dir) => readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() })),
  size: (path) => statSync(path).size,
  read: (path) => readFileSync(path, 'utf8'),
  exists: (path) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  },
};
