// The target conformance suite: the same cases against every target (sqlite:, postgres:, and the
// live targets against their fake servers). SQLite and PostgreSQL call it from
// test/targets/sqlite.test.ts and test/targets/postgres.test.ts; copy one of those.
//
// How to call it (one test file per target):
//
//   import { describeTargetConformance } from './conformance.ts';
//   describeTargetConformance({
//     name: 'connect (fake server)',
//     async setup() {                       // once per case: a fresh, empty target
//       const server = await startFakeConnect();
//       return {
//         open: async ({ create }) => createConnectTarget({ client: server.client(), … }),
//         injectFailure: async (afterN) => { server.failAfter(afterN); return async () => server.failAfter(undefined); },
//         history: async () => (await openHistory(`sqlite:${dir}/h.db`, env, { create: true })) …,
//         teardown: () => server.close(),
//       };
//     },
//     skip: { concurrency: 'the fake server has no locking' },   // say why
//   });
//
// What the suite relies on:
// - `open({ create })` returns a new Target (a new connection or client) on each call; two of
//   them are used at once for the concurrency case. `create: false` must not create anything.
// - The target's own `capabilities` decide the cases: kinds not held are left out, fields not
//   held are not compared, kinds with delete: false are not deleted, `atomic` selects what a
//   failure must leave behind, history 'own' is read from `target.history`, 'external' from
//   `history()` (which the harness must then provide; applies go through applyRecorded, as in
//   `permctl apply`).
// - `injectFailure(n)`: the next apply fails at its (n+1)-th change, in the target itself (a
//   trigger in a store, an error response from a fake server); it returns the undo.
// - `seed(state)`: for kinds the target cannot create (capabilities create: false), put the
//   state's objects of those kinds in place before the suite applies it.
// - `exists()`: stores only; false until the first apply.
// - `empty`: what an empty target reads as when it is not EMPTY_STATE (a live instance always
//   has its instance settings).
// - `watch()`: drivers with TargetDriver.watch only; a watch on the target as the driver opens
//   it for `permctl apply` (ApplyContext.basis).
// The fixture is the example repository (examples/acme) compiled, plus objects of every kind to
// update and delete; the import case writes a repository from the target and plans it again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics/types.ts';
import { repositoryFiles } from '../../src/import/repository.ts';
import { canonicalState, keyOf } from '../../src/plan/canonical.ts';
import { objectsOf } from '../../src/plan/diff.ts';
import { desiredState } from '../../src/plan/desired.ts';
import { makePlan } from '../../src/plan/plan.ts';
import { projectState } from '../../src/plan/project.ts';
import { APPLY_ORDER, EMPTY_STATE } from '../../src/plan/state.ts';
import type { ObjectKind, TargetState } from '../../src/plan/state.ts';
import type { Plan } from '../../src/plan/types.ts';
import { runValidate } from '../../src/pipeline.ts';
import { applyRecorded } from '../../src/targets/apply-recorded.ts';
import type { ApplyResult, HistoryRecord, HistoryStore, Target, TargetWatch } from '../../src/targets/contract.ts';

export interface ConformanceTarget {
  open(opts: { readonly create: boolean }): Promise<Target>;
  exists?(): Promise<boolean>;
  injectFailure?(afterN: number): Promise<() => Promise<void>>;
  history?(): Promise<HistoryStore>;
  seed?(state: TargetState): Promise<void>;
  watch?(): TargetWatch | undefined;
  readonly empty?: TargetState;
  teardown(): Promise<void>;
}

export interface ConformanceOptions {
  readonly name: string;
  setup(): Promise<ConformanceTarget>;
  /** Cases the target cannot run, each with the reason (shown as the skipped test's name). */
  readonly skip?: { readonly concurrency?: string; readonly failure?: string; readonly import?: string };
  /** Per-test timeout in ms (live fakes and servers may need more than the default). */
  readonly timeout?: number;
}

const ACME = fileURLToPath(new URL('../../examples/acme', import.meta.url));

function acme(): { state: TargetState; catalog: ReturnType<typeof runValidate>['builtin']['catalog'] } {
  const v = runValidate(ACME);
  if (hasErrors(v.diagnostics)) throw new Error('examples/acme does not validate');
  return { state: canonicalState(desiredState(v.compiled.policy)), catalog: v.builtin.catalog };
}

const { state: BASE, catalog } = acme();

const EXTRA = 'Conformance Extra';
/** BASE plus one more object of every kind but the instance: what the delete case removes. */
const PLUS: TargetState = canonicalState({
  ...BASE,
  queues: [...BASE.queues, { name: EXTRA }],
  lines: [...BASE.lines, { id: 'conformance-extra', number: '+15550009999' }],
  routingProfiles: [...BASE.routingProfiles, { name: EXTRA, defaultOutboundQueue: EXTRA, queues: [{ queue: EXTRA, priority: 1, delay: 0 }] }],
  profiles: [...BASE.profiles, { name: EXTRA, permissions: ['BasicAgentAccess'] }],
  // With a routing profile: Amazon Connect cannot create a user without one.
  users: [...BASE.users, { login: 'conformance-extra@example.com', securityProfiles: [EXTRA], routingProfile: EXTRA }],
});

