// Messages a user meets at the command line (issue 9, items 11 and 13): each names what is
// wrong and what to do, and none claims something untrue.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.ts';

let repo = '';

beforeEach(() => {
  repo = join(tempDir('permctl-messages-'), 'repo');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true, filter: (src) => !src.includes('.permctl') });
});

describe('run from a subfolder, permctl finds permctl.yaml upward, as git does', () => {
  it.each([
    [['validate'], /✓ valid — 8 files/],
    [['explain', 'ana@example.com'], /ana@example\.com/],
    [['who-can', 'Users.EditPermission'], /dan@example\.com/],
    [['plan'], /Plan: \d+ to create/],
  ])('%s', async (args, expected) => {
    const r = await runCli(args, { cwd: join(repo, 'profiles') });
    expect(r.stderr).not.toMatch(/ error /);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(expected);
  });

  it('history reads the target of the permctl.yaml above', async () => {
    await runCli(['apply', '--auto-approve'], { cwd: join(repo, 'users') });
    const r = await runCli(['history'], { cwd: join(repo, 'routing') });
    expect(r.stdout).toMatch(/^#1 /);
  });

  it('outside any repository, says there is no permctl.yaml', async () => {
    const r = await runCli(['validate'], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/PC110/);
  });
});

describe('small ones', () => {
  it('"1 file", not "1 files"', async () => {
    const one = join(tempDir(), 'one');
    mkdirSync(one);
    writeFileSync(join(one, 'permctl.yaml'), 'instance: x\n');
    expect((await runCli(['validate', one])).stdout).toContain('✓ valid — 1 file, 0 profiles, 0 users');
  });

  it('help for an unknown command says it is unknown', async () => {
    const r = await runCli(['help', 'frob']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'frob'/);
    expect((await runCli(['help', 'plan'])).stdout).toMatch(/Usage: permctl plan/);
  });

  it('who-can --line for a permission that is not a recording permission is an error', async () => {
    const r = await runCli(['who-can', 'Users.Edit', repo, '--line', 'support-uk']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--line applies to the recording-archive permissions/);
  });

  it('plan --out says how to apply the saved plan; history names no "unknown" actor; --user filters say so; a stale plan says it is stale', async () => {
    const planned = await runCli(['plan', '--out', 'p1.json'], { cwd: repo });
    expect(planned.stderr).toContain('Saved the plan to p1.json. To apply exactly this plan, run: permctl apply p1.json\n');
    await runCli(['plan', '--out', 'p2.json'], { cwd: repo });
    expect((await runCli(['apply', 'p1.json'], { cwd: repo })).code).toBe(0);
    const stale = await runCli(['apply', 'p2.json'], { cwd: repo });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/PC603: saved plan is stale/);
    const history = await runCli(['history'], { cwd: repo });
    expect(history.stdout).toContain('by (actor not recorded)');
    expect(history.stdout).not.toContain('by unknown');
    expect((await runCli(['history', '--user', 'nobody'], { cwd: repo })).stdout).toBe('No recorded apply changed user "nobody".\n');
  });
});
