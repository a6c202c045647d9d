// A read-only store can still be planned and its history read (issue 15, item 6): a store file
// the user may only read, in a directory they may or may not write (checked out read-only,
// mounted read-only in CI). Root writes everything, so when the tests run as root the real CLI
// runs as the unprivileged `nobody` and the refusals are the operating system's own.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from './helpers.ts';

const EXAMPLE = join(ROOT, 'examples/acme');
let dir = '';
let repo = '';
/** Connections the test holds open, so a store keeps its -wal and -shm files. */
const held: DatabaseSync[] = [];

function asNobody(args: readonly string[]): { code: number; out: string } {
  const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir }, ...user });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

async function applyAsOwner(store: string): Promise<void> {
  const r = await runCli(['apply', repo, '--auto-approve', '--target', `sqlite:${store}`], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** A second apply: one permission fewer, so history holds two records. */
function editRepo(): void {
  const file = join(repo, 'profiles', 'admins.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('  - Users.Create\n');
  writeFileSync(file, text.replace('  - Users.Create\n', ''));
}

/** A store applied by its owner in `sub` (optionally held open to keep its -wal). */
async function store(sub: string, keepWal: boolean): Promise<string> {
  const d = join(dir, sub);
  mkdirSync(d);
  const path = join(d, 'store.db');
  await applyAsOwner(path);
  if (keepWal) {
    // Held open with checkpoints off: the second apply's commit stays in store.db-wal.
    const h = new DatabaseSync(path);
    h.exec('PRAGMA wal_autocheckpoint = 0');
    h.prepare('SELECT count(*) FROM meta').get();
    held.push(h);
  }
  return path;
}

function lock(path: string, dirMode: number): void {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o444);
  chmodSync(join(path, '..'), dirMode);
}

beforeAll(() => {
  dir = tempDir('permctl-readonly-');
  chmodSync(dir, 0o755);
  repo = join(dir, 'repo');
  cpSync(EXAMPLE, repo, { recursive: true, filter: (src) => !src.includes('.permctl') });
});

afterAll(() => {
  for (const h of held) h.close();
});

describe('a read-only sqlite store', () => {
  const stores: Record<string, string> = {};

  beforeAll(async () => {
    // Each store: first apply, then (after editRepo) the second, so history has two records.
    for (const [sub, keepWal] of [['ro-dir', false], ['rw-dir', false], ['ro-dir-wal', true]] as const) stores[sub] = await store(sub, keepWal);
    editRepo();
    for (const path of Object.values(stores)) await applyAsOwner(path);
    // A copy of a store with commits in its -wal but no -shm, in a read-only directory.
    const orphan = join(dir, 'wal-no-shm');
    mkdirSync(orphan);
    copyFileSync(stores['ro-dir-wal'] ?? '', join(orphan, 'store.db'));
    copyFileSync(`${stores['ro-dir-wal'] ?? ''}-wal`, join(orphan, 'store.db-wal'));
    stores['wal-no-shm'] = join(orphan, 'store.db');
    lock(stores['ro-dir'] ?? '', 0o555);
    lock(stores['rw-dir'] ?? '', 0o777);
    lock(stores['ro-dir-wal'] ?? '', 0o555);
    lock(stores['wal-no-shm'] ?? '', 0o555);
  });

  it.each(['ro-dir', 'rw-dir', 'ro-dir-wal'])('%s: plan reads it (no changes), history lists both applies, import writes a repository', (sub) => {
    const target = `sqlite:${stores[sub] ?? ''}`;
    const plan = asNobody(['plan', repo, '--target', target, '--detailed-exitcode']);
    expect(plan.out).not.toMatch(/internal error|PC606/);
    expect(plan.code).toBe(0);
    const history = asNobody(['history', '--target', target]);
    expect(history.out).not.toMatch(/internal error|PC606/);
    expect(history.code).toBe(0);
    expect(history.out).toMatch(/#2\b/);
    expect(history.out).toMatch(/#1\b/);
    const out = join(dir, `import-${sub}`);
    mkdirSync(out);
    chmodSync(out, 0o777);
    const imported = asNobody(['import', '--target', target, '--out', join(out, 'repo')]);
    expect(imported.out).not.toMatch(/internal error|PC606/);
    expect(imported.code).toBe(0);
    expect(readFileSync(join(out, 'repo', 'permctl.yaml'), 'utf8')).toContain('instance: acme-prod');
    expect(readFileSync(join(out, 'repo', 'profiles', 'security-profiles.yaml'), 'utf8')).toContain('Users.EditPermission');
  });

  it('the WAL store was really read with its -wal: the second apply lives there', () => {
    expect(existsSync(`${stores['ro-dir-wal'] ?? ''}-wal`)).toBe(true);
    expect(existsSync(`${stores['ro-dir'] ?? ''}-wal`)).toBe(false);
  });

  it('a -wal holding commits that cannot be read (no -shm, read-only directory): a located PC606, never a stale read', () => {
    const r = asNobody(['history', '--target', `sqlite:${stores['wal-no-shm'] ?? ''}`]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/PC606: target sqlite:.*wal-no-shm\/store.db: cannot read the store: its write-ahead log .*store.db-wal holds commits/);
    expect(r.out).not.toMatch(/internal error|\n\s+at /);
  });

  it.each(['ro-dir', 'rw-dir'])('%s: apply is refused with a located PC606 and changes nothing', (sub) => {
    const path = stores[sub] ?? '';
    const before = readFileSync(path);
    // The example as shipped differs from the stores (editRepo removed a permission).
    const r = asNobody(['apply', EXAMPLE, '--auto-approve', '--target', `sqlite:${path}`]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/PC606: target sqlite:.*store.db: the store is read-only for this user \(.*\); apply needs write access to the store file and its directory/);
    expect(r.out).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
