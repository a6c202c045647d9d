// Progress on a terminal for anything that takes over a second: one line on stderr, redrawn
// in place, erased when the command finishes. Silent when stderr is not a TTY (io.progress is
// then absent), with --quiet, and during the first second. Stages of synchronous work
// (load → validate → compile) redraw the line when they start; a timer redraws it while the
// command waits (reading a target, applying), so the elapsed time keeps moving.
// Counted work (a live target's apply, change by change) goes through `count`: on a terminal
// it is the same line ("applying: 120 of 1000 changes"); otherwise a plain line on stderr per
// tenth of a run of 20 or more (a CI log shows it moving, and stays short); with --quiet,
// nothing at all.
import type { Io } from './io.ts';

export interface Progress {
  stage(label: string): void;
  /** `done` of `total` units of counted work labelled `label` (see above). */
  count(label: string, done: number, total: number): void;
  /** Stops and erases the line; safe to call twice. */
  done(): void;
  /** The command's Io, whose writes erase the progress line first so output never mixes with it. */
  readonly io: Io;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Counted work as plain lines on stderr, one per tenth of a run of 20 or more; none with
 *  --quiet. A new run (fewer done than before, another label or total) starts over. */
function plainCount(io: Io): Progress['count'] {
  if (io.quiet === true) return () => undefined;
  let run = '';
  let last = 0;
  let shown = 0;
  return (label, done, total) => {
    const id = `${label}\u0000${String(total)}`;
    if (id !== run || done < last) {
      run = id;
      shown = 0;
    }
    last = done;
    const tenth = Math.floor((done * 10) / Math.max(1, total));
    if (total < 20 || tenth <= shown) return;
    shown = tenth;
    io.err(`${label}: ${String(done)} of ${String(total)} changes done`);
  };
}

/** Progress without a terminal line: counted work as plain lines (see above). */
export function lineProgress(io: Io): Progress {
  return { stage: () => undefined, count: plainCount(io), done: () => undefined, io };
}

export function startProgress(io: Io, label: string, opts: { delayMs?: number; now?: () => number; tickMs?: number } = {}): Progress {
  const write = io.progress;
  if (write === undefined) return lineProgress(io);
  const now = opts.now ?? (() => performance.now());
  const delay = opts.delayMs ?? 1000;
  const start = now();
  let current = label;
  let frame = 0;
  let drawn = false;
  const draw = (): void => {
    const elapsed = now() - start;
    if (elapsed < delay) return;
    write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length] ?? ''} ${current} (${(elapsed / 1000).toFixed(1)} s)`);
    drawn = true;
  };
  const clear = (): void => {
    if (drawn) write('\r\x1b[2K');
    drawn = false;
  };
  const timer = setInterval(draw, opts.tickMs ?? 120);
  timer.unref();
  return {
    stage(next) {
      current = next;
      draw();
    },
    count(what, done, total) {
      current = `${what}: ${String(done)} of ${String(total)} changes`;
      draw();
    },
    done() {
      clearInterval(timer);
      clear();
    },
    io: { ...io, out: (t) => (clear(), io.out(t)), err: (t) => (clear(), io.err(t)) },
  };
}

/** Runs a command with a progress line labelled LABEL. */
export async function withProgress<T>(io: Io, label: string, run: (p: Progress) => T | Promise<T>): Promise<T> {
  const p = startProgress(io, label);
  try {
    return await run(p); // commands write through p.io
  } finally {
    p.done();
  }
}
