// Every user-caused path failure of every command: one located line, exit 1, never "internal
// error" (issue 9, item 10). Table-driven: command × failure. Failures that need a permission
// denied run the real CLI as an unprivileged user when the tests run as root (root reads
// everything), so the error is the operating system's own.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PLAN_FILE_BYTES } from '../src/cli/plan-file.ts';
import { BIN, ROOT, runCli, tempDir } from './helpers.ts';

const EXAMPLE = join(ROOT, 'examples/acme');
let dir = '';
let repo = '';
let store = '';

beforeAll(() => {
  dir = tempDir('permctl-user-errors-');
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'afile'), 'x\n');
  repo = join(dir, 'repo');
  cpSync(EXAMPLE, repo, { recursive: true, filter: (src) => !src.includes('.permctl') });
  store = `sqlite:${join(dir, 'store.db')}`;
  // Hostile plan files: one byte over the cap (sparse: no disk used), a FIFO nobody writes to.
  writeFileSync(join(dir, 'big.json'), '');
  truncateSync(join(dir, 'big.json'), MAX_PLAN_FILE_BYTES + 1);
  spawnSync('mkfifo', [join(dir, 'pipe.json')]);
});

type Case = readonly [string, () => string[], RegExp];

const CASES: readonly Case[] = [
  ['validate: missing directory', () => ['validate', 'nodir'], /cannot open "nodir": no such file or directory/],
  ['validate: a file where the repository belongs', () => ['validate', 'afile'], /"afile" is a file; a policy repository is a directory/],
  ['compile: missing directory', () => ['compile', 'nodir'], /PC902: cannot open "nodir"/],
  ['compile: a file where the repository belongs', () => ['compile', 'afile'], /PC903/],
  ['compile: --out in a missing directory', () => ['compile', repo, '--out', 'nodir/x.json'], /cannot write "nodir\/x.json": no such file or directory/],
  ['compile: --out under a file', () => ['compile', repo, '--out', 'afile/x.json'], /cannot write "afile\/x.json": a part of the path is a file/],
  ['compile: --out is a directory', () => ['compile', repo, '--out', '.'], /cannot write ".": it is a directory/],
  ['explain: missing directory', () => ['explain', 'ana@example.com', 'nodir'], /PC902: cannot open "nodir"/],
  ['explain: a file where the repository belongs', () => ['explain', 'ana@example.com', 'afile'], /PC903/],
  ['who-can: missing directory', () => ['who-can', 'Users.Edit', 'nodir'], /PC902: cannot open "nodir"/],
  ['who-can: a file where the repository belongs', () => ['who-can', 'Users.Edit', 'afile'], /PC903/],
  ['plan: missing directory', () => ['plan', 'nodir', '--target', store], /PC902: cannot open "nodir"/],
  ['plan: a file where the repository belongs', () => ['plan', 'afile', '--target', store], /PC903/],
  ['plan: --out in a missing directory', () => ['plan', repo, '--target', store, '--out', 'nodir/p.json'], /cannot write "nodir\/p.json": no such file or directory/],
  ['plan: --out under a file', () => ['plan', repo, '--target', store, '--out', 'afile/p.json'], /a part of the path is a file/],
  ['apply: missing plan file', () => ['apply', 'nodir.json'], /no such plan file or directory/],
  ['apply: a file that is not a plan', () => ['apply', 'afile'], /PC605: plan file cannot be used/],
  ['apply: a plan file over the cap', () => ['apply', 'big.json'], new RegExp(`big\\.json:1:1: error PC605: plan file cannot be used: the file is ${MAX_PLAN_FILE_BYTES + 1} bytes; a plan file is at most ${MAX_PLAN_FILE_BYTES}`)],
  ['apply: a FIFO as the plan file', () => ['apply', 'pipe.json'], /pipe\.json:1:1: error PC605: plan file cannot be used: it is a FIFO/],
  ['comment: a plan file over the cap', () => ['comment', '--plan', 'big.json', '--no-post'], /PC605: plan file cannot be used: big\.json: the file is \d+ bytes; a plan file is at most/],
  ['comment: a FIFO as the plan file', () => ['comment', '--plan', 'pipe.json', '--no-post'], /PC605: plan file cannot be used: pipe\.json: it is a FIFO/],
  ['import: --out is a file', () => ['import', '--target', store, '--out', 'afile'], /PC902: cannot create "afile": it already exists/],
  ['import: --out under a file', () => ['import', '--target', store, '--out', 'afile/sub'], /PC902: cannot create "afile\/sub": a part of the path is a file/],
  ['report: missing directory', () => ['report', 'nodir', '--format', 'csv'], /PC902: cannot open "nodir"/],
  ['report: a file where the repository belongs', () => ['report', 'afile', '--format', 'csv'], /PC903/],
];

describe('user-caused path failures: one line, exit 1, no internal error', () => {
  it.each(CASES)('%s', async (_name, args, message) => {
    const r = await runCli(args(), { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|bug in permctl|\n\s+at /);
    // One error line (a note such as "the store does not exist yet" may precede it).
    expect(r.stderr.trimEnd().split('\n').filter((l) => / error /.test(l))).toHaveLength(1);
  });
});

/** The real CLI as an unprivileged user when running as root. */
function spawnAsUser(args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir }, ...asNobody });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('permission denied', () => {
  const repoCommands: readonly (readonly string[])[] = [['validate'], ['compile'], ['explain', 'ana@example.com'], ['who-can', 'Users.Edit']];

  it.each(repoCommands)('%s with an unreadable subfolder reports it and goes on', (...cmd) => {
    const r2 = join(dir, `unreadable-${cmd[0] ?? ''}`);
    cpSync(repo, r2, { recursive: true });
    mkdirSync(join(r2, 'secret'));
    writeFileSync(join(r2, 'secret', 'x.yaml'), 'kind: Queues\nqueues: []\n');
    chmodSync(join(r2, 'secret'), 0o000);
    const r = spawnAsUser([...cmd, r2], dir);
    expect(r.code).toBe(1);
    // validate prints its findings on stdout; the other commands on stderr.
    expect(r.stdout + r.stderr).toMatch(/secret:1:1: error PC111: cannot read this file or folder: permission denied/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('compile --out into a directory the user cannot write', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const r = spawnAsUser(['compile', repo, '--out', join(locked, 'x.json')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PC902: cannot write ".*locked\/x.json": permission denied/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('apply of a plan file the user cannot read', () => {
    const secret = join(dir, 'plan-secret.json');
    writeFileSync(secret, '{}');
    chmodSync(secret, 0o000);
    const r = spawnAsUser(['apply', secret], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PC902: cannot (read|open) ".*plan-secret.json": permission denied/);
  });
});
