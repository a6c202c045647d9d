// A real PostgreSQL server for the tests and the bench. PERMCTL_TEST_PG_URL (a server of your
// own: postgres://USER:PASSWORD@HOST:PORT/DB; the tests work in schemas they create and drop)
// wins; otherwise a throwaway cluster is made with Debian's initdb and pg_ctl in a temp dir,
// as the unprivileged `postgres` user when this runs as root, listening on 127.0.0.1 on a free
// port, and removed by stop(). Without either, PostgreSQL tests are skipped with the reason —
// unless PERMCTL_REQUIRE_PG=1 (set by .ci/run), which makes that an error.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  /** postgres://USER:PASSWORD@127.0.0.1:PORT/postgres */
  readonly url: string;
  stop(): void;
}

export type PgAvailability = { readonly ok: true; readonly server: PgServer } | { readonly ok: false; readonly reason: string };

function binDir(): string | undefined {
  const own = process.env.PERMCTL_PG_BINDIR;
  if (own !== undefined && existsSync(join(own, 'initdb'))) return own;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(base, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startPg(): Promise<PgAvailability> {
  const own = process.env.PERMCTL_TEST_PG_URL;
  if (own !== undefined && own !== '') return { ok: true, server: { url: own, stop: () => undefined } };
  const bin = binDir();
  if (bin === undefined) return unavailable('PostgreSQL is not installed (apt-get install postgresql) and PERMCTL_TEST_PG_URL is not set');
  const root = userInfo().uid === 0;
  if (root && !hasUser('postgres')) return unavailable('running as root and there is no `postgres` user to run the server as');
  const dir = mkdtempSync(join(tmpdir(), 'permctl-pg-'));
  const password = randomBytes(12).toString('hex');
  writeFileSync(join(dir, 'pw'), password, { mode: 0o600 });
  if (root) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(ids), Number(gid));
    chownSync(join(dir, 'pw'), Number(ids), Number(gid));
  }
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  };
  const data = join(dir, 'data');
  try {
    run('initdb', ['-D', data, '-U', 'permctl', '--auth=scram-sha-256', `--pwfile=${join(dir, 'pw')}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    // fsync off: a test server need not survive a power cut; every other setting is stock.
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=60`;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', opts, 'start']);
    return {
      ok: true,
      server: {
        url: `postgres://permctl:${password}@127.0.0.1:${port}/postgres`,
        stop() {
          try {
            run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    return unavailable(`the throwaway cluster did not start: ${e instanceof Error ? e.message : String(e)} ${stderr}`);
  }
}

function hasUser(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unavailable(reason: string): PgAvailability {
  if (process.env.PERMCTL_REQUIRE_PG === '1') throw new Error(`PostgreSQL is required (PERMCTL_REQUIRE_PG=1): ${reason}`);
  return { ok: false, reason };
}
