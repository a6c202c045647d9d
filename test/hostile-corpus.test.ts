// The hostile-input corpus: one case per row, each built in its own repository folder and run
// through the real binary with a generous time ceiling. Every case ends in exit 1 with a
// located error, or in the correct result; never a hang, a stack trace, an internal error, a
// byte of a file outside the repository, a raw terminal escape or a workflow command.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.ts';

/** Written outside every repository; no case may ever print it. */
const CANARY = 'CANARY-7f3a9c-outside-the-repository';
const OUTSIDE = tempDir('permctl-outside-');
writeFileSync(join(OUTSIDE, 'secret.yaml'), `kind: SecurityProfile\nname: ${CANARY}\npermissions: [Users.View]\n`);
mkdirSync(join(OUTSIDE, 'dir'));
writeFileSync(join(OUTSIDE, 'dir', 'p.yaml'), `kind: SecurityProfile\nname: X\ndescription: ${CANARY}\n`);

type Build = (dir: string) => void;
interface Case {
  readonly name: string;
  readonly build: Build;
  /** A located error with this code, or 'ok' for a correct, valid result. */
  readonly expect: string;
  /** The command, `validate` by default; DIR stands for the repository. */
  readonly args?: readonly string[];
  /** Text that must appear in the output (for results that must be shown inert). */
  readonly shows?: RegExp;
}

const CONFIG = 'instance: test\n';
const USERS = (users: string): string =>
  `kind: Queues\nqueues: [{name: Q}]\n---\nkind: RoutingProfile\nname: R\ndefaultOutboundQueue: Q\nqueues: [{queue: Q, priority: 1, delay: 0}]\n---\nkind: Users\ndefaults: {routingProfile: R}\nusers:\n${users}`;
const user = (login: string, extra = ''): string => `  - login: ${login}\n    securityProfiles: [Agent]\n${extra}`;
const file = (name: string, text: string | Buffer): Build => (dir) => writeFileSync(join(dir, name), text);
const all = (...builds: Build[]): Build => (dir) => builds.forEach((b) => b(dir));
const link = (target: string, name: string): Build => (dir) => symlinkSync(target, join(dir, name));
const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');

