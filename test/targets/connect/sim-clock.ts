// A simulated clock: sleeping advances time instead of waiting. Sleepers wake in order of their
// wake time, one per macrotask, so time never jumps past a sleeper that should have woken
// first. An hour of rate-limited API time runs in well under a second.
import type { Clock } from '../../../src/targets/connect/limiter.ts';

export interface SimClock extends Clock {
  /** Total simulated time slept through, ms. */
  readonly elapsed: () => number;
}

export function simClock(): SimClock {
  let t = 0;
  const sleepers: { wake: number; resolve: () => void }[] = [];
  let scheduled = false;
  const tick = (): void => {
    scheduled = false;
    sleepers.sort((a, b) => a.wake - b.wake);
    const s = sleepers.shift();
    if (s === undefined) return;
    t = Math.max(t, s.wake);
    s.resolve();
    if (sleepers.length > 0) schedule();
  };
  const schedule = (): void => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(tick);
    }
  };
  return {
    now: () => t,
    elapsed: () => t,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleepers.push({ wake: t + Math.max(0, ms), resolve });
        schedule();
      }),
  };
}
