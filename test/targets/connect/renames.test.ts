// Renamed permissions against a live instance: Amazon Connect's console migrates a profile to the
// new names when someone saves it, one to one or one to several. A migrated profile is not drift,
// an apply never flips it back to the legacy name, and a write that Amazon Connect migrates on
// the way in is read back as done. Real SDK over HTTP to the local Connect-like server, with a
// one-to-several split as data (the catalog's own splits are policies/catalog-current.yaml's).
import { ConnectClient } from '@aws-sdk/client-connect';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src/catalog/builtin.ts';
import { withExtraPermissions } from '../../../src/catalog/catalog.ts';
import type { Catalog } from '../../../src/catalog/catalog.ts';
import { makePlan } from '../../../src/plan/index.ts';
import type { Plan } from '../../../src/plan/index.ts';
import type { TargetState } from '../../../src/plan/state.ts';
import type { ApplyContext, Target } from '../../../src/targets/contract.ts';
import { permissionNames } from '../../../src/targets/connect/permissions.ts';
import { CONNECT_CAPABILITIES, createConnectTarget } from '../../../src/targets/connect/target.ts';
import type { FakeConnect, FakeOptions } from './fake-connect.ts';
import { startFakeConnect } from './fake-connect.ts';
import { seedData, smallState } from './seed.ts';
import { simClock } from './sim-clock.ts';

const SPLIT = { legacy: 'Legacy.Recordings', current: ['Recordings.Listen', 'Recordings.Transcripts'], source: 'test' };
const builtin = loadBuiltin().catalog;
const CATALOG: Catalog = { ...withExtraPermissions(builtin, [SPLIT.legacy, ...SPLIT.current].map((name) => ({ name }))), equivalences: [...builtin.equivalences, SPLIT] };
const CTX: ApplyContext = { meta: { actor: 't', gitCommit: null, planHash: 'sha256:x', now: new Date(0) } };

let fake: FakeConnect | undefined;
let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  await fake?.close();
  fake = undefined;
  target = undefined;
});

/** The small instance with Supervisor holding `held`; a target reading it with CATALOG. */
async function instance(held: readonly string[], opts: Partial<FakeOptions> = {}): Promise<{ f: FakeConnect; t: Target }> {
  const state = smallState(2);
  const seeded: TargetState = { ...state, profiles: state.profiles.map((p) => (p.name === 'Supervisor' ? { ...p, permissions: [...held] } : p)) };
  const f = await startFakeConnect({ instanceId: 'inst-1', clock: simClock(), ...opts }, seedData(seeded));
  fake = f;
  const client = new ConnectClient({ region: 'eu-west-1', endpoint: f.endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
  const t = createConnectTarget({ client, instanceId: 'inst-1', clock: simClock(), isKnownPermission: (p) => CATALOG.permissions.has(p), names: permissionNames(CATALOG), readBack: { timeoutMs: 10_000, intervalMs: 1_000 } });
  target = t;
  return { f, t };
}

/** A plan making Supervisor declare `declared`, everything else as the instance holds it. */
async function planFor(t: Target, declared: readonly string[]): Promise<Plan> {
  const snapshot = await t.read();
  const desired: TargetState = { ...snapshot.state, profiles: snapshot.state.profiles.map((p) => (p.name === 'Supervisor' ? { ...p, permissions: [...declared].sort() } : p)) };
  return makePlan(desired, snapshot, { target: t.identity, now: new Date(0), gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities: CONNECT_CAPABILITIES, catalog: CATALOG, policyFingerprint: 'sha256:test' }).plan;
}

const supervisor = (f: FakeConnect): string[] => [...([...f.data.profiles.values()].find((p) => p.name === 'Supervisor')?.permissions ?? [])].sort();

describe('renamed permissions in a live instance (one legacy name, several successors)', () => {
  it('a profile the console migrated is not drift', async () => {
    const { t } = await instance(['BasicAgentAccess', ...SPLIT.current]);
    expect((await planFor(t, ['BasicAgentAccess', SPLIT.legacy])).changes).toEqual([]);
  });

  it('only some of the successors is a difference, and the apply writes the successors, never the legacy name', async () => {
    const { f, t } = await instance(['BasicAgentAccess', 'Recordings.Listen']);
    const plan = await planFor(t, ['BasicAgentAccess', SPLIT.legacy]);
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['update profile Supervisor']);
    const result = await t.apply(plan, CTX);
    expect(result.ok).toBe(true);
    expect(supervisor(f)).toEqual(['BasicAgentAccess', ...SPLIT.current]);
    expect((await planFor(t, ['BasicAgentAccess', SPLIT.legacy])).changes).toEqual([]);
  });

  it('another change to a migrated profile keeps its successors', async () => {
    const { f, t } = await instance(['BasicAgentAccess', ...SPLIT.current]);
    const result = await t.apply(await planFor(t, ['BasicAgentAccess', 'ManagerListenIn', SPLIT.legacy]), CTX);
    expect(result.ok).toBe(true);
    expect(supervisor(f)).toEqual(['BasicAgentAccess', 'ManagerListenIn', ...SPLIT.current]);
  });

  it('a legacy name the instance migrates on write is read back as done (not "not visible"), and the next plan is empty', async () => {
    const { f, t } = await instance(['BasicAgentAccess'], { migrate: { [SPLIT.legacy]: SPLIT.current } });
    const result = await t.apply(await planFor(t, ['BasicAgentAccess', SPLIT.legacy]), CTX);
    expect(result.ok ? result.outcomes : result).toEqual([{ kind: 'profile', name: 'Supervisor', action: 'update', status: 'applied' }]);
    expect(supervisor(f)).toEqual(['BasicAgentAccess', ...SPLIT.current]);
    expect((await planFor(t, ['BasicAgentAccess', SPLIT.legacy])).changes).toEqual([]);
  });

  it('removing the legacy name removes its successors', async () => {
    const { f, t } = await instance(['BasicAgentAccess', ...SPLIT.current]);
    const plan = await planFor(t, ['BasicAgentAccess']);
    expect((await t.apply(plan, CTX)).ok).toBe(true);
    expect(supervisor(f)).toEqual(['BasicAgentAccess']);
  });
});
