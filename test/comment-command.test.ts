// permctl comment with the real @octokit/rest (retry and throttling plugins) against a local
// fake of GitHub's issue-comment endpoints: create, update in place, never a foreign comment,
// both identities, the Actions environment, and every failure as one line without the token.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PLAN_FILE_BYTES } from '../src/cli/plan-file.ts';
import { commentMarker } from '../src/render/comment/index.ts';
import { examplePlans } from './comment-plans.ts';
import type { ExamplePlans } from './comment-plans.ts';
import { startFakeGithub } from './github-fake.ts';
import type { FakeGithub } from './github-fake.ts';
import { runCli, tempDir } from './helpers.ts';

const TOKEN = 'ghp_S3cretT0kenValue0123456789abcdefABCD';
const MARKER = commentMarker('acme-prod');

let plans: ExamplePlans;
let gh: FakeGithub;
let dir: string;

beforeAll(async () => {
  plans = await examplePlans();
});
beforeEach(async () => {
  gh = await startFakeGithub();
  dir = tempDir('permctl-comment-');
  // 150+ comments from people before ours, over two pages; one of them quotes our marker.
  for (let i = 0; i < 160; i++) gh.comments.push({ id: i + 1, body: i === 42 ? `${MARKER}\nI copied the bot's comment` : `comment ${i}`, user: { login: i === 42 ? 'mallory' : `user${i % 7}` } });
});
afterEach(async () => {
  await gh.close();
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/policy', PERMCTL_GITHUB_RETRIES: '0', ...extra });
const comment = (args: string[], extra: Record<string, string> = {}) => runCli(['comment', ...args], { cwd: dir, env: env(extra) });
const ours = () => gh.comments.filter((c) => c.body.startsWith(MARKER) && c.user.login !== 'mallory');

describe('permctl comment', () => {
  it('creates the comment on the first run and updates the same one on the next', async () => {
    const first = await comment(['--plan', plans.files.initial, '--pr', '7']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^comment \d+ created on acme\/policy#7: /);
    expect(ours()).toHaveLength(1);
    const id = ours()[0]?.id;
    const second = await comment(['--plan', plans.files.update, '--pr', '7']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`comment ${id} updated`);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toContain('`Users.Edit`');
    // Every page was read: the list request followed the Link header.
    expect(gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments')).length).toBeGreaterThanOrEqual(4);
    expect(gh.requests.every((r) => r.auth === `token ${TOKEN}`)).toBe(true);
  });

  it('never touches a foreign comment carrying the marker', async () => {
    const before = gh.comments.find((c) => c.id === 43)?.body;
    await comment(['--plan', plans.files.initial, '--pr', '7']);
    await comment(['--plan', plans.files.update, '--pr', '7']);
    expect(gh.comments.find((c) => c.id === 43)?.body).toBe(before);
    expect(gh.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/43'))).toBe(false);
  });

  it('with the Actions token (GET /user refused) it writes as github-actions[bot] and finds that comment', async () => {
    gh.me = null;
    gh.writer = 'github-actions[bot]';
    gh.comments.push({ id: 999, body: `${MARKER}\nold plan`, user: { login: 'github-actions[bot]' } });
    const r = await comment(['--plan', plans.files.update, '--pr', '7'], { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('comment 999 updated');
    expect(gh.comments).toHaveLength(161);
  });

  it('outside Actions a refused GET /user is an error naming --author, not a guess', async () => {
    gh.me = null;
    const r = await comment(['--plan', plans.files.update, '--pr', '7']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GET \/user failed with 403: Resource not accessible by integration; the token cannot read its own login; pass --author LOGIN/);
    expect(gh.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
  });

  it('--author overrides the identity', async () => {
    gh.comments.push({ id: 998, body: `${MARKER}\nold plan`, user: { login: 'my-app[bot]' } });
    const r = await comment(['--plan', plans.files.update, '--pr', '7', '--author', 'my-app[bot]']);
    expect(r.stdout).toContain('comment 998 updated');
    expect(gh.requests.some((q) => q.path === '/user')).toBe(false);
  });

  it('a comment for another instance is a different comment', async () => {
    gh.comments.push({ id: 997, body: `${commentMarker('acme-test')}\nother instance`, user: { login: 'permctl-bot' } });
    const r = await comment(['--plan', plans.files.initial, '--pr', '7']);
    expect(r.stdout).toMatch(/created/);
    expect(gh.comments.find((c) => c.id === 997)?.body).toContain('other instance');
  });

  it('reads the PR number from GITHUB_EVENT_PATH, writes the job summary and the comment-id output', async () => {
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12 } }));
    const summary = join(dir, 'summary.md');
    const output = join(dir, 'output.txt');
    const r = await comment(['--plan', plans.files.update], { GITHUB_EVENT_PATH: event, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('acme/policy#12');
    expect(readFileSync(summary, 'utf8')).toContain(MARKER);
    expect(readFileSync(output, 'utf8')).toMatch(/^comment-id=\d+\n$/);
  });

  it('--no-post needs no token and only prints and summarises', async () => {
    const r = await runCli(['comment', '--plan', plans.files.empty, '--no-post'], { cwd: dir, env: {} });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes');
    expect(gh.requests).toHaveLength(0);
  });

  const failures = [
    { status: 401, where: 'user', message: 'Bad credentials', reason: /GET \/user failed with 401: Bad credentials/ },
    { status: 403, where: 'list', message: 'Resource not accessible by integration', reason: /GET \/repos\/acme\/policy\/issues\/7\/comments failed with 403: Resource not accessible by integration/ },
    { status: 404, where: 'list', message: 'Not Found', reason: /failed with 404: Not Found/ },
    { status: 422, where: 'create', message: `Validation Failed: body is too long (token ${TOKEN})`, reason: /POST \/repos\/acme\/policy\/issues\/7\/comments failed with 422: Validation Failed/ },
  ] as const;
  it.each(failures)('a $status answer exits 1 with one line giving the reason, never the token', async (f) => {
    gh.fail[f.where] = { status: f.status, message: f.message };
    const r = await comment(['--plan', plans.files.initial, '--pr', '7']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/error PC700: /);
    expect(lines[0]).toMatch(f.reason);
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
  });

  const usage: { args: string[]; env: Record<string, string>; error: RegExp }[] = [
    { args: ['--plan', 'nope.json', '--pr', '7'], env: {}, error: /PC605: plan file cannot be used: nope\.json: ENOENT/ },
    { args: ['--plan', 'PLAN', '--pr', '7'], env: { GITHUB_REPOSITORY: '' }, error: /PC701: no repository to comment on; pass --repo/ },
    { args: ['--plan', 'PLAN', '--pr', '7', '--repo', 'not a repo'], env: {}, error: /PC701: repository "not a repo" is not OWNER\/NAME/ },
    { args: ['--plan', 'PLAN'], env: {}, error: /PC701: no pull request number/ },
    { args: ['--plan', 'PLAN', '--pr', '7'], env: { GITHUB_TOKEN: '' }, error: /PC701: no token: GITHUB_TOKEN is not set/ },
    { args: ['--plan', 'PLAN', '--pr', 'x'], env: {}, error: /--pr.*expected a whole number/ },
  ];
  it.each(usage)('usage error $error', async (u) => {
    const r = await comment(u.args.map((a) => (a === 'PLAN' ? plans.files.update : a)), u.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(u.error);
    expect(gh.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
  });

  // A plan file passed between CI jobs is hostile: read within apply's cap, never waited on.
  const hostile: { name: string; make: (f: string) => void; error: RegExp }[] = [
    { name: 'one byte over the cap (sparse)', make: (f) => (writeFileSync(f, ''), truncateSync(f, MAX_PLAN_FILE_BYTES + 1)), error: new RegExp(`PC605: plan file cannot be used: big\\.json: the file is ${MAX_PLAN_FILE_BYTES + 1} bytes; a plan file is at most ${MAX_PLAN_FILE_BYTES}$`, 'm') },
    { name: 'a FIFO', make: (f) => execFileSync('mkfifo', [f]), error: /PC605: plan file cannot be used: big\.json: it is a FIFO \(named pipe\), not a file/ },
    { name: 'a directory', make: (f) => mkdirSync(f), error: /PC605: plan file cannot be used: big\.json: it is a directory, not a file/ },
  ];
  it.each(hostile)('a plan file that is $name is refused in one located line, posting nothing', async (h) => {
    h.make(join(dir, 'big.json'));
    const r = await comment(['--plan', 'big.json', '--pr', '7']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(h.error);
    expect(r.stdout).toBe('');
    expect(gh.requests).toHaveLength(0);
  });

  it('a file that is not a plan is refused', async () => {
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    const r = await comment(['--plan', 'x.json', '--pr', '7']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PC605: plan file cannot be used: x\.json: not a permctl plan/);
  });
});

describe('plan --out on an invalid repository', () => {
  it('writes a plan file recording the located errors and no changes, exits 1; apply refuses it', async () => {
    const plans = await examplePlans();
    const failed = plans.failed;
    expect(failed.changes).toEqual([]);
    expect(failed.instance).toBe('broken-example');
    expect(failed.findings.filter((f) => f.severity === 'error').length).toBeGreaterThanOrEqual(9);
    expect(failed.findings).toContainEqual({ severity: 'error', code: 'PC304', message: 'unknown security profile "Agnet"; did you mean "Agent"?', file: 'profiles.yaml', line: 3 });
    const dir = tempDir('permctl-failed-apply-');
    const r = await runCli(['apply', plans.files.failed, '--target', `sqlite:${join(dir, 'store.db')}`], { cwd: dir, env: {} });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PC605: plan file cannot be used: this plan failed/);
  });
});

describe('a plan set (several targets)', () => {
  it('is one comment, one section per target, under one marker and the limit', async () => {
    const plans = await examplePlans();
    const dir = tempDir('permctl-plan-set-');
    const set = { format_version: '1.1', instance: 'acme-prod', createdAt: plans.update.createdAt, gitCommit: plans.update.gitCommit, policyFingerprint: plans.update.policyFingerprint, plans: [plans.update, { ...plans.empty, target: 'vcc://eu' }] };
    writeFileSync(join(dir, 'set.json'), JSON.stringify(set));
    const r = await runCli(['comment', '--plan', 'set.json', '--no-post'], { cwd: dir, env: {} });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^## permctl plan for `acme-prod`$/gm)).toHaveLength(2);
    expect(r.stdout.match(/<!-- permctl-plan/g)).toHaveLength(1);
    expect(r.stdout).toContain('against a `vcc` target');
    expect(r.stdout.length).toBeLessThanOrEqual(65_536 + 1);
  });
});
