// permctl init: a repository that validates with no edits, whose modelines resolve to the
// schema of each file's kind; import writes the same layout.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KIND_SCHEMA } from '../src/init/layout.ts';
import { instanceName } from '../src/init/index.ts';
import { runCli, tempDir } from './helpers.ts';

function yamlFiles(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((name) => {
    const path = rel === '' ? name : `${rel}/${name}`;
    if (name.startsWith('.') || name === 'schemas') return [];
    return statSync(join(dir, path)).isDirectory() ? yamlFiles(dir, path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Each YAML file's first line names an existing schema, the one of the kinds it holds. */
export function expectModelinesResolve(dir: string): void {
  const files = yamlFiles(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const m = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    expect(m, file).not.toBeNull();
    const schemaPath = join(dir, dirname(file), m?.[1] ?? '');
    expect(existsSync(schemaPath), `${file} → ${m?.[1]}`).toBe(true);
    const kinds = new Set(parseAllDocuments(text).map((d) => (d.toJS() as { kind?: string } | null)?.kind ?? 'Config'));
    const expected = kinds.size === 1 ? KIND_SCHEMA[[...kinds][0] ?? ''] : 'policy.schema.json';
    expect(schemaPath.endsWith(`/${expected}`), `${file} holds ${[...kinds].join(', ')} but points at ${m?.[1]}`).toBe(true);
  }
}

describe('permctl init', () => {
  it('writes a repository that validates with no findings above a note, plans and applies', async () => {
    const dir = join(tempDir(), 'contact-center');
    const init = await runCli(['init', dir]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const validate = await runCli(['validate', dir]);
    expect(validate.stdout).toContain('✓ valid');
    expect(validate.stdout).toContain('0 warnings');
    expect(validate.code).toBe(0);
    expect(readFileSync(join(dir, 'permctl.yaml'), 'utf8')).toContain('instance: contact-center\n');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.permctl/');
    const workflow = readFileSync(join(dir, '.github/workflows/permctl.yml'), 'utf8');
    expect(workflow).toContain('permctl validate --format github');
    expect(workflow).not.toContain('__VERSION__');
    expect(workflow).not.toMatch(/uses: [^@\n]+@v\d/); // actions pinned to SHAs
    expectModelinesResolve(dir);
    const apply = await runCli(['apply', dir, '--auto-approve'], { cwd: dir });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(existsSync(join(dir, '.permctl/contact-center.db'))).toBe(true);
  });

  it('never overwrites: a second init fails and names the file', async () => {
    const dir = tempDir();
    expect((await runCli(['init', dir])).code).toBe(0);
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error PC920: .* already holds permctl\.yaml; init never overwrites a file/);
  });

  it('fails with a located message when the directory cannot be written', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    const r = await runCli(['init', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^permctl: error PC921: cannot write the repository into .*a-file: ENOTDIR/);
  });

  it.each([
    ['my policies', 'my-policies'],
    ['..', 'my-instance'],
    ['acme.prod', 'acme.prod'],
    ['ünï', 'n'],
  ])('instance name from directory %j is %j', (dir, name) => {
    expect(instanceName(dir)).toBe(name);
  });
});

describe('permctl import writes the same layout', () => {
  it('with modelines per kind, schemas and .gitignore, and plans no changes', async () => {
    const dir = join(tempDir(), 'repo');
    await runCli(['init', dir]);
    const target = `sqlite:${join(dir, 'store.db')}`;
    expect((await runCli(['apply', dir, '--auto-approve', '--target', target])).code).toBe(0);
    const out = join(tempDir(), 'imported');
    const imp = await runCli(['import', '--target', target, '--out', out]);
    expect(imp.code).toBe(0);
    expectModelinesResolve(out);
    expect(existsSync(join(out, 'schemas/definitions.schema.json'))).toBe(true);
    expect(readFileSync(join(out, '.gitignore'), 'utf8')).toContain('*.db');
    const plan = await runCli(['plan', out, '--target', target, '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
  });
});
