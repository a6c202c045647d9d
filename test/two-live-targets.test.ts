// Issue 11's "done when": a repository with two live targets, a Connect-like and a VCC-like
// local endpoint, through the real CLI (bin/permctl.js in a child process, so the AWS SDK and
// the VCC client read their settings from the environment as in production). `plan` shows one
// section per target; `plan --out` + `apply` converges both; the next plan is empty. And when
// VCC fails mid-apply (a 500 that persists): exit 1 with exact outcomes, Connect's section
// applied, and the next plan shows only what is left.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TargetState } from '../src/plan/state.ts';
import { expectGolden } from './golden.ts';
import type { CliResult } from './helpers.ts';
import { BIN, ROOT, tempDir } from './helpers.ts';
import type { FakeConnect } from './targets/connect/fake-connect.ts';
import { startFakeConnect } from './targets/connect/fake-connect.ts';
import { seedData } from './targets/connect/seed.ts';
import { simClock } from './targets/connect/sim-clock.ts';
import type { FakeVcc } from './vcc/server.ts';
import { CLIENT_ID, CLIENT_SECRET, startFakeVcc } from './vcc/server.ts';

const CONNECT = 'connect://inst-1?region=us-east-1';
const VCC = 'vcc://emea';
const AWS_SECRET = 'aws-secret-never-printed';

let connect: FakeConnect;
let vcc: FakeVcc;
let dir: string;
let repo: string;

// Connect already has the same four users (with drift: ana lacks her supervisor profile, her
// routing profile and her place in the hierarchy), the queues (permctl does not create queues
// there), the Basic routing profile, the instance's own Admin and Agent (kept as they are: the
// repository does not define them) and a Compliance profile short of one permission; the plan
// creates the rest.
const connectSeed: TargetState = {
  profiles: [
    { name: 'Admin', permissions: ['SecurityProfiles.Edit', 'SecurityProfiles.View', 'Users.Edit', 'Users.EditPermission', 'Users.View'] },
    { name: 'Agent', permissions: ['BasicAgentAccess', 'OutboundCallAccess'] },
    { name: 'Compliance', description: 'Compliance officers who review unredacted recordings', permissions: ['ListenCallRecordings'] },
  ],
  users: [
    { login: 'ana@example.com', name: 'Ana Ruiz', securityProfiles: ['Agent'], routingProfile: 'Basic' },
    { login: 'ben@example.com', name: 'Ben Okafor', securityProfiles: ['Agent'], routingProfile: 'Basic', hierarchy: 'EMEA/London/Team-1' },
    { login: 'chloe@example.com', name: 'Chloé Martin', securityProfiles: ['Compliance'], routingProfile: 'Basic' },
    { login: 'dan@example.com', name: 'Dan Admin', securityProfiles: ['Admin'], routingProfile: 'Basic' },
  ],
  routingProfiles: [{ name: 'Basic', defaultOutboundQueue: 'Basic Support', queues: [{ queue: 'Basic Support', priority: 1, delay: 0 }] }],
  queues: [{ name: 'Basic Support' }, { name: 'Premium Support 1' }, { name: 'Premium Support 3' }],
  lines: [],
};

beforeEach(async () => {
  dir = tempDir('permctl-two-live-');
  repo = join(dir, 'repo');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
  const path = join(repo, 'permctl.yaml');
  const targets = `targets:\n  - url: ${CONNECT}\n    history: sqlite:${join(dir, 'connect-history.db')}\n  - url: ${VCC}\n    history: sqlite:${join(dir, 'vcc-history.db')}\n`;
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('target: sqlite:.permctl/acme-prod.db\n', targets));
  if (readFileSync(path, 'utf8') === text) throw new Error('permctl.yaml not edited');
  connect = await startFakeConnect({ instanceId: 'inst-1', clock: simClock() }, seedData(connectSeed));
  // The same users in VCC; the account's addresses are the repository's line numbers.
  vcc = await startFakeVcc({
    users: [
      { userId: 'u-1', username: 'ana@example.com', addressIds: [] },
      { userId: 'u-2', username: 'ben@example.com', addressIds: [] },
      { userId: 'u-3', username: 'chloe@example.com', addressIds: [] },
      { userId: 'u-4', username: 'dan@example.com', addressIds: [] },
    ],
    addresses: [{ addressId: '442079460000', addressName: 'UK support' }, { addressId: '34910000000' }],
  });
});
afterEach(async () => {
  await connect.close();
  await vcc.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: AWS_SECRET,
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_CONNECT: connect.endpoint,
  AWS_EC2_METADATA_DISABLED: 'true',
  PERMCTL_VCC_API_URL: vcc.apiUrl,
  PERMCTL_VCC_TOKEN_URL: vcc.tokenUrl,
  PERMCTL_VCC_CLIENT_ID: CLIENT_ID,
  PERMCTL_VCC_CLIENT_SECRET: CLIENT_SECRET,
  PERMCTL_VCC_MAX_RPS: '1000',
  PERMCTL_ACTOR: 'ci-bot',
});

/** bin/permctl.js in a child process; asynchronous, so the fakes in this process can answer. */
function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const out = `${stdout}${stderr}`;
      if (out.includes(AWS_SECRET) || out.includes(CLIENT_SECRET)) reject(new Error(`a secret was printed by permctl ${args.join(' ')}`));
      else resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const normalise = (text: string): string => text.replaceAll(dir, '<DIR>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<TIME>').replace(/sha256:[0-9a-f]{64}/g, 'sha256:<HASH>');

