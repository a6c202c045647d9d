// `npm run bench [-- --sizes 1000,10000,50000 --runs 3 --check]`: generates policy repositories
// at each size, then measures whole processes (validate; plan against a store holding the
// previous state with ~1% of users changed; the initial apply into an empty store) and the
// floor (reading and parsing the same YAML with js-yaml), several runs each, and reports the
// medians with peak RSS, per-stage timings and the ratios SPEC.md sets bars for.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateRepo, mutateUsers, sizeFor } from './generate.ts';
import { stageTimes } from './stages.ts';
import { benchPostgres, stopPg } from './postgres.ts';
import type { PgBench } from './postgres.ts';
import type { StageTimes } from './stages.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,50000' }, runs: { type: 'string', default: '3' }, out: { type: 'string', default: join(HERE, 'out') }, check: { type: 'boolean', default: false } } });
const sizes = args.sizes.split(',').map(Number);
const runs = Number(args.runs);

interface Measure { readonly ms: number; readonly maxRssMb: number; readonly code: number }

// The Node flags permctl runs with are those of its bin's shebang line; measure with them.
const NODE_FLAGS = (readFileSync(join(HERE, '../bin/permctl.js'), 'utf8').split('\n')[0] ?? '').split(/\s+/).filter((w) => w.startsWith('--'));

