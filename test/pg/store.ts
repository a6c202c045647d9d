// Helpers for tests against the PostgreSQL server of test/pg/global-setup.ts: a URL per schema
// (each test works in a schema of its own, dropped after it), an admin client to edit a store
// behind permctl's back, and the environment that gives the CLI the password.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { PgClient } from '../../src/targets/postgres/client.ts';
import { connectPg } from '../../src/targets/postgres/client.ts';
import { parsePgUrl } from '../../src/targets/postgres/url.ts';
import { ROOT } from '../helpers.ts';

const SERVER = inject('pgUrl');
export const PG_SKIP = inject('pgSkip');
export const pgServer = SERVER === '' ? undefined : new URL(SERVER);
export const PG_PASSWORD = pgServer ? decodeURIComponent(pgServer.password) : '';
/** What the CLI needs besides the URL: the password, never in the URL or the output. */
export const PG_ENV: Record<string, string> = { PGPASSWORD: PG_PASSWORD };

/** The server's URL for `schema`, without the password. */
export function pgUrlFor(schema: string): string {
  if (!pgServer) throw new Error('no server');
  const u = new URL(pgServer.href);
  u.password = '';
  u.search = `?schema=${schema}&sslmode=disable`;
  return u.href;
}

export const newPgSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

export async function pgAdmin(): Promise<PgClient> {
  const p = parsePgUrl(pgUrlFor('public'), { env: PG_ENV, cwd: ROOT });
  if (!p.ok) throw new Error(p.reason);
  return connectPg(p.target.config, 'permctl-test-admin');
}

/** Runs `sql` with search_path set to `schema` (unqualified names are the store's tables). */
export async function inSchema(admin: PgClient, schema: string, sql: string): Promise<void> {
  try {
    await admin.exec(`BEGIN; SET LOCAL search_path TO "${schema}"; ${sql}; COMMIT;`);
  } catch (e) {
    await admin.exec('ROLLBACK');
    throw e;
  }
}

export async function dropPgSchema(admin: PgClient, schema: string): Promise<void> {
  await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
