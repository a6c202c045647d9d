// Crash consistency and concurrent applies on the SQLite store, through the real binary:
// - `apply` killed with SIGKILL at many points leaves the store exactly old or exactly new,
//   and a later apply completes it;
// - saved plans applied concurrently against one state: exactly one wins, the others are
//   refused as stale (PC603), and every record the winner wrote is there.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRepo, sizeFor } from '../bench/generate.ts';
import { openTarget } from '../src/targets/registry.ts';
import { BIN, ROOT, tempDir } from './helpers.ts';

export const KILL_POINTS = 24;
export const CONCURRENT_TRIALS = 6;
const RACERS = 4;

const env = { PATH: process.env.PATH ?? '', PERMCTL_ACTOR: 'ci' };
const run = (args: readonly string[], cwd: string): { code: number | null; stderr: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 120_000, maxBuffer: 512 << 20 });
  return { code: r.status, stderr: r.stderr };
};

async function fingerprint(target: string): Promise<string> {
  const opened = await openTarget(target, { env: {}, cwd: ROOT }, { create: false });
  if (!opened.ok) throw new Error('cannot open the store');
  try {
    return (await opened.target.read()).fingerprint;
  } finally {
    await opened.target.close();
  }
}

async function historyLength(target: string): Promise<number> {
  const opened = await openTarget(target, { env: {}, cwd: ROOT }, { create: false });
  if (!opened.ok) throw new Error('cannot open the store');
  try {
    return (await opened.target.history?.query({ limit: 10_000 }))?.length ?? 0;
  } finally {
    await opened.target.close();
  }
}

/** Kills `apply` after `ms` milliseconds (or lets it finish first). */
function applyKilledAfter(ms: number, cwd: string, target: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'apply', '.', '--auto-approve', '--allow-mass-revoke', '--target', target], { cwd, env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('crash consistency', () => {
  it(`SIGKILL at ${KILL_POINTS} points of an apply of 2,000 users leaves the store old or new`, async () => {
    const dir = tempDir('permctl-kill-');
    const repoA = join(dir, 'a');
    const repoB = join(dir, 'b');
    generateRepo(repoA, { ...sizeFor(2000), seed: 1 });
    generateRepo(repoB, { ...sizeFor(2000), seed: 2 });
    const results = { old: 0, new: 0 };
    for (let k = 0; k < KILL_POINTS; k++) {
      const target = `sqlite:${join(dir, `s${k}.db`)}`;
      expect(run(['apply', '.', '--auto-approve', '--target', target], repoA).code).toBe(0);
      const before = await fingerprint(target);
      const records = await historyLength(target);
      // Spread the kill points over start-up, planning and the write transaction.
      await applyKilledAfter(100 + k * 100, repoB, target);
      const after = await fingerprint(target);
      const recordsAfter = await historyLength(target);
      if (after === before) {
        results.old++;
        expect(recordsAfter).toBe(records);
      } else {
        results.new++;
        expect(recordsAfter).toBe(records + 1);
        // New means exactly the repository's state: nothing left to plan.
        expect(run(['plan', '.', '--target', target, '--detailed-exitcode'], repoB).code).toBe(0);
      }
      // Either way, the next apply completes the change.
      expect(run(['apply', '.', '--auto-approve', '--allow-mass-revoke', '--target', target], repoB).code).toBe(0);
      expect(run(['plan', '.', '--target', target, '--detailed-exitcode'], repoB).code).toBe(0);
      expect(run(['history', '--verify', '--target', target], repoB).code).toBe(0);
    }
    expect(results.old + results.new).toBe(KILL_POINTS);
  }, 1_200_000);
});

describe('concurrent applies', () => {
  it(`${CONCURRENT_TRIALS} trials of ${RACERS} saved plans applied at once: one wins, the others are stale`, async () => {
    const dir = tempDir('permctl-race-');
    const repo = join(dir, 'repo');
    cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
    for (let trial = 0; trial < CONCURRENT_TRIALS; trial++) {
      const target = `sqlite:${join(dir, `s${trial}.db`)}`;
      expect(run(['apply', '.', '--auto-approve', '--target', target], repo).code).toBe(0);
      // RACERS different reviewed changes, each saved as a plan against the same state, each
      // applied from its own copy of the repository.
      const copies = Array.from({ length: RACERS }, (_, i) => {
        const copy = join(dir, `t${trial}-r${i}`);
        cpSync(repo, copy, { recursive: true });
        const f = join(copy, 'users/emea.yaml');
        writeFileSync(f, readFileSync(f, 'utf8').replace('name: Ben Okafor', `name: Ben ${trial}-${i}`));
        expect(run(['plan', '.', '--target', target, '--out', 'plan.json'], copy).code).toBe(0);
        return copy;
      });
      const codes = await Promise.all(
        copies.map(
          (copy) =>
            new Promise<{ code: number | null; stderr: string }>((resolve) => {
              const child = spawn(process.execPath, [BIN, 'apply', 'plan.json', '--target', target], { cwd: copy, env });
              let stderr = '';
              child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
              child.on('exit', (code) => resolve({ code, stderr }));
            }),
        ),
      );
      expect(codes.filter((c) => c.code === 0)).toHaveLength(1);
      for (const c of codes.filter((x) => x.code !== 0)) expect(c.stderr).toMatch(/error PC603: /);
      expect(await historyLength(target)).toBe(2);
      expect(run(['history', '--verify', '--target', target], repo).code).toBe(0);
    }
  }, 1_200_000);
});
