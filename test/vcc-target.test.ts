// The vcc: target's real HTTP client against a local VCC-like server (test/vcc/server.ts):
// token flow, paging, PUT replacing the list, 401 refresh, 429 with Retry-After, a 500 in the
// middle of an apply and the resume, stale plans, and what the driver refuses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { makePlan } from '../src/plan/index.ts';
import type { Plan } from '../src/plan/index.ts';
import type { TargetState, UserState } from '../src/plan/state.ts';
import type { Target } from '../src/targets/contract.ts';
import { bindVcc } from '../src/targets/vcc/bind.ts';
import { vccDriver } from '../src/targets/vcc/driver.ts';
import { createVccTarget } from '../src/targets/vcc/index.ts';
import type { FakeUser, FakeVcc } from './vcc/server.ts';
import { CLIENT_ID, CLIENT_SECRET, startFakeVcc } from './vcc/server.ts';

const catalog = loadBuiltin().catalog;
const META = { actor: 'ci-bot', gitCommit: null, planHash: 'sha256:x', now: new Date('2026-01-01T00:00:00Z') };

let vcc: FakeVcc;
let sleeps: number[];
let clock: number;

const ADDRESSES = [
  { addressId: '442079460000', addressName: 'UK support' },
  { addressId: '34910000000', addressName: 'ES sales' },
  { addressId: '15550000000', addressName: 'US, not in the repository' },
];

function fakeUsers(n: number): FakeUser[] {
  return Array.from({ length: n }, (_, i) => ({ userId: `u-${String(i).padStart(3, '0')}`, username: `User${i}@Example.com`, addressIds: i === 0 ? ['15550000000'] : [] }));
}

beforeEach(async () => {
  vcc = await startFakeVcc({ users: fakeUsers(12), addresses: ADDRESSES.map((a) => ({ ...a })) });
  sleeps = [];
  clock = 1_000_000;
});
afterEach(async () => {
  await vcc.close();
});

function target(limits: Record<string, number> = {}, secret = CLIENT_SECRET): Target {
  return createVccTarget({
    identity: 'vcc://emea',
    fetch: (input, init) => fetch(input, init),
    apiUrl: vcc.apiUrl,
    tokenUrl: vcc.tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: secret,
    write: true,
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    limits: { pageSize: 5, minIntervalMs: 0, backoffMs: 100, ...limits },
  });
}

/** The repository side: lines by id with numbers; users lower-cased, some with lines. */
function desired(lines: Record<string, string[]>): TargetState {
  const rec = (l: string[]) => ({ role: 'normal' as const, viewCallRecordings: true, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: l });
  return {
    profiles: [{ name: 'Admin', permissions: ['SecurityProfiles.Edit', 'Users.EditPermission'] }, { name: 'Agent', permissions: ['BasicAgentAccess'] }],
    users: Object.entries(lines).map(([login, l]) => ({ login, securityProfiles: [login === 'user1@example.com' ? 'Admin' : 'Agent'], recordings: rec(l) })).sort((a, b) => (a.login < b.login ? -1 : 1)),
    routingProfiles: [],
    queues: [],
    lines: [
      { id: 'sales-es', number: '+34 910 000 000' },
      { id: 'support-uk', number: '+442079460000' },
    ],
  };
}

async function planFor(t: Target, want: TargetState): Promise<{ plan: Plan; codes: string[] }> {
  const snap = await t.read();
  const bound = bindVcc({ desired: want, current: snap.state, target: t.identity });
  const { plan, diagnostics } = makePlan(bound.desired, { state: bound.current, fingerprint: snap.fingerprint }, {
    target: t.identity, now: META.now, gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true,
    capabilities: t.capabilities, catalog, policyFingerprint: 'sha256:p',
  });
  return { plan, codes: [...bound.diagnostics, ...diagnostics].map((d) => d.code) };
}

const WANT = { 'user1@example.com': ['support-uk'], 'user2@example.com': ['support-uk', 'sales-es'], 'user3@example.com': ['sales-es'] };