/** BASE with the first object of every kind changed in several fields. */
function updated(s: TargetState): TargetState {
  const [q0, ...qs] = s.queues;
  const [l0, ...ls] = s.lines;
  const [r0, ...rs] = s.routingProfiles;
  const [p0, ...ps] = s.profiles;
  const [u0, ...us] = s.users;
  if (!s.instance || !q0 || !l0 || !r0 || !p0 || !u0) throw new Error('the fixture needs an object of every kind');
  return canonicalState({
    instance: { ...s.instance, conversationAnalyzer: !s.instance.conversationAnalyzer },
    queues: [{ ...q0, description: 'Updated by the conformance suite' }, ...qs],
    lines: [{ ...l0, description: 'Updated by the conformance suite' }, ...ls],
    routingProfiles: [{ ...r0, description: 'Updated by the conformance suite', queues: r0.queues.map((q, i) => (i === 0 ? { ...q, delay: q.delay + 7 } : q)) }, ...rs],
    profiles: [{ ...p0, description: 'Updated by the conformance suite', permissions: p0.permissions.slice(0, -1) }, ...ps],
    users: [{ ...u0, name: 'Updated By Conformance', hierarchy: 'Conformance/Updated', securityProfiles: [...new Set([...u0.securityProfiles, ...(s.profiles.at(-1) ? [s.profiles.at(-1)!.name] : [])])] }, ...us],
  });
}

const META = (actor: string) => ({ meta: { actor, gitCommit: null, planHash: `sha256:${actor}`, now: new Date('2026-01-02T03:04:05.000Z') } });

function planFor(t: Target, snap: { state: TargetState; fingerprint: string }, desired: TargetState, revoke = false): Plan {
  return makePlan(desired, snap, { target: t.identity, now: new Date(), gitCommit: null, unmanaged: revoke ? 'revoke' : 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities: t.capabilities, catalog, policyFingerprint: 'sha256:conformance' }).plan;
}

