// permctl import / plan --stats / apply against connect:// end to end, in-process, with the
// real SDK finding the local Connect-like server through AWS_ENDPOINT_URL_CONNECT.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { runCli, tempDir } from '../../helpers.ts';
import type { FakeConnect } from './fake-connect.ts';
import { startFakeConnect } from './fake-connect.ts';
import { fakeConnectHarness } from './cli-harness.ts';
import { seedData, smallState } from './seed.ts';
import { simClock } from './sim-clock.ts';

const URL_ = 'connect://inst-1?region=eu-west-1';
// The same instance (rates are not part of its identity), written to without waiting on the
// default quotas in real time: the rate limit itself is tested on a simulated clock (http.test.ts).
const FAST = `${URL_}&writeRate=1000&burst=100`;
const { dirs, track } = fakeConnectHarness('test-secret-never-printed');
let fake: FakeConnect | undefined;

async function instance(extras: Parameters<typeof seedData>[1] = {}, agents = 3): Promise<FakeConnect> {
  fake = track(await startFakeConnect({ instanceId: 'inst-1', clock: simClock() }, seedData(smallState(agents), extras)));
  process.env.AWS_ENDPOINT_URL_CONNECT = fake.endpoint;
  return fake;
}

const WRITE = (op: string): boolean => !/^(List|Describe|Search)/.test(op);

