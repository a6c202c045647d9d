// Injection: names that try terminal, Markdown, HTML, @mention and workflow-command injection
// come out inert in every output format of every command that shows them.
// Secrets: a token, an AWS key or a database password in the environment or a target URL
// never appears in any output, plan file or store; redaction never changes where a target
// points.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.ts';

export const INJECTIONS = [
  '\u001b[31mred\u001b[0m', // ANSI colour
  '\u001b]8;;https:evil.example\u001b\\click\u001b]8;;\u001b\\', // OSC-8 hyperlink
  'admin\u202Egnp.exe', // bidi override
  'a\u200Bdmin', // zero-width space
  'x\n::error::pwned', // workflow command on a new line
  'x%0A::warning::pwned', // workflow command, percent-encoded
  '@octocat and #1', // mention and issue reference
  '<img src=x onerror=alert(1)>[link](https:evil.example)', // HTML and Markdown
] as const;

function run(args: readonly string[], env: Record<string, string> = {}, cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BASE = 'kind: Queues\nqueues: [{name: Q}]\n---\nkind: RoutingProfile\nname: R\ndefaultOutboundQueue: Q\nqueues: [{queue: Q, priority: 1, delay: 0}]\n';

function repo(name: string, hierarchy: string, routing = 'R'): string {
  const dir = tempDir('permctl-inject-');
  writeFileSync(join(dir, 'permctl.yaml'), 'instance: inject\n');
  writeFileSync(
    join(dir, 'u.yaml'),
    `${BASE}---\nkind: Users\nusers:\n  - login: ana\n    name: ${JSON.stringify(name)}\n    hierarchy: ${JSON.stringify(hierarchy)}\n    routingProfile: ${JSON.stringify(routing)}\n    securityProfiles: [Admin]\n`,
  );
  return dir;
}

/** Text for a terminal or a CI log: no raw controls, bidi or zero-width characters, and no
 *  line a runner would read as a workflow command. */
function expectInertText(out: string): void {
  // eslint-disable-next-line no-control-regex -- the point: no raw controls but line breaks
  expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
  expect(out).not.toMatch(/^\s*::/m);
}

/** JSON: parses, and the value round-trips exactly (JSON escapes controls). */
function expectJson(out: string): void {
  expect(() => JSON.parse(out) as unknown).not.toThrow();
  // eslint-disable-next-line no-control-regex -- JSON must escape C0 controls
  expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
}

/** Workflow commands: one command per finding, values percent-escaped. */
function expectGithub(out: string): void {
  for (const line of out.split('\n').filter(Boolean)) expect(line).toMatch(/^::(error|warning|notice) [^\n]*::/);
  // The runner decodes %0A in a value to a line break: a planted one must arrive as %250A.
  expect(out).not.toMatch(/(^|[^%])%0A::/);
}

type Check = (out: string) => void;
interface Format {
  readonly name: string;
  readonly args: (dir: string, target: string) => string[];
  readonly check: Check;
  readonly invalid?: boolean;
}

const FORMATS: readonly Format[] = [
  { name: 'validate text', args: (d) => ['validate', d], check: expectInertText, invalid: true },
  { name: 'validate json', args: (d) => ['validate', d, '--format', 'json'], check: expectJson, invalid: true },
  { name: 'validate github', args: (d) => ['validate', d, '--format', 'github'], check: expectGithub, invalid: true },
  { name: 'explain text', args: (d) => ['explain', 'ana', d], check: expectInertText },
  { name: 'explain json', args: (d) => ['explain', 'ana', d, '--format', 'json'], check: expectJson },
  { name: 'who-can text', args: (d) => ['who-can', 'Users.Edit', d], check: expectInertText },
  { name: 'compile json', args: (d) => ['compile', d], check: expectJson },
  { name: 'plan text', args: (d, t) => ['plan', d, '--target', t], check: expectInertText },
  { name: 'plan markdown', args: (d, t) => ['plan', d, '--target', t, '--format', 'markdown'], check: (out) => { expectInertText(out); expect(out).not.toMatch(/<img|\]\(https|(^|[^&])@octocat/); } },
  { name: 'plan json', args: (d, t) => ['plan', d, '--target', t, '--format', 'json'], check: expectJson },
];

describe('injection strings × output formats', () => {
  const cases = INJECTIONS.flatMap((s) => FORMATS.map((f) => ({ s, f, label: `${f.name}: ${JSON.stringify(s)}` })));
  it.each(cases)('$label', ({ s, f }) => {
    const target = `sqlite:${join(tempDir('permctl-inject-db-'), 's.db')}`;
    // Valid where the format needs a valid repository; for validate, the string is also an
    // unknown routing profile, so it is echoed in a finding.
    const dir = f.invalid === true ? repo(s, s, s) : repo(s, s.replace(/\//g, '-'));
    const r = run(f.args(dir, target));
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(f.invalid === true ? 1 : 0);
    f.check(r.stdout);
    expectInertText(r.stderr);
  });
});

// Secrets planted in the environment and in target URLs.
const SECRETS = {
  GITHUB_TOKEN: 'ghp_CANARYtoken0000000000000000000000000',
  AWS_SECRET_ACCESS_KEY: 'CANARYawsSecretKey/0000000000000000000000',
  AWS_ACCESS_KEY_ID: 'AKIACANARY0000000000',
  PGPASSWORD: 'CANARY-pg-password',
} as const;
const URL_SECRETS = ['CANARY-userinfo-pw', 'CANARY-query-pw', 'CANARY-odd', 'CANARY-secret-param'];
const HOSTILE_TARGETS = [
  'postgres://admin:CANARY-userinfo-pw@127.0.0.1:1/db',
  'postgres://admin@127.0.0.1:1/db?password=CANARY-query-pw&sslmode=disable',
  'postgres://admin:p%2F@CANARY-odd@127.0.0.1:1/db',
  'connect://i-123?region=eu-west-1&secret=CANARY-secret-param',
  'vcc://eu?token=CANARY-secret-param',
  'postgres://u:CANARY-userinfo-pw@[::1',
];

describe('secrets never printed or written', () => {
  const everything = (texts: readonly string[]): string => texts.join('\n');
  const planted = [...Object.values(SECRETS), ...URL_SECRETS];

  it('every command, with secrets in the environment, writes none of them', () => {
    const dir = repo('Ana', 'EMEA');
    const store = join(tempDir('permctl-secret-db-'), 's.db');
    const target = `sqlite:${store}`;
    const plan = join(dir, 'plan.json');
    const out = join(tempDir('permctl-secret-import-'), 'repo');
    const env = { ...SECRETS };
    const outputs = [
      run(['validate', dir], env),
      run(['validate', dir, '--format', 'github'], env),
      run(['compile', dir], env),
      run(['explain', 'ana', dir], env),
      run(['who-can', 'Users.Edit', dir], env),
      run(['catalog'], env),
      run(['plan', dir, '--target', target, '--out', plan], env),
      run(['apply', plan, '--target', target], env, dir),
      run(['history', '--target', target], env),
      run(['history', '--target', target, '--format', 'json'], env),
      run(['import', '--target', target, '--out', out], env),
    ];
    expect(outputs.every((r) => r.code === 0)).toBe(true);
    const written = [readFileSync(plan, 'utf8'), readFileSync(store).toString('latin1'), readFileSync(join(out, 'permctl.yaml'), 'utf8')];
    const all = everything([...outputs.flatMap((r) => [r.stdout, r.stderr]), ...written]);
    for (const secret of planted) expect(all).not.toContain(secret);
  });

  it.each(HOSTILE_TARGETS)('target %s: the error names the target without its secrets', (url) => {
    const dir = repo('Ana', 'EMEA');
    const plan = join(dir, 'plan.json');
    const outputs = [
      run(['plan', dir, '--target', url, '--out', plan], SECRETS),
      run(['plan', dir], { ...SECRETS, PERMCTL_TARGET: url }),
      run(['apply', dir, '--auto-approve', '--target', url], SECRETS),
      run(['history', '--target', url], SECRETS),
      run(['import', '--target', url, '--out', join(tempDir('permctl-secret-import-'), 'r')], SECRETS),
    ];
    for (const r of outputs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error PC60[56]/);
    }
    const all = everything([...outputs.flatMap((r) => [r.stdout, r.stderr]), existsSync(plan) ? readFileSync(plan, 'utf8') : '']);
    for (const secret of planted) expect(all).not.toContain(secret);
  });

  it('redaction never changes where a sqlite target points', () => {
    const dir = repo('Ana', 'EMEA');
    const base = tempDir('permctl-secret-path-');
    // A path that looks like a URL with credentials: it is a path, and stays one.
    const store = join(base, 'u:pw@h', 'x.db');
    spawnSync('mkdir', ['-p', join(base, 'u:pw@h')]);
    const plan = join(dir, 'plan.json');
    expect(run(['plan', dir, '--target', `sqlite:${store}`, '--out', plan]).code).toBe(0);
    expect((JSON.parse(readFileSync(plan, 'utf8')) as { target: string }).target).toBe(`sqlite:${store}`);
    expect(run(['apply', plan, '--target', `sqlite:${store}`], {}, dir).code).toBe(0);
    expect(existsSync(store)).toBe(true);
    expect(existsSync(join(base, 'h', 'x.db'))).toBe(false);
  });
});
