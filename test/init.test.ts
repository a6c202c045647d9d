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
    const workflow = (name: string): string => readFileSync(join(dir, '.github/workflows', name), 'utf8');
    expect(workflow('permctl-plan.yml')).toContain('permctl validate --format github');
    // The job that processes the pull request's YAML holds no write token; only the
    // workflow_run job that reads the uploaded plan may write comments.
    expect(workflow('permctl-plan.yml')).not.toContain('pull-requests: write');
    expect(workflow('permctl-comment.yml')).toContain('workflow_run');
    for (const name of ['permctl-plan.yml', 'permctl-comment.yml', 'permctl-apply.yml']) {
      expect(workflow(name)).not.toContain('__VERSION__');
      expect(workflow(name)).toMatch(/npm install --global (--ignore-scripts )?permctl@\d/);
      expect(workflow(name)).not.toMatch(/uses: [^@\n]+@v\d/); // actions pinned to SHAs
    }
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

describe('the workflows permctl init writes', () => {
  // They are examples/workflows/ (tested by actionlint and documented in the README) with one
  // difference: a new repository has no package.json, so permctl is installed globally at the
  // version that wrote them instead of from the repository's lockfile.
  const asTemplate = (text: string): string =>
    text
      .replace(/^( *)- run: npm ci --ignore-scripts$/gm, '$1- run: npm install --global --ignore-scripts permctl@__VERSION__')
      .replace(/^( *)- run: npm ci$/gm, '$1- run: npm install --global permctl@__VERSION__')
      .replaceAll('npx permctl', 'permctl');
  const body = (text: string): string => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  it.each(['permctl-plan.yml', 'permctl-comment.yml', 'permctl-apply.yml'])('%s is examples/workflows/%s with a global install', (name) => {
    const example = readFileSync(join(import.meta.dirname, '../examples/workflows', name), 'utf8');
    const template = readFileSync(join(import.meta.dirname, '../src/init/template/github/workflows', name), 'utf8');
    expect(body(template)).toBe(body(asTemplate(example)));
  });
});