/** Wall time from spawn to exit, seen from here; peak RSS and exit code from the child. */
function measure(script: string, argv: readonly string[], cwd: string): Measure {
  const start = performance.now();
  const r = spawnSync(process.execPath, [...(script === 'child.ts' ? NODE_FLAGS : []), join(HERE, script), ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const report = r.output[3];
  if (typeof report !== 'string' || report === '') throw new Error(`${script} ${argv.join(' ')} failed: ${r.stderr}`);
  return { ...(JSON.parse(report) as Measure), ms: performance.now() - start };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function medianOf(n: number, run: () => Measure, expectCode: number): Measure {
  const all = Array.from({ length: n }, run);
  for (const m of all) if (m.code !== expectCode) throw new Error(`exit ${m.code}, expected ${expectCode}`);
  return { ms: median(all.map((m) => m.ms)), maxRssMb: median(all.map((m) => m.maxRssMb)), code: expectCode };
}

interface SizeResult { users: number; validate: Measure; plan: Measure; apply: Measure; floor: Measure; stages: StageTimes; planToFloor: number; postgres: PgBench | { skip: string } }

async function benchSize(users: number): Promise<SizeResult> {
  const dir = join(args.out, String(users));
  rmSync(dir, { recursive: true, force: true });
  const repo = join(dir, 'repo');
  generateRepo(repo, sizeFor(users));
  const store = join(dir, 'store.db');
  const config = join(repo, 'permctl.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^target: .*$/m, `target: sqlite:${store}`));
  const fresh = (): void => ['', '-wal', '-shm'].forEach((s) => rmSync(store + s, { force: true }));
  const apply = medianOf(runs, () => { fresh(); return measure('child.ts', ['apply', repo, '--auto-approve'], dir); }, 0);
  const previous = join(dir, 'repo-previous');
  cpSync(repo, previous, { recursive: true });
  mutateUsers(repo, 0.01); // the store now holds the previous state; 1% of users change
  const validate = medianOf(runs, () => measure('child.ts', ['validate', repo], dir), 0);
  const plan = medianOf(runs, () => measure('child.ts', ['plan', repo, '--detailed-exitcode'], dir), 2);
  const floor = medianOf(runs, () => measure('floor.ts', [repo], dir), 0);
  const stageRuns: StageTimes[] = [];
  for (let i = 0; i < runs; i++) stageRuns.push(await stageTimes(repo, store, i === 0 ? join(dir, 'stage-apply.db') : undefined));
  const stages = Object.fromEntries(Object.keys(stageRuns[0] ?? {}).map((k) => [k, median(stageRuns.flatMap((s) => (s[k] === undefined ? [] : [s[k]])))]));
  const postgres = await benchPostgres(users, previous, repo, join(dir, 'pg-plan.json'), runs, (argv) => measure('child.ts', argv, dir));
  return { users, validate, plan, apply, floor, stages, planToFloor: plan.ms / floor.ms, postgres };
}

const f = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (m: Measure): string => `${Math.round(m.maxRssMb)} MB`;

function table(results: readonly SizeResult[]): string {
  const rows = [['users', 'validate', 'plan', 'apply (initial)', 'floor', 'plan/floor', 'peak RSS validate/plan/apply']];
  for (const r of results) rows.push([String(r.users), f(r.validate.ms), f(r.plan.ms), f(r.apply.ms), f(r.floor.ms), r.planToFloor.toFixed(1), `${mb(r.validate)} / ${mb(r.plan)} / ${mb(r.apply)}`]);
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string => row.map((c, i) => c.padEnd(width[i]!)).join('  ');
  const stageNames = Object.keys(results[0]?.stages ?? {});
  const stageRows = results.map((r) => `${String(r.users).padEnd(7)}${stageNames.map((s) => `${s} ${Math.round(r.stages[s] ?? 0)}`).join(' · ')} (ms)`);
  const pgRows = results.map((r) => `${String(r.users).padEnd(7)}${'skip' in r.postgres ? `skipped: ${r.postgres.skip}` : `plan (1% changed) ${f(r.postgres.plan.ms)} · apply of that plan ${f(r.postgres.apply.ms)} · initial apply ${f(r.postgres.initialApply.ms)} · peak RSS plan/apply ${mb(r.postgres.plan)} / ${mb(r.postgres.apply)}`}`);
  return [line(rows[0]!), ...rows.slice(1).map(line), '', 'in-process stages (median):', ...stageRows, '', 'PostgreSQL store (whole processes, median):', ...pgRows].join('\n');
}

function checks(results: readonly SizeResult[]): string[] {
  const big = results.find((r) => r.users === 50_000);
  const mid = results.find((r) => r.users === 10_000);
  if (!big) return [];
  const out = [
    [`validate < 2 s at 50k`, big.validate.ms < 2000],
    [`plan < 2 s at 50k`, big.plan.ms < 2000],
    [`peak RSS < 600 MB at 50k`, Math.max(big.validate.maxRssMb, big.plan.maxRssMb) < 600],
    [`initial apply < 10 s at 50k`, big.apply.ms < 10_000],
  ] as [string, boolean][];
  if (!('skip' in big.postgres)) out.push([`PostgreSQL: plan < 2.5 s at 50k`, big.postgres.plan.ms < 2500], [`PostgreSQL: apply of a 1% change < 3 s at 50k`, big.postgres.apply.ms < 3000]);
  if (mid) out.push([`50k/10k time ratio ≤ 6 (validate ${(big.validate.ms / mid.validate.ms).toFixed(1)}, plan ${(big.plan.ms / mid.plan.ms).toFixed(1)})`, big.validate.ms / mid.validate.ms <= 6 && big.plan.ms / mid.plan.ms <= 6]);
  return out.map(([name, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${name}`);
}

mkdirSync(args.out, { recursive: true });
const results: SizeResult[] = [];
try {
  for (const users of sizes) {
    process.stderr.write(`bench: ${users} users…\n`);
    results.push(await benchSize(users));
  }
} finally {
  stopPg();
}
const verdicts = checks(results);
writeFileSync(join(args.out, 'results.json'), `${JSON.stringify({ node: process.version, runs, results, checks: verdicts }, null, 2)}\n`);
console.log(`${table(results)}\n\n${verdicts.join('\n')}\n\nwhole-process medians of ${runs} runs; JSON in ${join(args.out, 'results.json')}`);
if (args.check && verdicts.some((v) => v.startsWith('FAIL'))) process.exitCode = 1;

// Live Amazon Connect: API calls and time at the rate limit of a plan and a 1% apply, beside a
// per-resource refresh (bench/connect.ts, simulated clock against the local Connect-like server).
console.log(`\n${spawnSync(process.execPath, [join(HERE, 'connect.ts'), '--users', String(Math.max(...sizes))], { encoding: 'utf8', maxBuffer: 1 << 24 }).stdout}`);
