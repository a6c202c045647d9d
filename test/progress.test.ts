// Progress lines: only on a terminal (io.progress present), only after the first second,
// erased before any output and at the end; --quiet silences them.
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.ts';
import { startProgress } from '../src/cli/progress.ts';
import { runCli } from './helpers.ts';

function fakeIo(tty: boolean): { io: Io; log: string[] } {
  const log: string[] = [];
  const io: Io = { out: (t) => log.push(`out:${t}`), err: (t) => log.push(`err:${t}`), color: false, env: {}, cwd: '/', ...(tty ? { progress: (t: string) => log.push(`tty:${JSON.stringify(t)}`) } : {}) };
  return { io, log };
}

describe('progress', () => {
  it('stays silent during the first second, then draws each stage with the elapsed time', () => {
    let t = 0;
    const { io, log } = fakeIo(true);
    const p = startProgress(io, 'validating', { now: () => t, tickMs: 1e9 });
    p.stage('loading');
    t = 400;
    p.stage('validating');
    expect(log).toEqual([]);
    t = 1500;
    p.stage('compiling');
    expect(log).toEqual(['tty:"\\r\\u001b[2K⠋ compiling (1.5 s)"']);
    p.io.out('result');
    expect(log.slice(1)).toEqual(['tty:"\\r\\u001b[2K"', 'out:result']);
    p.done();
    p.done();
    expect(log).toHaveLength(3); // nothing drawn since the output: nothing to erase
  });

  it('erases its line when done', () => {
    let t = 0;
    const { io, log } = fakeIo(true);
    const p = startProgress(io, 'applying', { now: () => t, tickMs: 1e9 });
    t = 2000;
    p.stage('applying');
    t = 2500;
    p.done();
    expect(log).toEqual(['tty:"\\r\\u001b[2K⠋ applying (2.0 s)"', 'tty:"\\r\\u001b[2K"']);
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { io, log } = fakeIo(false);
    const p = startProgress(io, 'x', { now: () => 5000, tickMs: 1e9 });
    p.stage('y');
    p.done();
    expect(log).toEqual([]);
    expect(p.io).toBe(io);
  });

  it('accepts --quiet before or after the command', async () => {
    expect((await runCli(['--quiet', 'validate', 'examples/minimal'])).code).toBe(0);
    expect((await runCli(['validate', 'examples/minimal', '-q'])).code).toBe(0);
  });
});