describe('vcc: reading', () => {
  it('gets one users:read-or-write token with the client credentials and reuses it', async () => {
    await target().read();
    expect(vcc.tokenRequests).toHaveLength(1);
    const form = vcc.tokenRequests[0];
    expect([form?.get('grant_type'), form?.get('client_id'), form?.get('scope')]).toEqual(['client_credentials', CLIENT_ID, 'users:write']);
  });

  it('pages users (largest page) and each user\'s permissions; keys lines by E.164 number', async () => {
    const snap = await target().read();
    expect(vcc.log.filter((l) => l.startsWith('GET /useradmin/users?'))).toEqual(['GET /useradmin/users?include=Active&page=1&limit=5', 'GET /useradmin/users?include=Active&page=2&limit=5', 'GET /useradmin/users?include=Active&page=3&limit=5']);
    expect(snap.state.users).toHaveLength(12);
    expect(snap.state.lines.map((l) => l.id)).toEqual(['+15550000000', '+34910000000', '+442079460000']);
    expect(snap.state.users.find((u) => u.login === 'User0@Example.com')?.recordings?.lines).toEqual(['+15550000000']);
    expect(snap.exists).toBe(true);
    expect((await target({ pageSize: 5000 }).read()).fingerprint).toBe(snap.fingerprint);
  });

  it('renews the token once on 401 and goes on', async () => {
    const t = target();
    await t.read();
    vcc.revokeTokens();
    await t.read();
    expect(vcc.tokenRequests).toHaveLength(2);
  });

  it('renews the token only once: a second 401 is an error', async () => {
    vcc.faults.push({ method: 'GET', path: '/addresses', status: 401, times: 2 });
    await expect(target().read()).rejects.toThrow('GET /addresses answered 401');
    expect(vcc.tokenRequests).toHaveLength(2);
  });

  it('renews the token when it is about to expire, without a 401', async () => {
    const t = target();
    await t.read();
    clock += 7200_000;
    await t.read();
    expect(vcc.tokenRequests).toHaveLength(2);
    expect(vcc.log.filter((l) => l.startsWith('GET') && l.includes('page=1&limit=5')).length).toBeGreaterThan(0);
  });

  it.each([
    ['a list without its field', { method: 'GET', path: '/addresses', status: 200, times: 1 }, 'GET /addresses answered without a "addresses" list'],
    ['a 404', { method: 'GET', path: '/users', status: 404, times: 1 }, 'GET /users answered 404'],
  ])('refuses %s with a plain reason', async (_name, fault, reason) => {
    vcc.faults.push(fault);
    await expect(target().read()).rejects.toThrow(reason);
  });

  it('spaces requests by the rate limit', async () => {
    await target({ minIntervalMs: 100, concurrency: 1 }).read();
    expect(sleeps).toEqual(Array.from({ length: vcc.log.length - 1 }, () => 100));
  });

  it('waits as Retry-After says on 429, then retries', async () => {
    vcc.faults.push({ method: 'GET', path: '/addresses', status: 429, retryAfter: '7', times: 1 });
    const t = target();
    await t.read();
    expect(sleeps).toEqual([7000]);
    expect(t.stats?.().throttled).toBe(1);
  });

  it('backs off exponentially on 5xx without Retry-After, and gives up after maxRetries', async () => {
    vcc.faults.push({ method: 'GET', path: '/addresses', status: 503, times: 10 });
    await expect(target({ maxRetries: 3 }).read()).rejects.toThrow('GET /addresses answered 503');
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('never shows the client secret or the token in an error', async () => {
    const err = await target({}, 'wrong-secret').read().then(() => '', (e: unknown) => (e as Error).message);
    expect(err).toContain('check PERMCTL_VCC_CLIENT_ID and PERMCTL_VCC_CLIENT_SECRET');
    expect(err).not.toContain('wrong-secret');
    vcc.faults.push({ method: 'GET', path: '/users', status: 403, times: 1 });
    const denied = await target().read().then(() => '', (e: unknown) => (e as Error).message);
    expect(denied).toMatch(/403/);
    expect(denied).not.toMatch(/tok-\d|s3cr3t/);
  });
});

describe('vcc: planning and applying', () => {
  it('plans only line permissions, users matched case-insensitively, unmanaged lines kept', async () => {
    const { plan, codes } = await planFor(target(), { ...desired(WANT), users: [...desired(WANT).users, { login: 'ghost@example.com', securityProfiles: ['Agent'] }] });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify((c.after as UserState).recordings?.lines)}`)).toEqual([
      'update user user1@example.com ["+442079460000"]',
      'update user user2@example.com ["+34910000000","+442079460000"]',
      'update user user3@example.com ["+34910000000"]',
    ]);
    // Said once: what is not held (profiles, and of users all but their lines); ghost is a
    // finding, not a create; no safety finding (the target holds no profiles).
    expect(codes).toEqual(['PC604', 'PC609']);
    expect(plan.unmanaged.filter((u) => u.kind === 'line')).toEqual([{ kind: 'line', name: '+15550000000' }]);
  });

  it('a repository line the account lacks is an error located at the line', async () => {
    const want = desired(WANT);
    const snap = await target().read();
    const bound = bindVcc({ desired: { ...want, lines: [...want.lines, { id: 'fr-support', number: '+33100000000' }] }, current: snap.state, target: 'vcc://emea', lineOrigins: new Map([['fr-support', { file: 'lines.yaml', doc: 0, path: ['lines', 2] }]]) });
    expect(bound.diagnostics.filter((d) => d.severity === 'error')).toEqual([{ code: 'PC630', severity: 'error', file: 'lines.yaml', doc: 0, path: ['lines', 2], args: { target: 'vcc://emea', line: 'fr-support', number: '+33100000000' } }]);
  });

  it('applies one PUT per changed user with the full list, reads it back, and the next plan is empty', async () => {
    const t = target();
    const { plan } = await planFor(t, desired(WANT));
    const result = await t.apply(plan, { meta: META });
    expect(result).toMatchObject({ ok: true, outcomes: plan.changes.map((c) => ({ name: c.name, status: 'applied' })) });
    expect(vcc.log.filter((l) => l.startsWith('PUT'))).toEqual(['PUT /useradmin/users/u-001/permissions/addresses', 'PUT /useradmin/users/u-002/permissions/addresses', 'PUT /useradmin/users/u-003/permissions/addresses']);
    expect(vcc.users[2]?.addressIds).toEqual(['34910000000', '442079460000']);
    if (result.ok) expect(result.fingerprint).toBe((await t.read()).fingerprint);
    expect((await planFor(t, desired(WANT))).plan.changes).toEqual([]);
  });

  it('a 500 in the middle of an apply: exact outcomes, and the next plan holds only the rest', async () => {
    const t = target({ maxRetries: 2 });
    const { plan } = await planFor(t, desired(WANT));
    vcc.faults.push({ method: 'PUT', path: '/users/u-002/', status: 500, times: 3 });
    const result = await t.apply(plan, { meta: META });
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== 'failed') throw new Error('expected a failure');
    expect(result.outcomes.map((o) => `${o.name} ${o.status}`)).toEqual(['user1@example.com applied', 'user2@example.com failed', 'user3@example.com skipped']);
    expect(result.outcomes[1]?.error).toMatch(/answered 500/);
    const again = await planFor(t, desired(WANT));
    expect(again.plan.changes.map((c) => c.name)).toEqual(['user2@example.com', 'user3@example.com']);
    expect((await t.apply(again.plan, { meta: META })).ok).toBe(true);
    expect((await planFor(t, desired(WANT))).plan.changes).toEqual([]);
  });

  it('refuses a plan made before the account changed', async () => {
    const t = target();
    const { plan } = await planFor(t, desired(WANT));
    (vcc.users[5] as FakeUser).addressIds = ['34910000000'];
    expect(await t.apply(plan, { meta: META })).toMatchObject({ ok: false, reason: 'stale' });
    expect(vcc.log.some((l) => l.startsWith('PUT'))).toBe(false);
  });

  it('removes a managed user\'s repository lines but keeps their lines on unmanaged addresses', async () => {
    const t = target();
    (vcc.users[0] as FakeUser).addressIds = ['15550000000', '442079460000'];
    const { plan } = await planFor(t, desired({ 'user0@example.com': [] }));
    expect(plan.changes.map((c) => (c.after as UserState).recordings?.lines)).toEqual([['+15550000000']]);
    await t.apply(plan, { meta: META });
    expect(vcc.users[0]?.addressIds).toEqual(['15550000000']);
  });
});

describe('vcc: driver', () => {
  const env = (e: Record<string, string>) => ({ env: e, cwd: '/' });
  const creds = { PERMCTL_VCC_CLIENT_ID: 'id', PERMCTL_VCC_CLIENT_SECRET: 'secret' };
  it.each([
    ['vcc://EMEA', creds, 'vcc://emea', undefined],
    ['vcc://', creds, undefined, 'give a region'],
    ['vcc://mars', creds, undefined, 'unknown region "mars"'],
    ['vcc://nam', {}, undefined, 'set PERMCTL_VCC_CLIENT_ID and PERMCTL_VCC_CLIENT_SECRET'],
    ['vcc://apac', { ...creds, PERMCTL_VCC_API_URL: 'file:///etc' }, undefined, 'PERMCTL_VCC_API_URL is not an http(s) URL'],
    ['vcc://nam', { ...creds, PERMCTL_VCC_MAX_RPS: 'fast' }, undefined, 'PERMCTL_VCC_MAX_RPS must be a number'],
    ['vcc://nam', { ...creds, PERMCTL_VCC_MAX_RPS: '25' }, 'vcc://nam', undefined],
  ])('%s', async (url, e, identity, reason) => {
    const opened = await vccDriver.open(url, env(e), { create: false });
    if (identity !== undefined) expect(opened.ok && opened.target.identity).toBe(identity);
    else expect(!opened.ok && opened.diagnostic.code === 'PC606' ? opened.diagnostic.args.reason : '').toContain(reason);
    expect(JSON.stringify(opened.ok ? opened.target.identity : opened.diagnostic)).not.toContain('secret');
  });
});