const names = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.kind} ${c.name}`).sort();

export function describeTargetConformance(opts: ConformanceOptions): void {
  describe(`target conformance: ${opts.name}`, { timeout: opts.timeout ?? 30_000 }, () => {
    let harness: ConformanceTarget | undefined;
    const opened: Target[] = [];
    const histories: HistoryStore[] = [];

    afterEach(async () => {
      for (const t of opened.splice(0)) await t.close();
      for (const h of histories.splice(0)) await h.close();
      await harness?.teardown();
      harness = undefined;
    });

    async function start(): Promise<ConformanceTarget> {
      harness = await opts.setup();
      return harness;
    }
    async function open(h: ConformanceTarget, create = true): Promise<Target> {
      const t = await h.open({ create });
      opened.push(t);
      return t;
    }
    async function historyOf(h: ConformanceTarget, t: Target): Promise<HistoryStore | undefined> {
      if (t.capabilities.history === 'own') return undefined;
      if (h.history === undefined) throw new Error(`${opts.name}: history is 'external'; the harness must provide history()`);
      const store = await h.history();
      histories.push(store);
      return store;
    }
    async function records(h: ConformanceTarget, t: Target): Promise<readonly HistoryRecord[]> {
      if (t.history !== undefined) return t.history.query({ limit: 100 });
      const store = await historyOf(h, t);
      return store ? store.query({ target: t.identity, limit: 100 }) : [];
    }
    async function apply(h: ConformanceTarget, t: Target, plan: Plan, actor = 'conformance'): Promise<ApplyResult> {
      return applyRecorded(t, plan, META(actor), await historyOf(h, t));
    }
    async function applyState(h: ConformanceTarget, t: Target, desired: TargetState, revoke = false): Promise<ApplyResult> {
      await h.seed?.(desired);
      const r = await apply(h, t, planFor(t, await t.read(), desired, revoke));
      expect(r, 'apply').toMatchObject({ ok: true });
      // The fingerprint an apply reports is what a fresh read of the target finds.
      if (r.ok) expect((await t.read()).fingerprint).toBe(r.fingerprint);
      return r;
    }
    async function expectInSync(t: Target, desired: TargetState, revoke = false): Promise<void> {
      expect(names(planFor(t, await t.read(), desired, revoke))).toEqual([]);
    }
    const held = (t: Target, s: TargetState): TargetState => projectState(s, t.capabilities);

    it('reads an empty target as empty, and reading creates nothing', async () => {
      const h = await start();
      const t = await open(h, false);
      const snap = await t.read();
      expect(snap.state).toEqual(h.empty ?? EMPTY_STATE);
      expect(typeof snap.fingerprint).toBe('string');
      expect((await t.read()).fingerprint).toBe(snap.fingerprint);
      if (h.exists) {
        expect(snap.exists).toBe(false);
        expect(await h.exists()).toBe(false);
      }
      expect(await records(h, t)).toEqual([]);
    });

    it('plan → apply → plan is empty; every change has an outcome', async () => {
      const h = await start();
      const t = await open(h);
      await h.seed?.(BASE);
      const plan = planFor(t, await t.read(), BASE);
      expect(plan.changes.length).toBeGreaterThan(0);
      const r = await apply(h, t, plan);
      expect(r).toMatchObject({ ok: true });
      if (!r.ok) return;
      expect(r.outcomes.map((o) => `${o.action} ${o.kind} ${o.name}`).sort()).toEqual(names(plan));
      expect(r.outcomes.every((o) => o.status === 'applied')).toBe(true);
      const snap = await t.read();
      expect(snap.fingerprint).toBe(r.fingerprint);
      expect(held(t, snap.state)).toEqual(held(t, BASE));
      if (h.exists) expect(await h.exists()).toBe(true);
      await expectInSync(t, BASE);
    });

    it('updates an object of every kind it holds', async () => {
      const h = await start();
      const t = await open(h);
      await applyState(h, t, BASE);
      const next = updated(BASE);
      const plan = planFor(t, await t.read(), next);
      const expected = APPLY_ORDER.filter((k) => t.capabilities.kinds[k] !== undefined && JSON.stringify(objectsOf(held(t, BASE), k)) !== JSON.stringify(objectsOf(held(t, next), k)));
      expect([...new Set(plan.changes.filter((c) => c.action === 'update').map((c) => c.kind))].sort()).toEqual([...expected].sort());
      await applyState(h, t, next);
      await expectInSync(t, next);
    });

    it('deletes an object of every kind it can delete', async () => {
      const h = await start();
      const t = await open(h);
      await applyState(h, t, PLUS);
      const plan = planFor(t, await t.read(), BASE, true);
      const deletable = APPLY_ORDER.filter((k: ObjectKind) => k !== 'instance' && t.capabilities.kinds[k]?.delete === true && t.capabilities.kinds[k]?.create === true);
      expect([...new Set(plan.changes.filter((c) => c.action === 'delete').map((c) => c.kind))].sort()).toEqual([...deletable].sort());
      await applyState(h, t, BASE, true);
      for (const k of deletable) expect(objectsOf((await t.read()).state, k).some((o) => keyOf(k, o).includes('onformance')), k).toBe(false);
      await expectInSync(t, BASE, true);
    });

    it('refuses a stale saved plan and leaves the target untouched', async () => {
      const h = await start();
      const t = await open(h);
      await applyState(h, t, BASE);
      const mine = planFor(t, await t.read(), updated(BASE));
      await applyState(h, await open(h), PLUS); // someone else applies first
      const before = await t.read();
      const count = (await records(h, t)).length;
      const r = await apply(h, t, mine);
      expect(r).toEqual({ ok: false, reason: 'stale', expected: mine.targetFingerprint, actual: before.fingerprint });
      const after = await t.read();
      expect(after.fingerprint).toBe(before.fingerprint);
      expect(after.state).toEqual(before.state);
      expect(await records(h, t)).toHaveLength(count);
    });

    it('with a watch opened before its read, applies from that snapshot, and refuses it once another apply came between', async (ctx) => {
      const h = await start();
      if (h.watch === undefined) return ctx.skip('the driver has no watch: every apply reads the target');
      const t = await open(h);
      await applyState(h, t, BASE);
      const watched = async (): Promise<{ snapshot: Awaited<ReturnType<Target['read']>>; watch: TargetWatch } | undefined> => {
        const watch = h.watch?.();
        return watch === undefined ? undefined : { watch, snapshot: await t.read() };
      };
      const first = await watched();
      if (first === undefined) throw new Error('watch() gave no watch on a target that exists');
      const r = await applyRecorded(t, planFor(t, first.snapshot, updated(BASE)), { ...META('basis'), basis: first }, await historyOf(h, t));
      first.watch.close();
      expect(r).toMatchObject({ ok: true });
      if (r.ok) expect((await t.read()).fingerprint).toBe(r.fingerprint);
      await expectInSync(t, held(t, updated(BASE)));
      const second = await watched();
      if (second === undefined) throw new Error('the watch is gone');
      await applyState(h, await open(h), PLUS); // someone else applies after the read
      const stale = await applyRecorded(t, planFor(t, second.snapshot, updated(PLUS)), { ...META('basis'), basis: second }, await historyOf(h, t));
      second.watch.close();
      expect(stale).toMatchObject({ ok: false, reason: 'stale', expected: second.snapshot.fingerprint });
    });

    it.skipIf(opts.skip?.failure !== undefined)(`a failure injected mid-apply leaves exactly what the outcomes say${opts.skip?.failure ? ` (skipped: ${opts.skip.failure})` : ''}`, async () => {
      const h = await start();
      if (h.injectFailure === undefined) throw new Error(`${opts.name}: give injectFailure, or skip.failure with a reason`);
      const t = await open(h);
      await applyState(h, t, BASE);
      const next = updated(PLUS);
      await h.seed?.(next); // objects of kinds the target cannot create are put in place first
      const plan = planFor(t, await t.read(), next);
      expect(plan.changes.length).toBeGreaterThan(4);
      const before = await t.read();
      const count = (await records(h, t)).length;
      const undo = await h.injectFailure(2);
      const r = await apply(h, t, plan);
      await undo();
      expect(r).toMatchObject({ ok: false, reason: 'failed' });
      if (r.ok || r.reason !== 'failed') return;
      expect(r.message).toMatch(/injected/i);
      expect(r.outcomes).toHaveLength(plan.changes.length);
      expect(r.outcomes.filter((o) => o.status === 'failed')).toHaveLength(1);
      const after = await t.read();
      if (t.capabilities.atomic) {
        expect(r.outcomes.some((o) => o.status === 'applied')).toBe(false);
        expect(after.fingerprint).toBe(before.fingerprint);
        expect(after.state).toEqual(before.state);
        expect(await records(h, t)).toHaveLength(count);
      } else {
        const applied = r.outcomes.filter((o) => o.status === 'applied');
        expect(applied).toHaveLength(2);
        expect(r.outcomes.filter((o) => o.status === 'skipped')).toHaveLength(plan.changes.length - 3);
        const left = r.outcomes.filter((o) => o.status !== 'applied').map((o) => `${o.action} ${o.kind} ${o.name}`).sort();
        expect(names(planFor(t, after, next))).toEqual(left);
        expect((await records(h, t))[0]).toMatchObject({ status: 'partial', target: t.identity });
      }
      await applyState(h, t, next);
      await expectInSync(t, next);
    });

    it.skipIf(opts.skip?.concurrency !== undefined)(`two concurrent applies: one wins, the other is refused as stale, nothing is lost${opts.skip?.concurrency ? ` (skipped: ${opts.skip.concurrency})` : ''}`, async () => {
      const h = await start();
      const a = await open(h);
      await applyState(h, a, BASE);
      const b = await open(h);
      // Seeded before the read both plans start from: seeding a live target changes its state.
      await h.seed?.(PLUS);
      const snap = await a.read();
      const count = (await records(h, a)).length;
      const wants = [updated(BASE), PLUS] as const;
      const results = await Promise.all([apply(h, a, planFor(a, snap, wants[0]), 'a'), apply(h, b, planFor(b, snap, wants[1]), 'b')]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'stale', expected: snap.fingerprint, actual: expect.any(String) as unknown }]);
      const winner = results[0]?.ok ? 0 : 1;
      await expectInSync(a, wants[winner]);
      const recorded = await records(h, a);
      expect(recorded).toHaveLength(count + 1);
      expect(recorded[0]?.actor).toBe(winner === 0 ? 'a' : 'b');
    });

    it.skipIf(opts.skip?.import !== undefined)(`import writes a repository that plans as no changes${opts.skip?.import ? ` (skipped: ${opts.skip.import})` : ''}`, async () => {
      const h = await start();
      const t = await open(h);
      await applyState(h, t, BASE);
      const dir = mkdtempSync(join(tmpdir(), 'permctl-conformance-import-'));
      try {
        for (const [file, text] of repositoryFiles((await t.read()).state, t.identity)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true }); // import's layout has folders
          writeFileSync(join(dir, file), text);
        }
        const v = runValidate(dir);
        expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        await expectInSync(t, desiredState(v.compiled.policy));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('appends one history record per apply, newest first', async () => {
      const h = await start();
      const t = await open(h);
      const first = await applyState(h, t, BASE);
      const second = await applyState(h, t, updated(BASE));
      const recorded = await records(h, t);
      expect(recorded.map((r) => r.id)).toEqual([second, first].map((r) => (r.ok ? r.historyId : null)));
      expect(recorded.map((r) => [r.status, r.target, r.actor])).toEqual([
        ['applied', t.identity, 'conformance'],
        ['applied', t.identity, 'conformance'],
      ]);
      expect(recorded[0]?.outcomes.every((o) => o.status === 'applied')).toBe(true);
      expect(recorded[0]?.fingerprintAfter).toBe((await t.read()).fingerprint);
    });
  });
}
