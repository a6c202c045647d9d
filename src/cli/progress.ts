// Progress on a terminal for anything that takes over a second: one line on stderr, redrawn
// in place, erased when the command finishes. Silent when stderr is not a TTY (io.progress is
// then absent), with --quiet, and during the first second. Stages of synchronous work
// (load → validate → compile) redraw the line when they start; a timer redraws it while the
// command waits (reading a target, applying), so the elapsed time keeps moving.
import type { Io } from './io.ts';

export interface Progress {
  stage(label: string): void;
  /** Stops and erases the line; safe to call twice. */
  done(): void;
  /** The command's Io, whose writes erase the progress line first so output never mixes with it. */
  readonly io: Io;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startProgress(io: Io, label: string, opts: { delayMs?: number; now?: () => number; tickMs?: number } = {}): Progress {
  const write = io.progress;
  if (write === undefined) return { stage: () => undefined, done: () => undefined, io };
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
