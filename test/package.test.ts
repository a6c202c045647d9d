// The installable package: `npm pack` (whose prepack compiles src/ to dist/), the tarball
// installed into a fresh policy repository, `npx permctl validate` and `plan` there, and the
// one-line refusal on a Node older than the minimum.
//
// Installing offline: this project's lockfile records no `resolved` URLs, so the policy
// repository gets a lockfile made from ours (the runtime dependencies at the same versions and
// integrity) and `npm ci --offline` takes every tarball from the npm cache that installing
// this checkout filled. No registry is contacted.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';

interface LockEntry { readonly version: string; readonly dev?: boolean; readonly devOptional?: boolean; readonly [k: string]: unknown }
const TIMEOUT = 300_000;

function policyLockfile(tarball: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string; dependencies: object; bin: object; engines: object };
  const packages: Record<string, unknown> = {
    '': { name: 'policy', devDependencies: { permctl: `file:${tarball}` } },
    'node_modules/permctl': { version: pkg.version, resolved: `file:${tarball}`, dev: true, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.dev === true || entry.devOptional === true) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[path] = { resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop() ?? name}-${entry.version}.tgz`, ...entry, dev: true };
  }
  return JSON.stringify({ name: 'policy', lockfileVersion: 3, requires: true, packages }, null, 2);
}

const run = (cmd: string, args: string[], cwd: string, node = process.execPath) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH ?? ''}`, NO_COLOR: '1' } });

let repo: string;

describe('the npm package', () => {
  beforeAll(() => {
    const dir = tempDir('permctl-pack-');
    const packed = run('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = join(dir, packed.stdout.trim().split('\n').pop() ?? '');
    expect(existsSync(tarball)).toBe(true);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/cli/main.d.ts');
    expect(files).not.toContain('package/src/');
    repo = join(dir, 'policy');
    cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'policy', private: true, devDependencies: { permctl: `file:${tarball}` } }));
    writeFileSync(join(repo, 'package-lock.json'), policyLockfile(tarball));
    const installed = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], repo);
    expect(installed.status, installed.stderr).toBe(0);
  }, TIMEOUT);

  it('npx permctl validate passes in a fresh policy repository', () => {
    const r = run('npx', ['--no-install', 'permctl', 'validate'], repo);
    expect(r.stderr).not.toMatch(/ERR_|Error/);
    expect(r.stdout).toMatch(/✓ valid — 8 files, 3 profiles, 4 users/);
    expect(r.status).toBe(0);
  }, TIMEOUT);

  it('npx permctl plan runs from node_modules (compiled worker, built-in policies)', () => {
    const r = run('npx', ['--no-install', 'permctl', 'plan', '--target', `sqlite:${join(repo, 'store.db')}`], repo);
    expect(r.stdout).toContain('Plan: 19 to create, 0 to update, 0 to delete.');
    expect(r.status).toBe(0);
  }, TIMEOUT);

  // The machine's own node (Node 20 here and in CI) stands for any Node older than 22.16.
  // Without NODE_OPTIONS: the oldest-Node CI run sets a flag that Node 20 rejects.
  const oldEnv = { ...process.env, NODE_OPTIONS: '' };
  const old = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8', env: oldEnv });
  const oldVersion = old.status === 0 ? old.stdout.trim() : '';
  const tooOld = /^(\d+)\.(\d+)/.exec(oldVersion);
  const isOld = tooOld !== null && (Number(tooOld[1]) < 22 || (Number(tooOld[1]) === 22 && Number(tooOld[2]) < 16));
  it.runIf(isOld)(`an older Node (${oldVersion}) gets one line saying what is needed`, () => {
    const r = spawnSync('/usr/bin/node', [join(repo, 'node_modules/permctl/bin/permctl.js'), 'validate'], { cwd: repo, encoding: 'utf8', env: oldEnv });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`permctl needs Node ≥ 22.16 (22.x from 22.16, or 24 and later); this is v${oldVersion}\n`);
  }, TIMEOUT);
});
