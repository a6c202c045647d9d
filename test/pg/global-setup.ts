// Vitest global setup: one PostgreSQL server for the whole run (see cluster.ts), started only
// when a test file that needs it is in the run, given to tests as inject('pgUrl') ('' when
// there is none; inject('pgSkip') says why).
import type { TestProject } from 'vitest/node';
import { startPg } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgSkip: string;
  }
}

/** `vitest run test/x.test.ts …`: files named on the command line. When all of them are
 *  files and none is a PostgreSQL test (their names contain "postgres"), no server is started;
 *  a directory or a pattern may match one, so it starts. */
function needed(): boolean {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && !a.endsWith('vitest') && !a.endsWith('vitest.mjs'));
  return filters.length === 0 || filters.some((f) => f.includes('postgres') || !f.endsWith('.ts'));
}

export default async function setup(project: TestProject): Promise<() => void> {
  const pg = needed() ? await startPg() : ({ ok: false, reason: 'no PostgreSQL test in this run' } as const);
  project.provide('pgUrl', pg.ok ? pg.server.url : '');
  project.provide('pgSkip', pg.ok ? '' : pg.reason);
  return () => {
    if (pg.ok) pg.server.stop();
  };
}
