// PostgreSQL figures beside SQLite's: `plan` against a postgres:// store holding the previous
// state (1% of users changed since), and `apply` of that saved plan. The server is
// PERMCTL_BENCH_PG_URL (or PERMCTL_TEST_PG_URL), else a throwaway cluster as in the tests
// (test/pg/cluster.ts); without either the PostgreSQL rows are skipped with the reason.
// Each run starts from a fresh schema holding the previous state (an untimed initial apply,
// reported separately), so every timed apply does the same work.
import { startPg } from '../test/pg/cluster.ts';
import type { PgServer } from '../test/pg/cluster.ts';

export interface PgMeasure {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly code: number;
}

export type Measurer = (argv: readonly string[], cwd?: string) => PgMeasure;

export interface PgBench {
  readonly initialApply: PgMeasure;
  readonly plan: PgMeasure;
  readonly apply: PgMeasure;
}

let server: PgServer | undefined;
let skipped: string | undefined;

/** The server, started once per bench run; undefined (and why) when there is none. */
export async function pgServer(): Promise<{ url: URL } | { skip: string }> {
  if (server === undefined && skipped === undefined) {
    const own = process.env.PERMCTL_BENCH_PG_URL ?? process.env.PERMCTL_TEST_PG_URL;
    const r = own ? { ok: true as const, server: { url: own, stop: () => undefined } } : await startPg();
    if (r.ok) server = r.server;
    else skipped = r.reason;
  }
  return server ? { url: new URL(server.url) } : { skip: skipped ?? 'no server' };
}

export function stopPg(): void {
  server?.stop();
  server = undefined;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const med = (ms: readonly PgMeasure[], code: number): PgMeasure => {
  for (const m of ms) if (m.code !== code) throw new Error(`postgres bench: exit ${m.code}, expected ${code}`);
  return { ms: median(ms.map((m) => m.ms)), maxRssMb: median(ms.map((m) => m.maxRssMb)), code };
};

/** `previous`: the repository the store holds; `next`: the same with 1% of users changed. */
export async function benchPostgres(users: number, previous: string, next: string, planFile: string, runs: number, measure: Measurer): Promise<PgBench | { skip: string }> {
  const pg = await pgServer();
  if ('skip' in pg) return pg;
  const u = new URL(pg.url.href);
  process.env.PGPASSWORD = decodeURIComponent(u.password); // the children read it; never in the URL
  u.password = '';
  const schema = `bench_${users}`;
  u.search = `?schema=${schema}&sslmode=disable`;
  const target = u.href;
  const { connectPg } = await import('../src/targets/postgres/client.ts');
  const { parsePgUrl } = await import('../src/targets/postgres/url.ts');
  const parsed = parsePgUrl(target, { env: process.env, cwd: process.cwd() });
  if (!parsed.ok) throw new Error(parsed.reason);
  const admin = await connectPg(parsed.target.config, 'permctl-bench');
  const initial: PgMeasure[] = [];
  const plans: PgMeasure[] = [];
  const applies: PgMeasure[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      initial.push(measure(['apply', previous, '--auto-approve', '--target', target]));
      plans.push(measure(['plan', next, '--detailed-exitcode', '--target', target, '--out', planFile]));
      // A saved plan is applied from its repository's checkout: apply plans again there and
      // applies only an identical result.
      applies.push(measure(['apply', planFile, '--target', target], next));
    }
  } finally {
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
  return { initialApply: med(initial, 0), plan: med(plans, 2), apply: med(applies, 0) };
}
