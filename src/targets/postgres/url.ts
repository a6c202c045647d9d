// postgres://USER[:PASSWORD]@HOST[:PORT]/DB?schema=S&sslmode=M[&sslrootcert=FILE]
//
// The identity (what plans record and output shows) is postgres://USER@HOST:PORT/DB?schema=S:
// never the password, nor connection options. The password comes from the URL or PGPASSWORD
// (the URL wins); the user from the URL or PGUSER. sslmode follows libpq's names: disable,
// allow and prefer connect without TLS (this client cannot fall back, so it does not try);
// require encrypts without checking the certificate; verify-ca checks the chain
// (sslrootcert); verify-full checks the chain and the host name.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TargetEnv } from '../contract.ts';

export interface PgSsl {
  readonly rejectUnauthorized: boolean;
  readonly ca?: string;
  readonly checkServerIdentity?: () => undefined;
}

export interface PgConfig {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  readonly ssl: false | PgSsl;
}

export interface PgTarget {
  readonly config: PgConfig;
  readonly schema: string;
  readonly identity: string;
}

export const DEFAULT_SCHEMA = 'permctl';
const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
const KNOWN_PARAMS = new Set(['schema', 'sslmode', 'sslrootcert', 'application_name', 'connect_timeout']);
/** A schema is an identifier we quote ourselves: lower case, digits, underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

type Parsed = { readonly ok: true; readonly target: PgTarget } | { readonly ok: false; readonly reason: string };

function ssl(mode: string, rootcert: string | null, cwd: string): PgConfig['ssl'] | string {
  if (!(SSLMODES as readonly string[]).includes(mode)) return `sslmode must be one of ${SSLMODES.join(', ')}`;
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') return false;
  let ca: string | undefined;
  if (rootcert !== null) {
    try {
      ca = readFileSync(resolve(cwd, rootcert), 'utf8');
    } catch (e) {
      return `sslrootcert ${rootcert} cannot be read (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const withCa = ca === undefined ? {} : { ca };
  if (mode === 'require') return { rejectUnauthorized: false, ...withCa };
  if (mode === 'verify-ca') return { rejectUnauthorized: true, ...withCa, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true, ...withCa };
}

export function parsePgUrl(url: string, env: TargetEnv): Parsed {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL; write postgres://USER@HOST:PORT/DB?schema=NAME' };
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return { ok: false, reason: 'not a postgres:// URL' };
  const host = u.hostname.toLowerCase();
  if (host === '') return { ok: false, reason: 'give a host: postgres://USER@HOST:PORT/DB' };
  const user = decodeURIComponent(u.username) || env.env.PGUSER || '';
  if (user === '') return { ok: false, reason: 'give a user: postgres://USER@HOST:PORT/DB (or set PGUSER)' };
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) return { ok: false, reason: 'give a database: postgres://USER@HOST:PORT/DB' };
  const port = u.port === '' ? 5432 : Number(u.port);
  for (const key of u.searchParams.keys()) if (!KNOWN_PARAMS.has(key)) return { ok: false, reason: `unknown parameter ${JSON.stringify(key)}; known: ${[...KNOWN_PARAMS].join(', ')}` };
  const schema = u.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) return { ok: false, reason: `schema ${JSON.stringify(schema)} must be lower-case letters, digits and underscores, starting with a letter or underscore` };
  const tls = ssl(u.searchParams.get('sslmode') ?? 'prefer', u.searchParams.get('sslrootcert'), env.cwd);
  if (typeof tls === 'string') return { ok: false, reason: tls };
  const password = u.password !== '' ? decodeURIComponent(u.password) : env.env.PGPASSWORD;
  const identity = `postgres://${encodeURIComponent(user)}@${u.hostname.includes(':') ? `[${host}]` : host}:${port}/${encodeURIComponent(database)}?schema=${schema}`;
  return { ok: true, target: { config: { host: host.replace(/^\[|\]$/g, ''), port, user, password, database, ssl: tls }, schema, identity } };
}