/** What `permctl history` lists for a target from its own store. */
async function history(target: string, store: string): Promise<string> {
  const r = await cli('history', '--target', target, '--history', `sqlite:${join(dir, store)}`);
  expect(r.code).toBe(0);
  return r.stdout;
}

const connectUser = (login: string) => [...connect.data.users.values()].find((u) => u.username === login);
const profileNames = (ids: readonly string[]): string[] => ids.map((id) => connect.data.profiles.get(id)?.name ?? id).sort();
const vccLines = (): Record<string, string[]> => Object.fromEntries(vcc.users.map((u) => [u.username, [...u.addressIds].sort()]));

describe('a repository with a Connect target and a VCC target', () => {
  it('plans both sections, applies the saved plan to both, and the next plan is empty', async () => {
    const first = await cli('plan', '--detailed-exitcode', '--out', 'plan.json');
    expect(first.stderr).toBe('Saved the plan to plan.json. To apply exactly this plan, run: permctl apply plan.json\n');
    expect(first.code).toBe(2);
    expect(first.stdout.match(/^permctl plan: acme-prod → /gm)).toHaveLength(2);
    expect(first.stdout.indexOf(`→ ${CONNECT}`)).toBeLessThan(first.stdout.indexOf(`→ ${VCC}`));
    expectGolden('plan-connect-vcc.txt', normalise(first.stdout));
    const saved = JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8')) as { format_version: string; plans: { target: string }[] };
    expect([saved.format_version, saved.plans.map((p) => p.target)]).toEqual(['1.1', [CONNECT, VCC]]);

    const applied = await cli('apply', 'plan.json');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout.match(/Apply complete/g)).toHaveLength(2);
    // Both converged.
    expect(profileNames(connectUser('ana@example.com')?.securityProfileIds ?? [])).toEqual(['Agent', 'SupervisorEMEA']);
    expect(connectUser('ana@example.com')?.hierarchyGroupId).toBeDefined();
    expect([...connect.data.profiles.values()].find((p) => p.name === 'Compliance')?.permissions.sort()).toEqual(['ContactSearch.View', 'ListenCallRecordings']);
    expect(vccLines()).toEqual({ 'ana@example.com': ['442079460000'], 'ben@example.com': [], 'chloe@example.com': ['34910000000', '442079460000'], 'dan@example.com': [] });
    // Each target's history store recorded its own apply.
    expect(await history(CONNECT, 'connect-history.db')).toContain('ana@example.com');
    expect(await history(VCC, 'vcc-history.db')).toContain('chloe@example.com');
    expect(await history(VCC, 'vcc-history.db')).not.toContain('dan@example.com');

    const again = await cli('plan', '--detailed-exitcode');
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^No changes/gm)).toHaveLength(2);
  });

  it('VCC failing mid-apply: exit 1 with exact outcomes, Connect applied, the next plan shows only what is left', async () => {
    // chloe's PUT answers 500 every time (the client retries, then gives up); ana's goes through.
    vcc.faults.push({ method: 'PUT', path: '/users/u-3/permissions/addresses', status: 500, retryAfter: '0', times: 1_000 });
    const applied = await cli('apply', '.', '--auto-approve');
    expect(applied.code).toBe(1);
    expectGolden('apply-connect-vcc-partial.txt', normalise(`${applied.stdout}\n--- stderr\n${applied.stderr}`));
    expect(profileNames(connectUser('ana@example.com')?.securityProfileIds ?? [])).toEqual(['Agent', 'SupervisorEMEA']);
    expect(vccLines()).toEqual({ 'ana@example.com': ['442079460000'], 'ben@example.com': [], 'chloe@example.com': [], 'dan@example.com': [] });
    expect(await history(VCC, 'vcc-history.db')).toContain('ana@example.com');
    expect(await history(CONNECT, 'connect-history.db')).toContain('ana@example.com');

    const left = await cli('plan', '--detailed-exitcode');
    expect(left.code).toBe(2);
    expectGolden('plan-connect-vcc-left.txt', normalise(left.stdout));

    // The fault cleared, apply finishes the rest and the plan after it is empty.
    vcc.faults.splice(0);
    const rest = await cli('apply', '.', '--auto-approve');
    expect(rest.stderr).toBe('');
    expect(rest.code).toBe(0);
    expect(vccLines()['chloe@example.com']).toEqual(['34910000000', '442079460000']);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a target that cannot be planned is named: its errors, PC638, exit 1, a failed plan file that applies nothing', async () => {
    // The instance's own Admin (kept as it is) loses its powers: no administrator is left there.
    const admin = [...connect.data.profiles.values()].find((p) => p.name === 'Admin');
    if (admin === undefined) throw new Error('no Admin profile in the seed');
    admin.permissions = ['Users.View'];
    const r = await cli('plan', '--out', 'plan.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'permctl: error PC601: this plan leaves no user holding Admin (or both Users.EditPermission and SecurityProfiles.Edit); keep at least one administrator',
      `permctl: error PC638: ${CONNECT} could not be planned (its errors: PC601); no target of this repository is planned until every one is; fix those errors, or plan one target with --target`,
      '',
    ].join('\n'));
    // The plan file records the failure (for the pull-request comment) and applies nothing.
    const failed = JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8')) as { changes: unknown[]; findings: { code: string }[] };
    expect([failed.changes, failed.findings.map((f) => f.code)]).toEqual([[], ['PC601', 'PC638', 'PC604']]);
    const applied = await cli('apply', 'plan.json');
    expect(applied.code).toBe(1);
    expect(connect.data.profiles.size).toBe(3);
    expect(vccLines()['chloe@example.com']).toEqual([]);
  });
});
