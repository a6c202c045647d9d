// Reading a plan file: an artefact passed between CI jobs, so as hostile as a repository's
// files. `apply` and `comment` read it within one cap, through the bounded reader the loader
// uses (load/vfs.ts): a FIFO, socket, device or directory is refused without being opened for
// long, and the read stops one byte past the cap whatever `stat` says.
import { realpathSync } from 'node:fs';
import { nodeVfs } from '../load/vfs.ts';

/** Largest plan file permctl reads: a 200,000-user plan is well below it. */
export const MAX_PLAN_FILE_BYTES = 256 * 1024 * 1024;

export type PlanText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string; readonly error?: unknown };

/** The plan file's text, read within the cap. `error` is the file system's error, when the
 *  file could not be opened (the caller may turn it into a user error of its own). */
export function readPlanText(file: string, cap = MAX_PLAN_FILE_BYTES): PlanText {
  try {
    // The reader opens with O_NOFOLLOW; the path the user named may be a link of their own.
    const r = nodeVfs.read(realpathSync(file), cap);
    if (r.ok) return { ok: true, text: Buffer.from(r.bytes).toString('utf8') };
    return { ok: false, reason: r.reason === 'too-large' ? `the file is ${r.size} bytes; a plan file is at most ${cap}` : `it is ${r.type}, not a file` };
  } catch (e) {
    return { ok: false, reason: `cannot read it (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, error: e };
  }
}
