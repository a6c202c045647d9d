// permctl against the local VCC-like server, through the CLI: the acme example planned against
// vcc://emea (what the target does not hold said once, only line-permission changes), a
// repository line the account lacks, and a repository with two targets (SQLite and VCC: t10's
// connect: target is not on main yet, so SQLite stands in for the second target): one section
// per target, apply converges both, the next plan is empty; a failure stops at its target.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectGolden } from './golden.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';
import type { FakeVcc } from './vcc/server.ts';
import { CLIENT_ID, CLIENT_SECRET, startFakeVcc } from './vcc/server.ts';

let vcc: FakeVcc;
let repo: string;

beforeEach(async () => {
  repo = join(tempDir('permctl-vcc-cli-'), 'repo');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
  vcc = await startFakeVcc({
    users: [
      { userId: 'u-1', username: 'ANA@example.com', addressIds: ['442079460000'] },
      { userId: 'u-2', username: 'ben@example.com', addressIds: [] },
      { userId: 'u-3', username: 'chloe@example.com', addressIds: ['442079460000', '15550000000'] },
      { userId: 'u-4', username: 'dan@example.com', addressIds: [] },
      { userId: 'u-5', username: 'eve@example.com', addressIds: ['34910000000'] },
    ],
    addresses: [{ addressId: '442079460000', addressName: 'UK support' }, { addressId: '34910000000' }, { addressId: '15550000000' }],
  });
});
afterEach(async () => {
  await vcc.close();
});

const env = (): Record<string, string> => ({ PERMCTL_VCC_API_URL: vcc.apiUrl, PERMCTL_VCC_TOKEN_URL: vcc.tokenUrl, PERMCTL_VCC_CLIENT_ID: CLIENT_ID, PERMCTL_VCC_CLIENT_SECRET: CLIENT_SECRET, PERMCTL_VCC_MAX_RPS: '1000', PERMCTL_ACTOR: 'ci-bot' });
const cli = (...args: string[]) => runCli(args, { cwd: repo, env: env() });
const normalise = (text: string): string => text.replaceAll(repo, '<REPO>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<TIME>').replace(/sha256:[0-9a-f]{64}/g, 'sha256:<HASH>');
const config = (targets: string): void => {
  const path = join(repo, 'permctl.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('target: sqlite:.permctl/acme-prod.db\n', targets));
};

describe('plan against vcc:// on the acme example', () => {
  it('says once what the target does not hold and shows only line-permission changes', async () => {
    const r = await cli('plan', '--target', 'vcc://emea', '--detailed-exitcode');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    expect(r.stdout.match(/holds only part of the policy/g)).toHaveLength(1);
    expect(r.stdout).not.toContain(CLIENT_SECRET);
    expectGolden('plan-acme-vcc.txt', normalise(r.stdout));
    const json = await cli('plan', '--target', 'vcc://emea', '--format', 'json');
    const plan = JSON.parse(json.stdout) as { target: string; changes: { kind: string; action: string; fields?: string[] }[] };
    expect(plan.target).toBe('vcc://emea');
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${(c.fields ?? []).join(',')}`)).toEqual(['update user recordings']);
    expect(json.stdout).not.toContain(CLIENT_SECRET);
  });

  it('applies, keeps the unmanaged line, and the next plan is empty', async () => {
    const applied = await cli('apply', '.', '--auto-approve', '--target', 'vcc://emea', '--history', 'sqlite:history.db');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(vcc.users.find((u) => u.userId === 'u-3')?.addressIds.sort()).toEqual(['15550000000', '34910000000', '442079460000']);
    expect((await cli('plan', '--target', 'vcc://emea', '--detailed-exitcode')).code).toBe(0);
    const history = await cli('history', '--target', 'vcc://emea', '--history', 'sqlite:history.db');
    expect(history.stdout).toContain('chloe@example.com');
  });

  it('a repository line the account lacks is an error at the line', async () => {
    vcc.addresses.splice(1, 1); // the account loses +34910000000 (sales-es)
    const r = await cli('plan', '--target', 'vcc://emea');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lines\.yaml:\d+:\d+: error PC630: line "sales-es" \(\+34910000000\) is not in the account of vcc:\/\/emea/m);
  });

  it('import writes the account\'s line permissions into the repository; the next plan is empty', async () => {
    const r = await cli('import', '--target', 'vcc://emea', '--out', '.');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported the line permissions of 1 user(s) from vcc://emea into . (1 file(s) changed).');
    expect(r.stderr).toContain('warning PC633: line +15550000000 of vcc://emea is not in the repository; not imported for chloe@example.com');
    expect(readFileSync(join(repo, 'users/emea.yaml'), 'utf8')).toContain('Chloé Martin'); // the rest of the file kept
    expect((await cli('plan', '--target', 'vcc://emea', '--detailed-exitcode')).code).toBe(0);
    const empty = await runCli(['import', '--target', 'vcc://emea', '--out', tempDir('permctl-vcc-none-')], { cwd: repo, env: env() });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("vcc://emea holds only users' line permissions: import them into an existing policy repository");
  });

  it('missing credentials are a plain error, never a stack trace', async () => {
    const r = await runCli(['plan', '--target', 'vcc://emea'], { cwd: repo, env: {} });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('set PERMCTL_VCC_CLIENT_ID and PERMCTL_VCC_CLIENT_SECRET');
  });
});

describe('a repository with two targets', () => {
  const TWO = 'targets:\n  - url: sqlite:.permctl/acme-prod.db\n  - url: vcc://emea\n    history: sqlite:.permctl/history.db\n';

  it('plans one section per target, applies both, and the next plan is empty', async () => {
    config(TWO);
    const first = await cli('plan', '--detailed-exitcode', '--out', 'plan.json');
    expect(first.code).toBe(2);
    expect(first.stdout.match(/^permctl plan: acme-prod → /gm)).toHaveLength(2);
    expect(first.stdout.indexOf('→ sqlite:')).toBeLessThan(first.stdout.indexOf('→ vcc://emea'));
    expectGolden('plan-two-targets.txt', normalise(first.stdout));
    const md = await cli('plan', '--format', 'markdown');
    expect(md.stdout.match(/### permctl plan/g)).toHaveLength(2);
    const saved = JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8')) as { format_version: string; plans: { target: string }[] };
    expect([saved.format_version, saved.plans.map((p) => p.target.replace(repo, '<REPO>'))]).toEqual(['1.1', ['sqlite:<REPO>/.permctl/acme-prod.db', 'vcc://emea']]);
    const applied = await cli('apply', 'plan.json');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout.match(/Apply complete/g)).toHaveLength(2);
    const again = await cli('plan', '--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^No changes/gm)).toHaveLength(2); // the VCC section: "No changes to apply, but … unmanaged"
  });

  it('stops at the first target that fails: the targets after it are not applied', async () => {
    config('targets:\n  - url: vcc://emea\n    history: sqlite:.permctl/history.db\n  - url: sqlite:.permctl/acme-prod.db\n');
    vcc.faults.push({ method: 'PUT', path: '/permissions/addresses', status: 500, retryAfter: '0', times: 100 });
    const r = await cli('apply', '.', '--auto-approve');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error PC612');
    expect(r.stderr).toContain('error PC637: vcc://emea: its apply did not complete; the targets after it (sqlite:');
    expect(existsSync(join(repo, '.permctl/acme-prod.db'))).toBe(false);
  });

  it('a plan set is refused with --target, which names one target', async () => {
    config(TWO);
    await cli('plan', '--out', 'plan.json');
    const r = await cli('apply', 'plan.json', '--target', 'vcc://emea');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('this plan file is for 2 targets');
  });
});