describe('permctl against connect://', () => {
  it('imports an instance into a repository that plans as no changes, sending no write; --stats counts the calls; what permctl does not model is shown', async () => {
    const f = await instance({ profiles: { Agent: { tags: { team: 'blue' } } } });
    const dir = tempDir('permctl-connect-import-');
    dirs.push(dir);
    const imported = await runCli(['import', '--target', URL_, '--out', dir]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(readFileSync(join(dir, 'permctl.yaml'), 'utf8')).toContain(`target: ${URL_}`);
    const plan = await runCli(['plan', dir, '--stats', '--detailed-exitcode']);
    expect(plan.stderr).toMatch(/^API calls: \d+ \(.*SearchUsers 1.*\); throttled and retried: 0$/m);
    expect(plan.stdout).toContain('No changes');
    expect(plan.stderr).toContain('info PC620: profile "Agent": tags kept as it is (permctl does not model it): {"team":"blue"}');
    expect(plan.code).toBe(0);
    expect(f.log.filter((r) => WRITE(r.op))).toEqual([]);
    // No secret anywhere in what permctl printed or wrote.
    expect(`${imported.stdout}${plan.stdout}${plan.stderr}${readFileSync(join(dir, 'permctl.yaml'), 'utf8')}`).not.toContain('test-secret');
  });

  it('applies a change to the live instance and then plans empty', async () => {
    const f = await instance();
    const dir = tempDir('permctl-connect-apply-');
    dirs.push(dir);
    expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
    const users = join(dir, 'users', 'users.yaml');
    writeFileSafe(users, readFileSync(users, 'utf8').replace(/(login: agent00001\n(?:.*\n)*?\s+securityProfiles:\n\s+- )Agent/, '$1Supervisor'));
    const history = `sqlite:${join(dir, 'history.db')}`;
    const applied = await runCli(['apply', dir, '--auto-approve', '--history', history]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const agent = [...f.data.users.values()].find((u) => u.username === 'agent00001');
    const supervisor = [...f.data.profiles.values()].find((p) => p.name === 'Supervisor');
    expect(agent?.securityProfileIds).toEqual([supervisor?.id]);
    expect((await runCli(['plan', dir, '--detailed-exitcode'])).code).toBe(0);
    const h = await runCli(['history', '--target', URL_, '--history', history]);
    expect(h.stdout).toContain('agent00001');
  });

  it('imports permissions outside the catalog, declared in extraPermissions; the repository validates, plans empty, and an update keeps them', async () => {
    const f = await instance({ profiles: { Agent: { extraPermissions: ['Brand.NewThing'] } } });
    const dir = tempDir('permctl-connect-extra-');
    dirs.push(dir);
    expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'permctl.yaml'), 'utf8')).toMatch(/extraPermissions:\n\s+- Brand\.NewThing/);
    expect(readFileSync(join(dir, 'profiles', 'security-profiles.yaml'), 'utf8')).toContain('Brand.NewThing');
    const validated = await runCli(['validate', dir]);
    expect(validated.code).toBe(0);
    const plan = await runCli(['plan', dir, '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
    // Change something else of the profile: the unknown permission is written back with it.
    const profiles = join(dir, 'profiles', 'security-profiles.yaml');
    writeFileSafe(profiles, readFileSync(profiles, 'utf8').replace('description: Front line', 'description: Front line, EMEA'));
    const applied = await runCli(['apply', dir, '--auto-approve', '--history', `sqlite:${join(dir, 'history.db')}`]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const agent = [...f.data.profiles.values()].find((p) => p.name === 'Agent');
    expect(agent?.description).toBe('Front line, EMEA');
    expect(agent?.permissions).toContain('Brand.NewThing');
  });

  it('a repository that does not declare them keeps them on update and says so', async () => {
    const f = await instance({ profiles: { Agent: { extraPermissions: ['Brand.NewThing'] } } });
    const dir = tempDir('permctl-connect-keep-');
    dirs.push(dir);
    expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
    // Forget the declaration and the permission: the repository no longer models it.
    writeFileSafe(join(dir, 'permctl.yaml'), readFileSync(join(dir, 'permctl.yaml'), 'utf8').replace(/extraPermissions:\n\s+- Brand\.NewThing\n/, ''));
    writeFileSafe(join(dir, 'profiles', 'security-profiles.yaml'), readFileSync(join(dir, 'profiles', 'security-profiles.yaml'), 'utf8').replace(/\s+- Brand\.NewThing/, '').replace('description: Front line', 'description: Front line, EMEA'));
    const plan = await runCli(['plan', dir]);
    expect(plan.stdout).not.toContain('Brand.NewThing');
    expect(plan.stderr).toContain('info PC620: profile "Agent" holds permissions permctl\'s catalog does not know, kept on update: Brand.NewThing');
    expect((await runCli(['apply', dir, '--auto-approve', '--history', `sqlite:${join(dir, 'history.db')}`])).code).toBe(0);
    expect([...f.data.profiles.values()].find((p) => p.name === 'Agent')?.permissions).toContain('Brand.NewThing');
  });

  it('shows a live apply\'s progress on stderr, a line per tenth at most', async () => {
    const f = await instance({}, 40);
    const dir = tempDir('permctl-connect-progress-');
    dirs.push(dir);
    expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
    const users = join(dir, 'users', 'users.yaml');
    writeFileSafe(users, readFileSync(users, 'utf8').replaceAll('- Agent\n', '- Supervisor\n'));
    const applied = await runCli(['apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', FAST, '--history', `sqlite:${join(dir, 'history.db')}`]);
    expect(applied.code).toBe(0);
    const lines = applied.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.at(-1)).toBe('applying: 40 of 40 changes done');
    expect([...f.data.users.values()].filter((u) => u.username.startsWith('agent')).every((u) => u.securityProfileIds.length === 1 && f.data.profiles.get(u.securityProfileIds[0] ?? '')?.name === 'Supervisor')).toBe(true);
  });

  it.each([
    ['--quiet: no progress at all', ['--quiet'], false],
    ['a terminal: the progress line (io.progress), no plain lines', [], true],
  ])('a live apply\'s progress goes through the progress reporter: %s', async (_name, flags, tty) => {
    await instance({}, 40);
    const dir = tempDir('permctl-connect-progress-');
    dirs.push(dir);
    expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
    const users = join(dir, 'users', 'users.yaml');
    writeFileSafe(users, readFileSync(users, 'utf8').replaceAll('- Agent\n', '- Supervisor\n'));
    let stderr = '';
    let stdout = '';
    const drawn: string[] = [];
    const code = await main([...flags, 'apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', FAST, '--history', `sqlite:${join(dir, 'history.db')}`], {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
      color: false,
      env: {},
      cwd: dir,
      ...(tty ? { progress: (t: string) => void drawn.push(t) } : {}),
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Apply complete');
    expect(stderr).toBe('');
    // No plain progress lines in either case (without --quiet on a pipe there are, test above);
    // on a terminal the count goes to the progress line, drawn only after a second (the fake
    // answers faster; tests/progress.test.ts draws it on an injected clock).
    if (!tty) expect(drawn).toEqual([]);
  });

  it('a failure half-way: exit 1 naming what was applied, history records it as partial, the next plan holds only what is left, and applying it finishes', async () => {
    const f = await instance({}, 6);
    const dir = tempDir('permctl-connect-partial-');
    dirs.push(dir);
    expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
    const users = join(dir, 'users', 'users.yaml');
    writeFileSafe(users, readFileSync(users, 'utf8').replaceAll('- Agent\n', '- Supervisor\n'));
    const history = `sqlite:${join(dir, 'history.db')}`;
    const undo = f.failAfter(2); // the third user written fails
    // One change at a time, so what is applied before the failure is exactly the first two.
    const failed = await runCli(['apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', `${FAST}&concurrency=1`, '--history', history]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/error PC612: apply to connect:\/\/inst-1\?region=eu-west-1 failed part-way: 2 applied, 1 failed, 3 skipped/);
    expect(failed.stdout).toContain('Recorded as history #1 (partial).');
    const onSupervisor = (): number => [...f.data.users.values()].filter((u) => f.data.profiles.get(u.securityProfileIds[0] ?? '')?.name === 'Supervisor').length;
    expect(onSupervisor()).toBe(2);
    undo();
    const left = await runCli(['plan', dir, '--allow-mass-revoke']);
    expect(left.stdout).toContain('Plan: 0 to create, 4 to update, 0 to delete.');
    expect((await runCli(['apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', FAST, '--history', history])).code).toBe(0);
    expect(onSupervisor()).toBe(6);
    expect((await runCli(['plan', dir, '--detailed-exitcode'])).code).toBe(0);
    const h = await runCli(['history', '--target', URL_, '--history', history]);
    expect(h.stdout).toContain('#1  ');
    const first = h.stdout.slice(h.stdout.indexOf('#1  '));
    expect(first).toContain('    partial: 2 applied, 1 failed, 3 not applied\n');
    expect(first).toContain('    ~ user "agent00001"\n');
    expect(first).toContain('    ~ user "agent00002"  failed: "InjectedFailure: injected failure for UpdateUserSecurityProfiles"\n');
    expect(first).toContain('    ~ user "agent00003"  not attempted\n');
    expect(h.stdout.slice(0, h.stdout.indexOf('#1  '))).not.toMatch(/partial|failed|not attempted/);
  });

  it('says what is wrong with a connect:// URL in one line', async () => {
    const r = await runCli(['import', '--target', 'connect://inst-1?region=mars', '--out', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"mars" is not an AWS region');
  });
});

function writeFileSafe(path: string, text: string): void {
  // The edit must have happened, or the test would prove nothing.
  if (readFileSync(path, 'utf8') === text) throw new Error(`no edit made to ${path}`);
  rmSync(path);
  writeFileSync(path, text);
}
import { writeFileSync } from 'node:fs';
