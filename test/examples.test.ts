// Every example is a complete repository: the valid ones validate, plan and apply against a
// fresh SQLite store (and plan no changes after); the broken ones fail with exactly the
// errors their README lists.
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.ts';

// Policy repositories only: examples/workflows holds GitHub workflows to copy.
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((e) => statSync(join(ROOT, 'examples', e)).isDirectory() && existsSync(join(ROOT, 'examples', e, 'permctl.yaml')));
const BROKEN = EXAMPLES.filter((e) => e.startsWith('broken'));
const VALID = EXAMPLES.filter((e) => !e.startsWith('broken'));

/** Every file below DIR, relative, sorted. */
function tree(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).sort().flatMap((n) => {
    const path = rel === '' ? n : `${rel}/${n}`;
    return statSync(join(dir, path)).isDirectory() ? tree(dir, path) : [path];
  });
}

describe('examples', () => {
  it('has the examples the README promises', () => {
    expect(VALID).toEqual(expect.arrayContaining(['acme', 'acme-contact-center', 'minimal']));
    expect(BROKEN).toEqual(['broken', 'broken-shape']);
  });

  describe.each(VALID)('examples/%s', (name) => {
    it('validates with no warnings, plans, applies, and then plans no changes', async () => {
      const repo = join(tempDir('permctl-example-'), name);
      cpSync(join(ROOT, 'examples', name), repo, { recursive: true });
      const target = `sqlite:${join(repo, '..', 'store.db')}`;
      const validate = await runCli(['validate', repo, '--strict']);
      expect(validate.stdout).toContain('✓ valid'); // --strict: a warning would fail it
      expect(validate.code).toBe(0);
      const plan = await runCli(['plan', repo, '--target', target, '--detailed-exitcode']);
      expect(plan.stderr).not.toMatch(/error|warning/); // PC608: the store does not exist yet
      expect(plan.code).toBe(2);
      const apply = await runCli(['apply', repo, '--auto-approve', '--target', target]);
      expect(apply.stderr).toBe('');
      expect(apply.stdout).toContain('Apply complete');
      expect(apply.code).toBe(0);
      const again = await runCli(['plan', repo, '--target', target, '--detailed-exitcode']);
      expect(again.stdout).toContain('No changes');
      expect(again.code).toBe(0);
    });

    it('points every YAML file at an existing schema', () => {
      const dir = join(ROOT, 'examples', name);
      for (const file of tree(dir).filter((f) => /\.ya?ml$/.test(f))) {
        const m = /^# yaml-language-server: \$schema=(\S+)/.exec(readFileSync(join(dir, file), 'utf8'));
        expect(m, file).not.toBeNull();
        expect(() => statSync(join(dir, file, '..', m?.[1] ?? '')), `${file}: ${m?.[1]}`).not.toThrow();
      }
    });
  });

  it.each(BROKEN)('examples/%s fails with exactly the errors its README lists', async (name) => {
    const readme = readFileSync(join(ROOT, 'examples', name, 'README.md'), 'utf8');
    const listed = /```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(listed).toBeDefined();
    const r = await runCli(['validate', `examples/${name}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(listed);
  });

  it('acme-contact-center has several hundred users over files by site and team, as its generator writes them', () => {
    const out = tempDir();
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts/generate-example-users.ts'), out], { encoding: 'utf8' });
    expect(g.stderr).toBe('');
    const users = join(ROOT, 'examples/acme-contact-center/users');
    expect(tree(out)).toEqual(tree(users));
    for (const f of tree(out)) expect(readFileSync(join(users, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
    const logins = tree(users).flatMap((f) => readFileSync(join(users, f), 'utf8').match(/^ {2}- login: /gm) ?? []);
    expect(logins.length).toBeGreaterThanOrEqual(300);
  });
});
