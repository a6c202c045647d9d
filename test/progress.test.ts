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

  it('counted work (a live apply) on a terminal: the same line, updated in place; no plain lines', () => {
    let t = 0;
    const { io, log } = fakeIo(true);
    const p = startProgress(io, 'applying', { now: () => t, tickMs: 1e9 });
    p.count('applying', 1, 40);
    expect(log).toEqual([]); // the first second
    t = 1200;
    p.count('applying', 12, 40);
    t = 1300;
    p.count('applying', 40, 40);
    p.done();
    expect(log).toEqual(['tty:"\\r\\u001b[2K⠋ applying: 12 of 40 changes (1.2 s)"', 'tty:"\\r\\u001b[2K⠙ applying: 40 of 40 changes (1.3 s)"', 'tty:"\\r\\u001b[2K"']);
  });

  it.each([
    ['not a terminal: a plain line per tenth of a run of 20 or more', false, 40, ['err:applying: 4 of 40 changes done', 'err:applying: 8 of 40 changes done', 'err:applying: 20 of 40 changes done', 'err:applying: 40 of 40 changes done']],
    ['not a terminal, a short run: nothing', false, 19, []],
    ['--quiet: nothing', true, 40, []],
  ])('counted work, %s', (_name, quiet, total, expected) => {
    const { io, log } = fakeIo(false);
    const p = startProgress({ ...io, ...(quiet ? { quiet: true } : {}) }, 'applying');
    for (const done of [1, 4, 5, 8, 20, 21, total]) if (done <= total) p.count('applying', done, total);
    p.done();
    expect(log).toEqual(expected);
  });

  it('counted work, not a terminal: each run (a target of several) starts over', () => {
    const { io, log } = fakeIo(false);
    const p = startProgress(io, 'applying');
    for (const done of [10, 20]) p.count('applying', done, 20);
    for (const done of [10, 20]) p.count('applying', done, 20);
    expect(log).toEqual(['err:applying: 10 of 20 changes done', 'err:applying: 20 of 20 changes done', 'err:applying: 10 of 20 changes done', 'err:applying: 20 of 20 changes done']);
  });

  it('accepts --quiet before or after the command', async () => {
    expect((await runCli(['--quiet', 'validate', 'examples/minimal'])).code).toBe(0);
    expect((await runCli(['validate', 'examples/minimal', '-q'])).code).toBe(0);
  });
});
