// permctl.yaml `connect.userDefaults`: what CreateUser needs beyond the Users files. A plan that
// would create a user without them stops at planning with PC660 at the first such user; with
// them, apply sends them to CreateUser. Real SDK over HTTP to the local Connect-like server.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers.ts';
import type { FakeConnect } from './fake-connect.ts';
import { startFakeConnect } from './fake-connect.ts';
import { fakeConnectHarness } from './cli-harness.ts';
import { seedData, smallState } from './seed.ts';
import { simClock } from './sim-clock.ts';

const URL_ = 'connect://inst-1?region=eu-west-1';
const { dirs, track } = fakeConnectHarness();

const WRITE = (op: string): boolean => !/^(List|Describe|Search)/.test(op);

/** An imported repository with `logins` added to its Users file (after the file's first line
 *  `users:`), so the plan would create them. */
async function withNewUsers(logins: readonly string[]): Promise<{ dir: string; f: FakeConnect }> {
  const f = await startFakeConnect({ instanceId: 'inst-1', clock: simClock() }, seedData(smallState(2)));
  track(f);
  process.env.AWS_ENDPOINT_URL_CONNECT = f.endpoint;
  const dir = tempDir('permctl-connect-defaults-');
  dirs.push(dir);
  expect((await runCli(['import', '--target', URL_, '--out', dir])).code).toBe(0);
  const users = join(dir, 'users', 'users.yaml');
  const added = logins.map((l) => `  - login: ${l}\n    name: New Starter\n    securityProfiles:\n      - Agent\n    routingProfile: Basic\n`).join('');
  const text = readFileSync(users, 'utf8');
  expect(text).toContain('\nusers:\n');
  writeFileSync(users, text.replace('\nusers:\n', `\nusers:\n${added}`));
  return { dir, f };
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('connect.userDefaults', () => {
  it('a plan that creates a user without them stops with PC660 at that user, sending no write', async () => {
    const { dir, f } = await withNewUsers(['newbie']);
    const plan = await runCli(['plan', dir]);
    expect(plan.code).toBe(1);
    const line = lineOf(readFileSync(join(dir, 'users', 'users.yaml'), 'utf8'), '- login: newbie');
    expect(plan.stderr).toContain(`users/users.yaml:${line}:5: error PC660: user "newbie" is not in ${URL_}, and creating a user there needs the phone settings Amazon Connect requires, which permctl.yaml does not give`);
    expect(plan.stderr).toContain('; add to permctl.yaml `connect: { userDefaults: { phoneType: SOFT_PHONE } }`');
    const applied = await runCli(['apply', dir, '--auto-approve', '--history', `sqlite:${join(dir, 'history.db')}`]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('error PC660');
    expect(f.log.filter((r) => WRITE(r.op))).toEqual([]);
  });

  it('several creates: one error, at the first, with the count', async () => {
    const { dir } = await withNewUsers(['newbie', 'newbie2', 'newbie3']);
    const plan = await runCli(['plan', dir]);
    expect(plan.code).toBe(1);
    expect(plan.stderr.match(/PC660/g)).toHaveLength(1);
    expect(plan.stderr).toContain('error PC660: 3 users (the first: "newbie") are not in');
  });

  it('a plan that creates no user needs none', async () => {
    const { dir } = await withNewUsers([]);
    expect((await runCli(['plan', dir, '--detailed-exitcode'])).code).toBe(0);
  });

  it('apply sends them to CreateUser: phone type, desk number, auto-accept, after-contact work, email', async () => {
    const { dir, f } = await withNewUsers(['newbie', 'ann@example.org']);
    const config = join(dir, 'permctl.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}connect:\n  userDefaults:\n    phoneType: DESK_PHONE\n    deskPhoneNumber: "+442079460000"\n    autoAccept: true\n    afterContactWorkTimeLimit: 30\n    emailDomain: example.com\n`);
    expect((await runCli(['validate', dir])).code).toBe(0);
    const applied = await runCli(['apply', dir, '--auto-approve', '--history', `sqlite:${join(dir, 'history.db')}`]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const created = (login: string) => [...f.data.users.values()].find((u) => u.username === login);
    const phone = { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+442079460000', AutoAccept: true, AfterContactWorkTimeLimit: 30 };
    expect(created('newbie')).toMatchObject({ firstName: 'New', lastName: 'Starter', email: 'newbie@example.com', phoneConfig: phone });
    // A login that is an email address is the email.
    expect(created('ann@example.org')).toMatchObject({ email: 'ann@example.org', phoneConfig: phone });
    expect(f.log.filter((r) => r.op === 'CreateUser')).toHaveLength(2);
    expect((await runCli(['plan', dir, '--detailed-exitcode'])).code).toBe(0);
  });

  it('soft phone with nothing else: the defaults are no auto-accept, no after-contact limit, no email', async () => {
    const { dir, f } = await withNewUsers(['newbie']);
    const config = join(dir, 'permctl.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}connect:\n  userDefaults:\n    phoneType: SOFT_PHONE\n`);
    expect((await runCli(['apply', dir, '--auto-approve', '--history', `sqlite:${join(dir, 'history.db')}`])).code).toBe(0);
    const u = [...f.data.users.values()].find((x) => x.username === 'newbie');
    expect(u?.phoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 });
    expect(u?.email).toBeUndefined();
  });
});
