// The database client, behind a small interface so the store's logic can run on a real `pg`
// client or a wrapped one (tests pause a client mid-transaction to kill its process). `pg` is
// imported only when a postgres:// target is opened.
import type { PgConfig } from './url.ts';

export interface PgClient {
  /** Rows as arrays of column values, in SELECT order. */
  rows(text: string, values?: readonly unknown[]): Promise<unknown[][]>;
  exec(text: string, values?: readonly unknown[]): Promise<void>;
  end(): Promise<void>;
}

/** Replaces the password wherever a server or driver message repeats it. */
export function redactSecret(message: string, secret: string | undefined): string {
  return secret === undefined || secret === '' ? message : message.split(secret).join('***');
}

export async function connectPg(config: PgConfig, applicationName = 'permctl'): Promise<PgClient> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    database: config.database,
    ssl: config.ssl,
    application_name: applicationName,
    connectionTimeoutMillis: 15_000,
    // Only what permctl was given: never the process's PGPASSWORD behind the caller's back.
    password: config.password ?? '',
  });
  // A connection the server drops later (a restart) must not crash the process: the next query
  // fails with the reason instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    // eslint-disable-next-line preserve-caught-error -- the cause may repeat the password; its message is kept, redacted
    throw new Error(redactSecret(e instanceof Error ? e.message : String(e), config.password));
  }
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const err = new Error(redactSecret(e instanceof Error ? e.message : String(e), config.password));
      throw Object.assign(err, { code: (e as { code?: unknown }).code });
    }
  };
  return {
    rows: (text, values) => wrap(async () => (await client.query({ text, values: values as unknown[] | undefined, rowMode: 'array' })).rows as unknown[][]),
    exec: (text, values) => wrap(async () => void (await client.query(text, values as unknown[] | undefined))),
    end: () => client.end().catch(() => undefined),
  };
}
