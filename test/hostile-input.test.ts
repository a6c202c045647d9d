// Hostile and malformed input through the real binary: every case exits 1 with a located
// `file:line:col: error CODE` line and never a stack trace.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, tempDir } from './helpers.ts';

interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly expect: RegExp;
}

const BOMB = ['kind: Queues', 'a: &a [x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`)].join('\n');

const CASES: readonly Case[] = [
  { name: 'malformed YAML', files: { 'a.yaml': 'kind: Users\nusers: [\n  - login: "x\n' }, expect: /^a\.yaml:\d+:\d+: error PC101: /m },
  { name: 'duplicate keys', files: { 'a.yaml': 'kind: Queues\nqueues: []\nqueues: []\n' }, expect: /^a\.yaml:3:1: error PC102: /m },
  { name: 'alias bomb', files: { 'a.yaml': BOMB }, expect: /^a\.yaml:\d+:\d+: error PC104: /m },
  { name: '__proto__ key', files: { 'a.yaml': 'kind: Queues\n__proto__: {admin: true}\nqueues: []\n' }, expect: /^a\.yaml:2:1: error PC107: /m },
  { name: '%YAML 1.1', files: { 'a.yaml': '%YAML 1.1\n---\nkind: Queues\nqueues: []\n' }, expect: /^a\.yaml:1:1: error PC103: /m },
  { name: 'login written as a number', files: { 'a.yaml': 'kind: Users\nusers:\n  - login: 0123\n' }, expect: /^a\.yaml:3:12: error PC203: login must be a string, not a number; quote the value/m },
  { name: 'deep nesting', files: { 'a.yaml': `kind: Queues\nqueues: ${'['.repeat(5000)}${']'.repeat(5000)}\n` }, expect: /^a\.yaml:\d+:\d+: error PC112: /m },
  { name: 'binary garbage', files: { 'a.yaml': '\u0000\u0001\u0002kind: \uFFFF[{' }, expect: /^a\.yaml:\d+:\d+: error PC1\d\d: /m },
  { name: 'a list instead of a mapping', files: { 'a.yaml': '- kind: Users\n' }, expect: /^a\.yaml:1:1: error PC203: /m },
];

function repo(files: Readonly<Record<string, string>>): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'permctl.yaml'), 'instance: test\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function expectCleanFailure(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(pattern);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack frames
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('hostile input', () => {
  it.each(CASES)('$name', ({ files, expect: pattern }) => {
    expectCleanFailure(spawnCli(['validate', repo(files)]), pattern);
  });

  it('a 20 MB file is refused before it is parsed', () => {
    const dir = repo({});
    writeFileSync(join(dir, 'big.yaml'), `kind: Queues\nqueues:\n${'  - name: q\n'.repeat(1_800_000)}`);
    expectCleanFailure(spawnCli(['validate', dir]), /^big\.yaml:1:1: error PC105: file is \d+ bytes; the limit is 16777216/m);
  });

  it('too many files', () => {
    const dir = repo({});
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i <= 10_000; i++) writeFileSync(join(dir, 'many', `f${i}.yaml`), '');
    expectCleanFailure(spawnCli(['validate', dir]), /^permctl: error PC106: the repository has 10002 YAML files; the limit is 10000/m);
  });

  it('an unreadable file (a dangling link)', () => {
    const dir = repo({});
    symlinkSync(join(dir, 'missing-target.yaml'), join(dir, 'dangling.yaml'));
    expectCleanFailure(spawnCli(['validate', dir]), /^dangling\.yaml:1:1: error PC111: cannot read this file or folder: it does not exist \(a symbolic link to a missing file\?\)/m);
  });

  it('a missing directory', () => {
    const r = spawnCli(['validate', '/nonexistent/permctl-repo']);
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
  });
});
