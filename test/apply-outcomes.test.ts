// Applying to a live target (not atomic, history kept elsewhere): per-change outcomes when it
// fails part-way, the history record in the store named by --history, the lock around the apply,
// and the next plan showing only what is left. The target is an in-memory fake; the history
// store is a real SQLite file.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { applyToTarget } from '../src/cli/commands/apply.ts';
import type { Io } from '../src/cli/io.ts';
import { makePlan } from '../src/plan/plan.ts';
import { EMPTY_STATE } from '../src/plan/state.ts';
import type { TargetState } from '../src/plan/state.ts';
import { openHistory } from '../src/targets/registry.ts';
import { runCli, tempDir } from './helpers.ts';
import { memoryTarget } from './targets/memory-target.ts';
import type { MemoryTarget } from './targets/memory-target.ts';

const { catalog } = loadBuiltin();

function io(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), color: false, env: { PERMCTL_ACTOR: 'ci' }, cwd: tempDir(), stdout: () => out, stderr: () => err };
}

const DESIRED: TargetState = {
  ...EMPTY_STATE,
  queues: [{ name: 'Q1' }, { name: 'Q2' }],
  profiles: [{ name: 'Admin', permissions: ['SecurityProfiles.Edit', 'Users.EditPermission'] }],
  users: [
    { login: 'a@x', securityProfiles: ['Admin'] },
    { login: 'b@x', securityProfiles: ['Admin'] },
  ],
};

async function planFor(t: MemoryTarget) {
  const snap = await t.read();
  return makePlan(DESIRED, snap, { target: t.identity, now: new Date(), gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities: t.capabilities, catalog, policyFingerprint: 'p' }).plan;
}

async function historyOf(url: string, cwd: string) {
  const h = await openHistory(url, { env: {}, cwd }, { create: false });
  if (!h.ok) throw new Error('no history');
  try {
    return await h.history.query({});
  } finally {
    await h.history.close();
  }
}

describe('apply to a live target', () => {
  it('refuses without a history store (PC611), changing nothing', async () => {
    const t = memoryTarget();
    const o = io();
    expect(await applyToTarget(await planFor(t), t, undefined, o.cwd, o)).toBe(1);
    expect(o.stderr()).toContain('error PC611: target memory://test keeps no history of its own; name a store for it: --history URL');
    expect(t.state()).toEqual(EMPTY_STATE);
  });

  it('records a successful apply in the --history store', async () => {
    const t = memoryTarget();
    const o = io();
    const store = `sqlite:${join(o.cwd, 'history.db')}`;
    expect(await applyToTarget(await planFor(t), t, store, o.cwd, o)).toBe(0);
    expect(o.stdout()).toContain('Apply complete: 5 created, 0 updated, 0 deleted. Recorded as history #1.');
    expect(await historyOf(store, o.cwd)).toMatchObject([{ id: 1, target: 'memory://test', status: 'applied', actor: 'ci' }]);
    expect((await planFor(t)).changes).toEqual([]);
  });

  it('`history --history URL` lists a live target\'s applies from its history store', async () => {
    const t = memoryTarget();
    const o = io();
    const store = `sqlite:${join(o.cwd, 'history.db')}`;
    expect(await applyToTarget(await planFor(t), t, store, o.cwd, o)).toBe(0);
    const r = await runCli(['history', '--history', 'sqlite:history.db', '--format', 'json'], { cwd: o.cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: 1, target: 'memory://test', status: 'applied' }]);
  });

  it('a failure part-way prints exactly what was applied, failed and skipped; the next plan shows the rest', async () => {
    const t = memoryTarget();
    const o = io();
    const store = `sqlite:${join(o.cwd, 'history.db')}`;
    const plan = await planFor(t);
    t.failAfter(3);
    expect(await applyToTarget(plan, t, store, o.cwd, o)).toBe(1);
    expect(o.stdout()).toBe(
      [
        'Changes:',
        '  applied      create queue "Q1"',
        '  applied      create queue "Q2"',
        '  applied      create profile "Admin"',
        '  failed       create user "a@x": injected failure at user a@x',
        '  skipped      create user "b@x"',
        'Recorded as history #1 (partial).',
        '',
      ].join('\n'),
    );
    expect(o.stderr()).toContain('error PC612: apply to memory://test failed part-way: 3 applied, 1 failed, 1 skipped: injected failure at user a@x; the changes applied are listed above');
    const [record] = await historyOf(store, o.cwd);
    expect(record).toMatchObject({ status: 'partial', target: 'memory://test' });
    expect(record?.outcomes.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'failed', 'skipped']);
    expect((await planFor(t)).changes.map((c) => `${c.action} ${c.name}`)).toEqual(['create a@x', 'create b@x']);
  });

  it('a stale plan is refused and not recorded', async () => {
    const t = memoryTarget();
    const o = io();
    const store = `sqlite:${join(o.cwd, 'history.db')}`;
    const plan = await planFor(t);
    expect(await applyToTarget(plan, t, store, o.cwd, io())).toBe(0);
    expect(await applyToTarget(plan, t, store, o.cwd, o)).toBe(1);
    expect(o.stderr()).toContain('error PC603: saved plan is stale: the target changed since this plan was made');
    expect(await historyOf(store, o.cwd)).toHaveLength(1);
  });
});
