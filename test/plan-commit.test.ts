// The commit a plan records: the checkout's HEAD (asked of git while the repository
// validates), GITHUB_SHA in Actions, none outside a git checkout; a failed plan records it too.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.ts';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

interface Saved {
  gitCommit: string | null;
  plans?: { gitCommit: string | null }[];
}
const commitsIn = (file: string): (string | null)[] => {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  return saved.plans ? saved.plans.map((p) => p.gitCommit) : [saved.gitCommit];
};

describe('the commit a plan records', () => {
  let checkout: string;
  let loose: string;
  let head: string;
  beforeAll(() => {
    checkout = join(tempDir('permctl-commit-'), 'repo');
    cpSync(join(ROOT, 'examples/acme'), checkout, { recursive: true });
    git(checkout, 'init', '-q');
    git(checkout, 'add', '.');
    git(checkout, 'commit', '-q', '-m', 'policy');
    head = git(checkout, 'rev-parse', 'HEAD');
    loose = join(tempDir('permctl-nogit-'), 'repo');
    cpSync(join(ROOT, 'examples/acme'), loose, { recursive: true });
  });

  const plan = async (repo: string, env: Record<string, string> = {}): Promise<(string | null)[]> => {
    const out = join(repo, '..', `plan-${Math.random().toString(36).slice(2)}.json`);
    const r = await runCli(['plan', repo, '--target', `sqlite:${join(repo, '..', 'store.db')}`, '--out', out], { env });
    expect(r.stderr).not.toMatch(/error/i);
    return commitsIn(out);
  };

  it("a git checkout: its HEAD", async () => {
    expect(await plan(checkout)).toEqual([head]);
  });

  it('GITHUB_SHA when set (Actions checks out a merge commit)', async () => {
    expect(await plan(checkout, { GITHUB_SHA: 'c0ffee' })).toEqual(['c0ffee']);
  });

  it('outside a git checkout: none', async () => {
    // (A temporary directory is outside any repository unless the machine's /tmp is one.)
    expect(await plan(loose)).toEqual([null]);
  });

  it('a plan that fails validation records the commit too', async () => {
    const broken = join(tempDir('permctl-commit-broken-'), 'repo');
    cpSync(checkout, broken, { recursive: true });
    writeFileSync(join(broken, 'profiles', 'broken.yaml'), 'kind: SecurityProfile\nname: [\n');
    const out = join(broken, '..', 'failed.json');
    const r = await runCli(['plan', broken, '--target', `sqlite:${join(broken, '..', 'store.db')}`, '--out', out]);
    expect(r.code).toBe(1);
    expect(commitsIn(out)).toEqual([head]);
  });
});
