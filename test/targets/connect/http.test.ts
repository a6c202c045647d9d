// The real AWS SDK over HTTP against the local Connect-like server: the endpoint from
// AWS_ENDPOINT_URL_CONNECT (the SDK's own setting), paging at the service's limits, and a
// 1,000-change apply with injected 429s whose per-operation request rate is checked from the
// server's call log on a simulated clock.
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserState } from '../../../src/plan/state.ts';
import type { Change } from '../../../src/plan/types.ts';
import { connectDriver } from '../../../src/targets/connect/driver.ts';
import { DEFAULT_LIMITS, quotaFor } from '../../../src/targets/connect/limiter.ts';
import type { Limits } from '../../../src/targets/connect/limiter.ts';
import { createConnectTarget } from '../../../src/targets/connect/target.ts';
import type { CallRecord, FakeConnect } from './fake-connect.ts';
import { startFakeConnect } from './fake-connect.ts';
import { planOf, seedData, smallState } from './seed.ts';
import { simClock } from './sim-clock.ts';

const INSTANCE = 'inst-1';
const saved = { ...process.env };
let servers: FakeConnect[] = [];

beforeAll(() => {
  // Dummy credentials and region through the SDK's default chain; nothing leaves 127.0.0.1.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-never-printed';
  process.env.AWS_REGION = 'eu-west-1';
  delete process.env.AWS_PROFILE;
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  delete process.env.AWS_ENDPOINT_URL_CONNECT;
  delete process.env.AWS_ENDPOINT_URL;
});
afterAll(() => {
  process.env = saved;
});

async function serve(...args: Parameters<typeof startFakeConnect>): Promise<FakeConnect> {
  const s = await startFakeConnect(...args);
  servers.push(s);
  return s;
}

/** A client for the fake: endpoint explicit, SDK retries without real-time backoff. */
const client = (endpoint: string): ConnectClient => new ConnectClient({ region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }, retryStrategy: new ConfiguredRetryStrategy(4, () => 0) });

/** Token-bucket check of one operation's request times: never more than burst + rate·t. */
function overQuota(times: readonly number[], op: string, limits: Limits): string | undefined {
  const { rate, burst } = quotaFor(op, limits);
  let tokens = burst;
  let at = times[0] ?? 0;
  for (const [i, t] of times.entries()) {
    tokens = Math.min(burst, tokens + ((t - at) * rate) / 1000);
    at = t;
    if (tokens < 1 - 1e-6) return `${op}: request ${i} at ${t} ms exceeds ${rate}/s burst ${burst}`;
    tokens -= 1;
  }
  return undefined;
}

function perOperation(log: readonly CallRecord[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of log) out.set(r.op, [...(out.get(r.op) ?? []), r.t]);
  for (const ts of out.values()) ts.sort((a, b) => a - b);
  return out;
}

