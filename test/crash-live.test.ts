// Crash consistency on live targets (issue 15 item 7): `apply` to connect:// (the local
// Connect-like server, through the real SDK) and to vcc:// (the local VCC-like server) killed with SIGKILL at every write — before the
// server applies it, and after it applied it but before it answered. A live target has no
// transaction, so what counts is that nothing is lost or invented: every object is exactly old
// or exactly new, the history records only what is known (the earlier applies, intact; no
// record of the killed one, whose outcomes nobody saw), the next plan shows exactly the changes
// left, and applying it completes the change and records it.
//
// Kill points are deterministic: the server holds the chosen request (gate), tells the test,
// and the test kills the process then. No timing is asserted; every wait is bounded.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from './helpers.ts';
import type { FakeConnect } from './targets/connect/fake-connect.ts';
import { startFakeConnect } from './targets/connect/fake-connect.ts';
import { seedData, smallState } from './targets/connect/seed.ts';
import { simClock } from './targets/connect/sim-clock.ts';
import type { FakeUser } from './vcc/server.ts';
import { CLIENT_ID, CLIENT_SECRET, startFakeVcc } from './vcc/server.ts';

/** concurrency=1: writes go one at a time, so "k writes done" is exact. */
const TARGET = 'connect://inst-1?region=eu-west-1&concurrency=1';
const MOVED = 4; // agents moved from Agent to Supervisor: one write each
const CHANGES = MOVED + 1; // and the Agent profile's description: one write
/** Each kill point costs an import and five commands: the first, middle and last write, each
 *  held before and after the server applies it. */
const WRITES_KILLED = [0, 2, CHANGES - 1];
export const LIVE_KILL_POINTS = WRITES_KILLED.length * 2;