const BILLION_LAUGHS = ['kind: Queues', 'a: &a [x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`), 'queues: []'].join('\n');
const YAML11_BOOLEANS = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF'];

const CASES: readonly Case[] = [
  // The repository boundary
  { name: 'link to a policy file outside', build: link(join(OUTSIDE, 'secret.yaml'), 'x.yaml'), expect: 'PC120' },
  { name: 'link to /proc/self/environ', build: link('/proc/self/environ', 'env.yaml'), expect: 'PC120' },
  { name: 'link to /dev/zero', build: link('/dev/zero', 'zero.yaml'), expect: 'PC120' },
  { name: 'link to /dev/urandom', build: link('/dev/urandom', 'random.yaml'), expect: 'PC120' },
  { name: 'link to /etc/passwd', build: link('/etc/passwd', 'passwd.yml'), expect: 'PC120' },
  { name: 'relative link climbing out', build: link(`../${OUTSIDE.split('/').pop() ?? ''}/secret.yaml`, 'up.yaml'), expect: 'PC120' },
  { name: 'link to a directory outside', build: link(join(OUTSIDE, 'dir'), 'policies'), expect: 'PC120' },
  { name: 'permctl.yaml linked outside', build: (dir) => { rmSync(join(dir, 'permctl.yaml')); symlinkSync(join(OUTSIDE, 'secret.yaml'), join(dir, 'permctl.yaml')); }, expect: 'PC120' },
  { name: 'FIFO named x.yaml', build: (dir) => spawnSync('mkfifo', [join(dir, 'x.yaml')]), expect: 'PC121' },
  { name: 'link to a FIFO inside', build: (dir) => { spawnSync('mkfifo', [join(dir, 'pipe')]); symlinkSync(join(dir, 'pipe'), join(dir, 'x.yaml')); }, expect: 'PC121' },
  { name: 'socket named s.yaml', build: (dir) => spawnSync('python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(join(dir, 's.yaml'))})`]), expect: 'PC121' },
  { name: 'directory named d.yaml', build: (dir) => mkdirSync(join(dir, 'd.yaml')), expect: 'PC122' },
  { name: 'link loop', build: all(link('b.yaml', 'a.yaml'), link('a.yaml', 'b.yaml')), expect: 'PC111' },
  { name: 'dangling link', build: link('missing.yaml', 'gone.yaml'), expect: 'PC111' },
  { name: 'directory link cycle inside', build: (dir) => { mkdirSync(join(dir, 'sub')); symlinkSync('..', join(dir, 'sub', 'up')); }, expect: 'ok' },
  { name: 'link to a file inside', build: all(file('real.txt', 'kind: Queues\nqueues: [{name: q}]\n'), link('real.txt', 'q.yaml')), expect: 'ok' },
  // Sizes
  { name: '20 MB file', build: file('big.yaml', `kind: Queues\nqueues:\n${'  - name: q\n'.repeat(1_900_000)}`), expect: 'PC105' },
  { name: 'sparse file claiming 1 GB', build: (dir) => { writeFileSync(join(dir, 'sparse.yaml'), ''); truncateSync(join(dir, 'sparse.yaml'), 1 << 30); }, expect: 'PC105' },
  { name: '20,000 files', build: (dir) => { mkdirSync(join(dir, 'many')); for (let i = 0; i < 20_000; i++) writeFileSync(join(dir, 'many', `f${i}.yaml`), ''); }, expect: 'PC106' },
  { name: '10 MB scalar', build: file('a.yaml', `kind: SecurityProfile\nname: ${'x'.repeat(10_000_000)}\n`), expect: 'PC208' },
  { name: '5 MB key', build: file('a.yaml', `kind: Queues\nqueues: []\n${'k'.repeat(5_000_000)}: 1\n`), expect: 'PC205' },
  { name: '2 million list items', build: file('a.yaml', `kind: Queues\nqueues: [${'a,'.repeat(2_000_000)}a]\n`), expect: 'PC124' },
  { name: '100,000 empty documents', build: file('a.yaml', '---\n'.repeat(100_000)), expect: 'ok' },
  // Parser bombs
  { name: 'billion laughs', build: file('a.yaml', BILLION_LAUGHS), expect: 'PC104' },
  { name: 'alias flood in a small file', build: file('a.yaml', `kind: Queues\nq: &a [x]\nqueues: [${'*a,'.repeat(60_000)}*a]\n`), expect: 'PC104' },
  { name: 'alias flood in a large file', build: file('a.yaml', `kind: Queues\nq: &a [x]\nqueues: [${'*a,'.repeat(1_000_000)}*a]\n`), expect: 'PC125' },
  { name: 'anchor in a large file', build: file('a.yaml', `kind: Queues\nqueues: &q\n${'  - name: q\n'.repeat(40_000)}`), expect: 'PC125' },
  { name: 'half a million [', build: file('a.yaml', `kind: Queues\nqueues: ${'['.repeat(500_000)}\n`), expect: 'PC112' },
  { name: 'a million [', build: file('a.yaml', `kind: Queues\nqueues: ${'['.repeat(1_000_000)}\n`), expect: 'PC124' },
  { name: '100,000 nested flow mappings', build: file('a.yaml', `kind: Queues\nqueues: ${'{a: '.repeat(100_000)}\n`), expect: 'PC112' },
  { name: 'nested flow in a small file', build: file('a.yaml', `kind: Queues\nqueues: ${'['.repeat(5000)}${']'.repeat(5000)}\n`), expect: 'PC112' },
  { name: '2,000 nested block mappings', build: file('a.yaml', `kind: Queues\nqueues:\n${lines(2000, (i) => `${' '.repeat(i + 1)}k${i}:\n`)}`), expect: 'PC112' },
  { name: '200 nested block sequences', build: file('a.yaml', `kind: Queues\nqueues:\n${'- '.repeat(200)}x\n`), expect: 'PC112' },
  { name: '40,000 keys with & in a comment', build: file('a.yaml', `# Smith & Co\nkind: Queues\nqueues: []\n${lines(40_000, (i) => `k${i}: 1\n`)}`), expect: 'PC205' },
  { name: '40,000 keys in a large file', build: file('a.yaml', `# a ? b\nkind: Queues\nqueues: []\n${lines(40_000, (i) => `key-number-${i}: value\n`)}`), expect: 'PC205' },
  { name: 'duplicate key among 100,000', build: file('a.yaml', `# &\nkind: Queues\nqueues: []\n${lines(100_000, (i) => `k${i}: 1\n`)}k5: 2\n`), expect: 'PC102' },
  { name: 'duplicate key in a large file', build: file('a.yaml', `kind: Queues\nqueues: []\n${lines(50_000, (i) => `key-number-${i}: 1\n`)}key-number-5: 2\n`), expect: 'PC102' },
  { name: '50,000 permissions in one profile', build: file('a.yaml', `# &\nkind: SecurityProfile\nname: P\npermissions:\n${'  - Users.View\n'.repeat(50_000)}`), expect: 'PC211' },
  // Encodings and characters
  { name: 'NUL byte', build: file('a.yaml', 'kind: Queues\nqueues: [a\u0000b]\n'), expect: 'PC101' },
  { name: 'invalid UTF-8 in a name', build: file('a.yaml', Buffer.concat([Buffer.from('kind: SecurityProfile\nname: Ab'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')])), expect: 'PC123' },
  { name: 'overlong UTF-8', build: file('a.yaml', Buffer.concat([Buffer.from('kind: Queues\nqueues: ['), Buffer.from([0xc0, 0xaf]), Buffer.from(']\n')])), expect: 'PC123' },
  { name: 'UTF-16LE with BOM', build: file('a.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Queues\nqueues: []\n', 'utf16le')])), expect: 'PC123' },
  { name: 'UTF-16BE with BOM', build: file('a.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('kind: Queues\nqueues: []\n', 'utf16le').swap16()])), expect: 'PC123' },
  { name: 'UTF-8 BOM', build: file('a.yaml', '\uFEFFkind: Queues\nqueues: [{name: q}]\n'), expect: 'ok' },
  { name: 'CRLF line ends', build: file('a.yaml', 'kind: Queues\r\nqueues:\r\n  - name: q\r\n'), expect: 'ok' },
  { name: 'CR line ends', build: file('a.yaml', 'kind: Queues\rqueues: []\r'), expect: 'ok' },
  { name: 'U+2028 in a value', build: file('a.yaml', 'kind: Queues\nqueues: [{name: "a\u2028b"}]\n'), expect: 'ok' },
  { name: 'tab indentation', build: file('a.yaml', 'kind: Queues\nqueues:\n\t- name: q\n'), expect: 'PC101' },
  { name: 'empty permctl.yaml', build: (dir) => writeFileSync(join(dir, 'permctl.yaml'), ''), expect: 'PC126' },
  { name: 'permctl.yaml with only comments', build: (dir) => writeFileSync(join(dir, 'permctl.yaml'), '# nothing\n'), expect: 'PC126' },
  // YAML semantics
  ...YAML11_BOOLEANS.map((b): Case => ({ name: `YAML 1.1 boolean ${b} as a name stays text`, build: file('a.yaml', `kind: Queues\nqueues: [{name: ${b}}]\n`), expect: 'ok' })),
  { name: 'true as a name is a boolean', build: file('a.yaml', 'kind: Queues\nqueues: [{name: true}]\n'), expect: 'PC203' },
  ...['0123', '0x1F', '1e3', '0o17', '.inf'].map((n): Case => ({ name: `login ${n} reads as a number`, build: file('u.yaml', USERS(user(n))), expect: 'PC203' })),
  { name: 'login 1_000 stays text', build: file('u.yaml', USERS(user('1_000'))), expect: 'ok' },
  { name: '__proto__ at the top', build: file('a.yaml', 'kind: Queues\n__proto__: {isAdmin: true}\nqueues: []\n'), expect: 'PC107' },
  { name: '__proto__ in a user', build: file('u.yaml', USERS(user('a', '    __proto__: {x: 1}\n'))), expect: 'PC107' },
  { name: 'quoted "__proto__" in a flow mapping', build: file('a.yaml', 'kind: Queues\nqueues: [{"__proto__": {x: 1}, name: q}]\n'), expect: 'PC107' },
  { name: 'constructor in recordings', build: file('u.yaml', USERS(user('a', '    recordings: {constructor: {prototype: 1}}\n'))), expect: 'PC107' },
  { name: 'prototype in settings', build: file('permctl.yaml', 'instance: test\nsettings: {prototype: 1}\n'), expect: 'PC107' },
  { name: '__proto__ in a large file', build: file('a.yaml', `kind: Queues\nqueues:\n${'  - name: q\n'.repeat(30_000)}__proto__: 1\n`), expect: 'PC107' },
  { name: 'merge key', build: file('a.yaml', 'kind: Queues\nbase: &b {name: q}\nqueues: [{<<: *b}]\n'), expect: 'PC108' },
  ...['!!python/object:os.system', '!ruby/object:Gem::Installer', '!!js/function', '!<tag:yaml.org,2002:java.lang.Runtime>', '!!binary'].map((t): Case => ({ name: `tag ${t}`, build: file('a.yaml', `kind: Queues\nqueues: ${t} x\n`), expect: 'PC109' })),
  { name: '%YAML 1.1', build: file('a.yaml', '%YAML 1.1\n---\nkind: Queues\nqueues: []\n'), expect: 'PC103' },
  { name: 'complex key', build: file('a.yaml', 'kind: Queues\n? [a, b]\n: 1\nqueues: []\n'), expect: 'PC101' },
  { name: 'NFD login next to its NFC twin', build: file('u.yaml', USERS(user('"jos\u00e9"') + user('"jose\u0301"'))), expect: 'PC207' },
  { name: 'logins differing in case', build: file('u.yaml', USERS(user('ana') + user('ANA'))), expect: 'PC309' },
  // Injection in names and file names: the result is correct and shown inert
  { name: 'ANSI escape in a display name', build: file('u.yaml', USERS(user('ana', '    name: "\\e[31mred\\e[0m"\n'))), args: ['explain', 'ana', 'DIR'], expect: 'ok', shows: /\[U\+001B\]\[31mred/ },
  { name: 'OSC-8 link in a hierarchy', build: file('u.yaml', USERS(user('ana', '    hierarchy: "\\e]8;;https:evil.example\\e\\\\click\\e]8;;\\e\\\\"\n'))), args: ['explain', 'ana', 'DIR'], expect: 'ok', shows: /hierarchy: \[U\+001B\]\]8;;/ },
  { name: 'bidi override in a display name', build: file('u.yaml', USERS(user('ana', '    name: "admin\u202Egnp.exe"\n'))), args: ['explain', 'ana', 'DIR'], expect: 'ok', shows: /admin\[U\+202E\]gnp/ },
  { name: 'zero-width space in a display name', build: file('u.yaml', USERS(user('ana', '    name: "a\u200Bdmin"\n'))), args: ['explain', 'ana', 'DIR'], expect: 'ok', shows: /a\[U\+200B\]dmin/ },
  { name: 'workflow command in a display name', build: file('u.yaml', USERS(user('ana', '    name: "x\\n::error::pwned"\n'))), args: ['explain', 'ana', 'DIR'], expect: 'ok', shows: /x ::error::pwned/ },
  { name: 'workflow command in a hierarchy', build: file('u.yaml', USERS(user('ana', '    hierarchy: "a\\r\\n::set-output name=x::y"\n'))), args: ['explain', 'ana', 'DIR'], expect: 'ok', shows: /hierarchy: a ::set-output/ },
  { name: 'file name with a newline and ::error::', build: file('x\n::error::pwned.yaml', 'kind: Nope\n'), expect: 'PC202', shows: /^x ::error::pwned\.yaml:1:7: error PC202/m },
  { name: 'file name starting with ::', build: file('::warning::x.yaml', 'kind: Nope\n'), expect: 'PC202', shows: /^\.\/::warning::x\.yaml:1:7/m },
  { name: 'file name with an ANSI escape', build: file('\u001b[2Jx.yaml', 'kind: Nope\n'), expect: 'PC202', shows: /^\[U\+001B\]\[2Jx\.yaml/m },
  { name: 'unknown field with an escape in its name', build: file('a.yaml', 'kind: Queues\nqueues: []\n"\\e]8;;http://x\\a": 1\n'), expect: 'PC205', shows: /unknown field "\[U\+001B\]\]8;;http:\/\/x\[U\+0007\]"/ },
  { name: 'explain of a name with escapes', build: () => undefined, args: ['explain', '\u001b[31mx\n::error::y', 'DIR'], expect: 'unknown', shows: /no user or profile named "\[U\+001B\]\[31mx ::error::y"/ },
];

const CEILING_MS = 60_000;

function run(args: readonly string[]): { code: number | null; out: string; ms: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: CEILING_MS, maxBuffer: 64 << 20, env: { PATH: process.env.PATH ?? '' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, ms: performance.now() - start };
}

function repository(c: Case): string {
  const dir = tempDir('permctl-hostile-');
  writeFileSync(join(dir, 'permctl.yaml'), CONFIG);
  c.build(dir);
  return dir;
}

export function checkInert(out: string): void {
  expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack frames
  expect(out).not.toMatch(/internal error/);
  expect(out).not.toContain(CANARY);
  // eslint-disable-next-line no-control-regex -- the point: no raw controls but line breaks
  expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B]/);
  expect(out).not.toMatch(/^\s*::/m);
  for (const line of out.split('\n')) expect(line.length).toBeLessThan(2000);
}

describe('hostile-input corpus', () => {
  it.each(CASES)('$name', (c) => {
    const dir = repository(c);
    const r = run((c.args ?? ['validate', 'DIR']).map((a) => (a === 'DIR' ? dir : a)));
    expect(r.code, r.out.slice(0, 500)).not.toBeNull(); // null: killed at the ceiling
    checkInert(r.out);
    if (c.expect === 'ok') expect(r.code, r.out.slice(0, 500)).toBe(0);
    else if (c.expect === 'unknown') expect(r.code).toBe(1);
    else {
      expect(r.code, r.out.slice(0, 500)).toBe(1);
      expect(r.out).toMatch(new RegExp(`^[^\\n]+:\\d+:\\d+: error ${c.expect}|^permctl: error ${c.expect}`, 'm'));
    }
    if (c.shows) expect(r.out).toMatch(c.shows);
  }, CEILING_MS + 10_000);

  it('has the cases the count in docs/reliability.md gives', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });
});
