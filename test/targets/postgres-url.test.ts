// postgres:// URLs: the identity a plan records (never a password or connection option), where
// the password and user come from, sslmode, and every mistake a user can write, as the CLI
// shows it. No server needed: the URL is refused before anything connects.
import { describe, expect, it } from 'vitest';
import { parsePgUrl } from '../../src/targets/postgres/url.ts';
import { runCli } from '../helpers.ts';

const env = (vars: Record<string, string> = {}) => ({ env: vars, cwd: '/tmp' });

describe('postgres URLs', () => {
  it.each([
    ['postgres://ci@DB.example.com/permctl', 'postgres://ci@db.example.com:5432/permctl?schema=permctl'],
    ['postgresql://ci:s3cret@db:6543/prod?schema=team_a&sslmode=require', 'postgres://ci@db:6543/prod?schema=team_a'],
    ['postgres://ci%40corp@db/my%20db?schema=s', 'postgres://ci%40corp@db:5432/my%20db?schema=s'],
  ])('%s has the identity %s', (url, identity) => {
    const p = parsePgUrl(url, env());
    expect(p).toMatchObject({ ok: true, target: { identity } });
  });

  it('takes the password from the URL, else PGPASSWORD; the user from the URL, else PGUSER', () => {
    expect(parsePgUrl('postgres://ci:from-url@db/x', env({ PGPASSWORD: 'from-env' }))).toMatchObject({ ok: true, target: { config: { password: 'from-url' } } });
    expect(parsePgUrl('postgres://ci@db/x', env({ PGPASSWORD: 'from-env' }))).toMatchObject({ ok: true, target: { config: { password: 'from-env' } } });
    expect(parsePgUrl('postgres://db/x', env({ PGUSER: 'envuser' }))).toMatchObject({ ok: true, target: { identity: 'postgres://envuser@db:5432/x?schema=permctl' } });
  });

  it.each([
    ['disable', false],
    ['prefer', false],
    ['require', { rejectUnauthorized: false }],
    ['verify-full', { rejectUnauthorized: true }],
  ])('sslmode=%s', (mode, ssl) => {
    expect(parsePgUrl(`postgres://ci@db/x?sslmode=${mode}`, env())).toMatchObject({ ok: true, target: { config: { ssl } } });
  });

  it('verify-ca checks the chain but not the host name', () => {
    const p = parsePgUrl('postgres://ci@db/x?sslmode=verify-ca', env());
    expect(p.ok && p.target.config.ssl !== false && p.target.config.ssl.rejectUnauthorized && p.target.config.ssl.checkServerIdentity?.()).toBe(undefined);
  });

  it.each([
    ['postgres://ci@db/x?sslmode=maybe', 'sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full'],
    ['postgres://ci@db/x?schema=Bad-Name', 'schema "Bad-Name" must be lower-case letters, digits and underscores'],
    ['postgres://ci@db/x?password=s3cret', 'unknown parameter "password"'],
    ['postgres://ci@db/', 'give a database: postgres://USER@HOST:PORT/DB'],
    ['postgres://db/x', 'give a user: postgres://USER@HOST:PORT/DB (or set PGUSER)'],
    ['postgres://ci@db/x?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem', 'sslrootcert /nonexistent/ca.pem cannot be read'],
  ])('%s is refused: %s', async (url, reason) => {
    expect(parsePgUrl(url, env())).toMatchObject({ ok: false, reason: expect.stringContaining(reason) as unknown });
    const r = await runCli(['plan', 'examples/acme', '--target', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error PC606: target postgres://…: ${reason}`);
    expect(r.stderr).not.toContain('s3cret');
  });
});
