// `node bench/connect.ts [--users 50000]` (also run by `npm run bench`): what a plan and a 1%
// apply against a live Amazon Connect instance cost in API calls and in time at the default
// rate limits, measured with the real SDK against the local Connect-like server on a simulated
// clock (the limiter's time, not wall time), beside what a per-resource refresh needs (the
// Terraform AWS provider reads each aws_connect_user / _security_profile / _routing_profile /
// _queue on its own: DescribeUser; DescribeSecurityProfile + ListSecurityProfilePermissions;
// DescribeRoutingProfile + ListRoutingProfileQueues; DescribeQueue), counted from the objects
// the server holds.
import { ConnectClient } from '@aws-sdk/client-connect';
import { parseArgs } from 'node:util';
import type { TargetState, UserState } from '../src/plan/state.ts';
import type { Change } from '../src/plan/types.ts';
import { DEFAULT_LIMITS, quotaFor } from '../src/targets/connect/limiter.ts';
import { createConnectTarget } from '../src/targets/connect/target.ts';
import { startFakeConnect } from '../test/targets/connect/fake-connect.ts';
import type { CallRecord } from '../test/targets/connect/fake-connect.ts';
import { planOf, seedData } from '../test/targets/connect/seed.ts';
import { simClock } from '../test/targets/connect/sim-clock.ts';

const { values: args } = parseArgs({ options: { users: { type: 'string', default: '50000' }, profiles: { type: 'string', default: '500' }, routing: { type: 'string', default: '200' }, queues: { type: 'string', default: '400' } } });
const N = Number(args.users);
const P = Number(args.profiles);
const R = Number(args.routing);
const Q = Number(args.queues);

function instance(): TargetState {
  const queues = Array.from({ length: Q }, (_, i) => ({ name: `Queue-${String(i).padStart(4, '0')}` }));
  const routingProfiles = Array.from({ length: R }, (_, i) => ({ name: `Routing-${String(i).padStart(4, '0')}`, defaultOutboundQueue: queues[i % Q]?.name ?? '', queues: [0, 1, 2].map((k) => ({ queue: queues[(i + k) % Q]?.name ?? '', priority: k + 1, delay: 0 })).sort((a, b) => (a.queue < b.queue ? -1 : 1)) }));
  const profiles = Array.from({ length: P }, (_, i) => ({ name: `Profile-${String(i).padStart(4, '0')}`, permissions: ['BasicAgentAccess', 'OutboundCallAccess', `Users.View`].slice(0, 1 + (i % 3)).sort() }));
  const users: UserState[] = Array.from({ length: N }, (_, i) => ({ login: `user${String(i).padStart(6, '0')}`, name: `User ${i}`, securityProfiles: [profiles[i % P]?.name ?? ''], routingProfile: routingProfiles[i % R]?.name ?? '', hierarchy: `Site-${i % 10}/Team-${i % 100}` }));
  return { profiles, users, routingProfiles, queues, lines: [] };
}

/** Time the limiter needs for `calls` of each operation at its quota (burst spent first). */
function atRate(calls: Readonly<Record<string, number>>): number {
  let longest = 0;
  for (const [op, n] of Object.entries(calls)) {
    const { rate, burst } = quotaFor(op, DEFAULT_LIMITS);
    longest = Math.max(longest, Math.max(0, n - burst) / rate);
  }
  return longest;
}

const count = (log: readonly CallRecord[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of log) out[r.op] = (out[r.op] ?? 0) + 1;
  return out;
};
const total = (c: Readonly<Record<string, number>>): number => Object.values(c).reduce((a, b) => a + b, 0);
const fmt = (s: number): string => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

const clock = simClock();
const state = instance();
const fake = await startFakeConnect({ instanceId: 'bench', clock }, seedData(state));
const client = new ConnectClient({ region: 'eu-west-1', endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' } });
const target = createConnectTarget({ client, instanceId: 'bench', clock, stampClock: true, concurrency: 4 });

const wall0 = performance.now();
const t0 = clock.now();
const snap = await target.read();
const planCalls = count(fake.log);
const planSim = (clock.now() - t0) / 1000;
const planWall = (performance.now() - wall0) / 1000;

// A 1% apply: 1 user in 100 gets a second security profile.
const changes: Change[] = snap.state.users.filter((_, i) => i % 100 === 1).map((u) => ({ kind: 'user', name: u.login, action: 'update', before: u, after: { ...u, securityProfiles: [...new Set([...u.securityProfiles, 'Profile-0000'])].sort() } }));
fake.log.length = 0;
const t1 = clock.now();
const wall1 = performance.now();
const result = await target.apply(planOf(changes, snap.fingerprint), { meta: { actor: 'bench', gitCommit: null, planHash: 'sha256:bench', now: new Date() } });
if (!result.ok) throw new Error(`apply failed: ${JSON.stringify(result).slice(0, 300)}`);
const applyCalls = count(fake.log);
const applySim = (clock.now() - t1) / 1000;
const applyWall = (performance.now() - wall1) / 1000;
await target.close();
await fake.close();

const perResource: Record<string, number> = { DescribeUser: N, DescribeSecurityProfile: P, ListSecurityProfilePermissions: P, DescribeRoutingProfile: R, ListRoutingProfileQueues: R, DescribeQueue: Q };
const rows = [
  ['permctl plan (bulk read)', total(planCalls), fmt(planSim), `SearchUsers ${planCalls.SearchUsers ?? 0}`],
  [`permctl apply, 1% (${changes.length} users) incl. stale check and read-back`, total(applyCalls), fmt(applySim), `UpdateUserSecurityProfiles ${applyCalls.UpdateUserSecurityProfiles ?? 0}`],
  ['per-resource refresh (Terraform-style), at 10/s describe', total(perResource), fmt(atRate(perResource)), `DescribeUser ${N}`],
  ['per-resource refresh at 2/s', total(perResource), fmt(total(perResource) / 2), ''],
];
console.log(`Amazon Connect, ${N} users, ${P} security profiles, ${R} routing profiles, ${Q} queues; default quotas (2/s writes and searches, 10/s list and describe, burst 5)\n`);
console.log(['what', 'API calls', 'time at rate limit', 'largest operation'].join(' | '));
for (const r of rows) console.log(r.join(' | '));
console.log(`\n(simulated clock; the wall time of this run: plan ${planWall.toFixed(1)} s, apply ${applyWall.toFixed(1)} s against the local server)`);