describe('connect:// over HTTP with the real SDK', () => {
  it('finds the endpoint through AWS_ENDPOINT_URL_CONNECT and reads the instance', async () => {
    const state = smallState(4);
    const fake = await serve({ instanceId: INSTANCE, clock: simClock() }, seedData(state, { profiles: { Agent: { tags: { team: 'a' }, extraPermissions: ['Brand.NewThing'] } } }));
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'; // the service-specific variable wins
    process.env.AWS_ENDPOINT_URL_CONNECT = fake.endpoint;
    const opened = await connectDriver.open(`connect://${INSTANCE}?region=eu-west-1&readRate=1000&writeRate=1000`, { env: process.env, cwd: '/' }, { create: false });
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostic));
    const target = opened.target;
    expect(target.identity).toBe('connect://inst-1?region=eu-west-1');
    const snap = await target.read();
    await target.close();
    expect(snap.exists).toBe(true);
    expect(snap.state.users).toEqual(state.users);
    expect(snap.state.routingProfiles).toEqual(state.routingProfiles);
    expect(snap.state.queues).toEqual(state.queues);
    // Brand.NewThing is outside the catalog: not in the state, shown as unmodelled.
    expect(snap.state.profiles).toEqual(state.profiles);
    expect(snap.unmodelled).toEqual([
      { kind: 'profile', name: 'Agent', field: 'permissions', value: ['Brand.NewThing'] },
      { kind: 'profile', name: 'Agent', field: 'tags', value: { team: 'a' } },
    ]);
    expect(fake.log.every((r) => r.status === 200)).toBe(true);
    expect(fake.log.filter((r) => !/^(List|Describe|Search)/.test(r.op))).toEqual([]);
  });

  it('reads 1,234 users in three SearchUsers pages of at most 500', async () => {
    const fake = await serve({ instanceId: INSTANCE, clock: simClock() }, seedData(smallState(1233)));
    const target = createConnectTarget({ client: client(fake.endpoint), instanceId: INSTANCE, clock: simClock() });
    const snap = await target.read();
    expect(snap.state.users).toHaveLength(1234);
    const stats = target.stats?.();
    expect(stats?.calls.SearchUsers).toBe(3);
    // O(users/500 + profiles + routing profiles): 3 + 3 per profile + fixed.
    expect(Object.values(stats?.calls ?? {}).reduce((a, b) => a + b, 0)).toBe(3 + 1 + 3 * 3 + 1 + 1 + 1 + 1);
    await target.close();
  });

  it('refuses an unusable URL with a one-line reason', () => {
    for (const [url, reason] of [
      ['connect://', /instance id/],
      ['connect://inst-1?region=mars', /not an AWS region/],
      ['connect://inst-1?region=eu-west-1&colour=red', /unknown parameter "colour"/],
      ['connect://inst-1?writeRate=0', /writeRate must be a positive number/],
      ['connect://AKID:secret@inst-1?region=eu-west-1', /credentials do not belong in a connect:\/\/ URL/],
    ] as const) {
      const r = connectDriver.identity(url, { env: {}, cwd: '/' });
      expect(r.ok ? 'ok' : r.reason).toMatch(reason);
    }
  });

  it('applies 1,000 user changes through injected 429s within every operation\'s quota', async () => {
    const clock = simClock();
    const state = smallState(999);
    let throttledSent = 0;
    const fake = await serve(
      {
        instanceId: INSTANCE,
        clock,
        // Every 6th request is refused with 429, reads and writes alike.
        throttle: (_op, n) => {
          const yes = n % 6 === 5;
          if (yes) throttledSent += 1;
          return yes;
        },
      },
      seedData(state),
    );
    const target = createConnectTarget({ client: client(fake.endpoint), instanceId: INSTANCE, clock, stampClock: true, readBack: { timeoutMs: 60_000, intervalMs: 2_000 } });
    const before = await target.read();
    const changes: Change[] = before.state.users.map((u): Change => {
      const after: UserState = { ...u, securityProfiles: u.login === 'admin' ? ['Admin', 'Supervisor'] : ['Agent', 'Supervisor'] };
      return { kind: 'user', name: u.login, action: 'update', before: u, after, add: ['Supervisor'], remove: [], fields: ['securityProfiles'] };
    });
    expect(changes).toHaveLength(1000);
    const progress: number[] = [];
    const result = await target.apply(planOf(changes, before.fingerprint), { meta: { actor: 't', gitCommit: null, planHash: 'sha256:x', now: new Date(0) }, progress: (done) => progress.push(done) });
    if (!result.ok) throw new Error(JSON.stringify(result).slice(0, 500));
    expect(result.outcomes.filter((o) => o.status === 'applied')).toHaveLength(1000);
    expect([...fake.data.users.values()].every((u) => u.securityProfileIds.length === 2)).toBe(true);
    // Every request the server saw passed the limiter (it carries its release time) …
    expect(fake.log.filter((r) => !r.stamped)).toEqual([]);
    // … and no operation went faster than its quota, retries of throttled requests included.
    const violations = [...perOperation(fake.log)].map(([op, ts]) => overQuota(ts, op, DEFAULT_LIMITS)).filter((v) => v !== undefined);
    expect(violations).toEqual([]);
    expect(throttledSent).toBeGreaterThan(100);
    expect(target.stats?.().throttled).toBe(throttledSent);
    // 1,000 UpdateUserSecurityProfiles at 2/s after a burst of 5: about 500 s of API time.
    const writes = perOperation(fake.log).get('UpdateUserSecurityProfiles') ?? [];
    expect(writes.length).toBe(1000 + fake.log.filter((r) => r.op === 'UpdateUserSecurityProfiles' && r.status === 429).length);
    expect(clock.now()).toBeGreaterThanOrEqual(((writes.length - 5) / 2) * 1000);
    expect(progress.at(-1)).toBe(1000);
    expect(progress.length).toBeLessThan(1000); // throttled to a few a second
    await target.close();
  });

  it('waits for eventually consistent reads to show its writes before reporting them applied', async () => {
    const clock = simClock();
    const fake = await serve({ instanceId: INSTANCE, clock, visibilityDelayMs: 7_000 }, seedData(smallState(2)));
    const target = createConnectTarget({ client: client(fake.endpoint), instanceId: INSTANCE, clock, readBack: { timeoutMs: 30_000, intervalMs: 2_000 } });
    const before = await target.read();
    const agent = before.state.profiles.find((p) => p.name === 'Agent');
    if (agent === undefined) throw new Error('no Agent');
    const change: Change = { kind: 'profile', name: 'Agent', action: 'update', before: agent, after: { ...agent, permissions: [...agent.permissions, 'ManagerListenIn'].sort() }, add: ['ManagerListenIn'] };
    const started = clock.now();
    const result = await target.apply(planOf([change], before.fingerprint), { meta: { actor: 't', gitCommit: null, planHash: 'sha256:x', now: new Date(0) } });
    expect(result.ok).toBe(true);
    expect(clock.now() - started).toBeGreaterThanOrEqual(7_000);
    // Reading back took several reads of the profiles (and only of them: users were not touched).
    expect(fake.log.filter((r) => r.op === 'ListSecurityProfiles').length).toBeGreaterThanOrEqual(4);
    expect(fake.log.filter((r) => r.op === 'SearchUsers').length).toBe(2);
    await target.close();
  });
});