const AWS = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret-never-printed', AWS_REGION: 'eu-west-1' };
const saved = { ...process.env };
const dirs: string[] = [];
beforeAll(() => {
  Object.assign(process.env, AWS);
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  process.env = saved;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Kill {
  readonly write: number;
  readonly phase: 'before' | 'after';
}

/** A fake instance whose writes can be held: `arm(kill)` holds the `kill.write`-th write from
 *  then on at `kill.phase`; `reached` resolves when it is held; `release` lets it go (only once
 *  the test is over: a held "before" write released earlier would be applied by the server after
 *  the client died). */
async function gatedInstance() {
  let armed: { kill: Kill; base: number } | undefined;
  let writes = 0;
  let release = (): void => undefined;
  let reached = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  const fake = await startFakeConnect(
    {
      instanceId: 'inst-1',
      clock: simClock(),
      gate: (_op, n, phase) => {
        writes = Math.max(writes, n + 1);
        if (armed === undefined || n - armed.base !== armed.kill.write || phase !== armed.kill.phase) return undefined;
        reached();
        return held;
      },
    },
    seedData(smallState(MOVED + 2)),
  );
  const arm = (kill: Kill): void => void (armed = { kill, base: writes });
  return { fake, atGate, release, arm };
}

function edit(path: string, from: RegExp | string, to: string): void {
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`no edit made to ${path}`); // or the test would prove nothing
  writeFileSync(path, next);
}

/** `permctl apply` in its own process, killed once the server holds the gated write. */
function killedApply(dir: string, fake: FakeConnect, atGate: Promise<void>, history: string): Promise<NodeJS.Signals | number | null> {
  const child = spawn(process.execPath, [BIN, 'apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', TARGET, '--history', history], {
    env: { PATH: process.env.PATH ?? '', ...AWS, AWS_ENDPOINT_URL_CONNECT: fake.endpoint, PERMCTL_ACTOR: 'doomed' },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  // Killed at the gate; an apply that never reaches it ends by itself (and the test fails).
  void atGate.then(() => child.kill('SIGKILL'));
  return exited;
}

/** How many of the CHANGES the instance holds. */
function done(fake: FakeConnect): number {
  const supervisor = [...fake.data.profiles.values()].find((p) => p.name === 'Supervisor')?.id;
  const users = [...fake.data.users.values()].filter((u) => /^agent0000[0-3]$/.test(u.username) && u.securityProfileIds.length === 1 && u.securityProfileIds[0] === supervisor).length;
  const profile = [...fake.data.profiles.values()].find((p) => p.name === 'Agent')?.description === 'Front line, EMEA';
  return users + (profile ? 1 : 0);
}

/** The changes `plan` shows for the instance now. */
async function planned(dir: string): Promise<number> {
  const out = join(dir, 'plan.json');
  const r = await runCli(['plan', dir, '--target', TARGET, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const saved = JSON.parse(readFileSync(out, 'utf8')) as { changes?: unknown[]; plans?: { changes: unknown[] }[] };
  return (saved.changes ?? saved.plans?.[0]?.changes ?? []).length;
}

describe('crash consistency on a live target (connect://)', () => {
  const points: Kill[] = WRITES_KILLED.flatMap((write) => [{ write, phase: 'before' as const }, { write, phase: 'after' as const }]);

  it.each(points)('apply killed at write $write ($phase the server applies it): each object old or new, the history holds what is known, the next plan shows the rest', { timeout: 180_000 }, async (kill) => {
    const { fake, atGate, release, arm } = await gatedInstance();
    try {
      process.env.AWS_ENDPOINT_URL_CONNECT = fake.endpoint;
      const dir = tempDir('permctl-live-kill-');
      dirs.push(dir);
      const imported = await runCli(['import', '--target', TARGET, '--out', dir]);
      expect(imported.code, imported.stderr).toBe(0);
      const history = `sqlite:${join(dir, 'history.db')}`;
      const cli = (...args: string[]) => runCli([...args], { env: { PERMCTL_ACTOR: 'ci' } });
      // An earlier, complete apply recorded in the history store: it must stay intact.
      edit(join(dir, 'users', 'users.yaml'), 'name: Ada Admin', 'name: Ada Admiral');
      expect((await cli('apply', dir, '--auto-approve', '--target', TARGET, '--history', history)).code).toBe(0);

      // The change to be interrupted: CHANGES writes, one at a time.
      for (let i = 0; i < MOVED; i++) edit(join(dir, 'users', 'users.yaml'), new RegExp(`(login: agent0000${i}\\n(?:.*\\n)*?\\s+securityProfiles:\\n\\s+- )Agent`), '$1Supervisor');
      edit(join(dir, 'profiles', 'security-profiles.yaml'), 'description: Front line', 'description: Front line, EMEA');
      expect(await planned(dir)).toBe(CHANGES);
      arm(kill);
      expect(await killedApply(dir, fake, atGate, history)).toBe('SIGKILL');

      // Exactly the writes the server applied, each object whole.
      const applied = kill.write + (kill.phase === 'after' ? 1 : 0);
      expect(done(fake)).toBe(applied);
      // The history holds what is known: the earlier apply, its chain intact.
      const h = await cli('history', '--target', TARGET, '--history', history, '--format', 'json');
      expect(h.code, h.stderr).toBe(0);
      expect((JSON.parse(h.stdout) as unknown[]).length).toBe(1);
      expect((await cli('history', '--verify', '--target', history)).code).toBe(0);
      // The next plan shows exactly what is left, and applying it completes the change.
      expect(await planned(dir)).toBe(CHANGES - applied);
      const again = await cli('apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', TARGET, '--history', history);
      expect(again.code, again.stderr).toBe(0);
      expect(done(fake)).toBe(CHANGES);
      expect(await planned(dir)).toBe(0);
      const after = JSON.parse((await cli('history', '--target', TARGET, '--history', history, '--format', 'json')).stdout) as { status: string; changes: unknown[] }[];
      // The completing apply is recorded with just what was left (nothing left: nothing to record).
      expect(after.map((r) => [r.status, r.changes.length])).toEqual([...(applied < CHANGES ? [['applied', CHANGES - applied]] : []), ['applied', 1]]);
      expect((await cli('history', '--verify', '--target', history)).code).toBe(0);
    } finally {
      release();
      await fake.close();
    }
  });
});

// vcc:// writes one user's line permissions per change (a PUT of the user's whole list).
// Users start with lists the acme example does not give four of them: four changes.
const VCC_USERS: readonly FakeUser[] = ['ANA@example.com', 'ben@example.com', 'chloe@example.com', 'dan@example.com', 'eve@example.com'].map((username, i) => ({ userId: `u-${i + 1}`, username, addressIds: ['15550000000', '34910000000', '442079460000'].slice(0, i % 2 === 0 ? 1 : 3) }));
const VCC_ADDRESSES = [{ addressId: '442079460000', addressName: 'UK support' }, { addressId: '34910000000' }, { addressId: '15550000000' }];
/** The acme example against these users: this many users' lists change. */
const VCC_CHANGES = 4;
const VCC_POINTS: Kill[] = [0, VCC_CHANGES - 1].flatMap((write) => [{ write, phase: 'before' as const }, { write, phase: 'after' as const }]);
export const VCC_KILL_POINTS = VCC_POINTS.length;

describe('crash consistency on a live target (vcc://)', () => {
  it.each(VCC_POINTS)('apply killed at write $write ($phase the server applies it): each user old or new, no record of the killed apply, the next plan shows the rest', { timeout: 180_000 }, async (kill) => {
    let release = (): void => undefined;
    let reached = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const users = VCC_USERS.map((u) => ({ ...u, addressIds: [...u.addressIds] }));
    const vcc = await startFakeVcc({
      users,
      addresses: VCC_ADDRESSES.map((a) => ({ ...a })),
      gate: (n, phase) => {
        if (n !== kill.write || phase !== kill.phase) return undefined;
        reached();
        return held;
      },
    });
    try {
      const repo = join(tempDir('permctl-vcc-kill-'), 'repo');
      dirs.push(join(repo, '..'));
      cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
      const env = { PERMCTL_VCC_API_URL: vcc.apiUrl, PERMCTL_VCC_TOKEN_URL: vcc.tokenUrl, PERMCTL_VCC_CLIENT_ID: CLIENT_ID, PERMCTL_VCC_CLIENT_SECRET: CLIENT_SECRET, PERMCTL_VCC_MAX_RPS: '1000', PERMCTL_ACTOR: 'ci' };
      const cli = (...args: string[]) => runCli(args, { cwd: repo, env });
      const history = ['--history', 'sqlite:history.db'];
      const planned = async (): Promise<number> => {
        const r = await cli('plan', '--target', 'vcc://emea', '--allow-mass-revoke', '--out', 'plan.json');
        expect(r.code, r.stderr).toBe(0);
        return (JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8')) as { changes: unknown[] }).changes.length;
      };
      expect(await planned()).toBe(VCC_CHANGES);
      const before = users.map((u) => [...u.addressIds].sort().join());

      const child = spawn(process.execPath, [BIN, 'apply', '.', '--auto-approve', '--allow-mass-revoke', '--target', 'vcc://emea', ...history], { cwd: repo, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      void atGate.then(() => child.kill('SIGKILL'));
      expect(await exited).toBe('SIGKILL');

      const killed = users.map((u) => [...u.addressIds].sort().join());
      const applied = kill.write + (kill.phase === 'after' ? 1 : 0);
      expect(killed.filter((k, i) => k !== before[i])).toHaveLength(applied);
      // No record of the killed apply; the store's chain intact.
      const h = await cli('history', '--target', 'vcc://emea', ...history, '--format', 'json');
      expect(h.code, h.stderr).toBe(0);
      expect(JSON.parse(h.stdout)).toEqual([]);
      expect((await cli('history', '--verify', '--target', 'sqlite:history.db')).code).toBe(0);
      // The next plan shows exactly what is left; applying it completes the change.
      expect(await planned()).toBe(VCC_CHANGES - applied);
      const again = await cli('apply', '.', '--auto-approve', '--allow-mass-revoke', '--target', 'vcc://emea', ...history);
      expect(again.code, again.stderr).toBe(0);
      expect(await planned()).toBe(0);
      // Each user was old or new when killed: new means what the completed apply left.
      const after = users.map((u) => [...u.addressIds].sort().join());
      killed.forEach((k, i) => expect([before[i], after[i]]).toContain(k));
      expect(after.filter((a, i) => a !== before[i])).toHaveLength(VCC_CHANGES);
      const records = JSON.parse((await cli('history', '--target', 'vcc://emea', ...history, '--format', 'json')).stdout) as { status: string; changes: unknown[] }[];
      expect(records.map((r) => [r.status, r.changes.length])).toEqual(applied < VCC_CHANGES ? [['applied', VCC_CHANGES - applied]] : []);
      expect((await cli('history', '--verify', '--target', 'sqlite:history.db')).code).toBe(0);
    } finally {
      release();
      await vcc.close();
    }
  });
});
