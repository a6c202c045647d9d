// Plans for the comment tests, made by the real CLI: the example repository planned against an
// empty SQLite store, the same after a risky edit, the broken example (a failed plan), and a
// plan with no changes. Cached per test file.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import type { Plan } from '../src/plan/types.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

export const SHA = '0123456789abcdef0123456789abcdef01234567';

export const riskReason = (p: string): string | undefined => loadBuiltin().catalog.permissions.get(p)?.riskReason ?? loadBuiltin().catalog.recordingRisks[p]?.reason;

export interface ExamplePlans {
  readonly initial: Plan;
  readonly update: Plan;
  readonly empty: Plan;
  readonly failed: Plan;
  /** The files, for `permctl comment --plan`. */
  readonly files: { readonly initial: string; readonly update: string; readonly empty: string; readonly failed: string };
}

let cached: Promise<ExamplePlans> | undefined;

async function make(): Promise<ExamplePlans> {
  const dir = tempDir('permctl-comment-plans-');
  const repo = join(dir, 'acme');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
  const target = `sqlite:${join(dir, 'store.db')}`;
  const env = { GITHUB_SHA: SHA, PERMCTL_ACTOR: 'test' };
  const plan = async (root: string, name: string, code = 0): Promise<string> => {
    const out = join(dir, `${name}.json`);
    const r = await runCli(['plan', root, '--target', target, '--out', out, '--format', 'json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(code);
    return out;
  };
  const initial = await plan(repo, 'initial');
  expect((await runCli(['apply', repo, '--auto-approve', '--target', target], { cwd: dir, env })).code).toBe(0);
  const empty = await plan(repo, 'empty');
  const file = join(repo, 'profiles/supervisors.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('  - RealTimeMetrics.Access', '  - RealTimeMetrics.Access\n  - Users.Edit'));
  const update = await plan(repo, 'update');
  const failed = await plan(join(ROOT, 'examples/broken'), 'failed', 1);
  const read = (f: string): Plan => JSON.parse(readFileSync(f, 'utf8')) as Plan;
  return { initial: read(initial), update: read(update), empty: read(empty), failed: read(failed), files: { initial, update, empty, failed } };
}

export function examplePlans(): Promise<ExamplePlans> {
  return (cached ??= make());
}
