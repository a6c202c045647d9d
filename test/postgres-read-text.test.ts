// The PostgreSQL store's users written as the state's text by the server
// (src/targets/postgres/read-text.ts), as test/read-text.test.ts checks it for SQLite: wherever
// it answers, its text is exactly stateText of the state read.ts reads (so the fingerprint, the
// plan and the state the main thread rebuilds are the same); where the server could write
// something else, it declines and read.ts reads.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserState } from '../src/plan/state.ts';
import { FINGERPRINT_SLICE, stateText } from '../src/plan/state-text.ts';
import type { PgClient } from '../src/targets/postgres/client.ts';
import { readState } from '../src/targets/postgres/read.ts';
import { readStateText } from '../src/targets/postgres/read-text.ts';
import { ensureSchemaIn } from '../src/targets/postgres/schema.ts';
import { connectPg } from '../src/targets/postgres/client.ts';
import { parsePgUrl } from '../src/targets/postgres/url.ts';
import { ROOT } from './helpers.ts';
import { PG_ENV, PG_SKIP, dropPgSchema, newPgSchema, pgAdmin, pgServer, pgUrlFor } from './pg/store.ts';
import { generatedUser as user } from './sqlite-fixtures.ts';

let db: PgClient;
let schema: string;

/** Every character of the Basic Multilingual Plane below the surrogates but NUL (which a text
 *  value cannot hold), in names: what to_json escapes must be what JSON.stringify escapes. */
const ESCAPES: UserState[] = Array.from({ length: 0xd800 / 0x200 }, (_, k) => ({
  login: `esc-${String(k).padStart(3, '0')}`,
  name: String.fromCharCode(...Array.from({ length: 0x200 }, (_, c) => k * 0x200 + c).filter((c) => c > 0)),
  securityProfiles: [`p"\\/${String.fromCharCode(1 + (k % 31))}`, `P${k}`],
  hierarchy: '\u2028\u2029\u007f',
}));

/** A fresh store schema holding `users` (lists written in reverse: the reader orders them) and
 *  a profile `Agent`; the client's search_path is the schema. */
async function fill(users: readonly UserState[], client: PgClient = db): Promise<void> {
  schema = newPgSchema();
  await client.exec(`SET search_path TO "${schema}"`);
  await ensureSchemaIn(client, schema);
  const us = [...users].reverse();
  const rec = us.filter((u) => u.recordings !== undefined);
  const pairs = (f: (u: UserState) => readonly string[], from: readonly UserState[]): [string[], string[]] => [from.flatMap((u) => f(u).map(() => u.login)), from.flatMap((u) => [...f(u)].reverse())];
  await client.exec('INSERT INTO users SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])', [us.map((u) => u.login), us.map((u) => u.name ?? null), us.map((u) => u.routingProfile ?? null), us.map((u) => u.hierarchy ?? null)]);
  await client.exec('INSERT INTO user_security_profiles SELECT * FROM unnest($1::text[], $2::text[])', pairs((u) => u.securityProfiles, us));
  const r = (f: (x: NonNullable<UserState['recordings']>) => boolean): boolean[] => rec.map((u) => (u.recordings ? f(u.recordings) : false));
  await client.exec('INSERT INTO user_recordings SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::bool[], $5::bool[], $6::bool[])', [rec.map((u) => u.login), rec.map((u) => u.recordings?.role), r((x) => x.viewCallRecordings), r((x) => x.viewOutboundCallRecordings), r((x) => x.viewScreenRecordings), r((x) => x.deleteCallRecordings)]);
  await client.exec('INSERT INTO user_recording_lines SELECT * FROM unnest($1::text[], $2::text[])', pairs((u) => u.recordings?.lines ?? [], rec));
  await client.exec(`INSERT INTO security_profiles VALUES ('Agent', 'Zoë''s "agents"'); INSERT INTO security_profile_permissions VALUES ('Agent', 'BasicAgentAccess')`);
}

async function expectSameText(): Promise<void> {
  const text = await readStateText(db);
  expect(text).toBeDefined();
  expect(text).toEqual(stateText(await readState(db)));
}

if (pgServer === undefined) {
  describe.skip(`PostgreSQL readStateText (skipped: ${PG_SKIP})`, () => {
    it('needs a server', () => undefined);
  });
}

describe.skipIf(pgServer === undefined)('PostgreSQL readStateText', () => {
  beforeAll(async () => {
    db = await pgAdmin();
  });
  afterEach(async () => {
    await dropPgSchema(db, schema);
  });
  afterAll(async () => {
    await db?.end();
  });

  // None, less than one slice, exactly two slices, and a partial third one.
  it.each([0, 7, 2 * FINGERPRINT_SLICE, 2 * FINGERPRINT_SLICE + 345])('writes exactly stateText of the state read, with %i users', async (n) => {
    await fill(Array.from({ length: n }, (_, i) => user(i)));
    await expectSameText();
    expect((await readStateText(db))?.users).toHaveLength(Math.ceil(n / FINGERPRINT_SLICE));
  });

  it('escapes every character below the surrogates as JSON.stringify does', async () => {
    await fill(ESCAPES);
    await expectSameText();
  });

  it.each(['a\u{1F600}@x', 'a\uFFFD@x', 'a\uE000@x'])('declines a login holding %j, which could order differently from UTF-16 code units', async (odd) => {
    await fill([user(1), user(2, odd), user(3)]);
    expect(await readStateText(db)).toBeUndefined();
    expect((await readState(db)).users.map((u) => u.login)).toContain(odd);
  });

  it('declines a profile name beyond the Basic Multilingual Plane', async () => {
    await fill([user(1), { ...user(2), securityProfiles: ['Agent', 'Équipe \u{1F600}'] }]);
    expect(await readStateText(db)).toBeUndefined();
  });

  it('declines a database whose encoding is not UTF-8 (its bytes need not sort as code points)', async (ctx) => {
    // A server of one's own (PERMCTL_TEST_PG_URL) may not let its user create databases.
    const [may] = await db.rows('SELECT rolcreatedb OR rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user');
    if (may?.[0] !== true) ctx.skip('the server does not let this user create a database');
    const name = `permctl_latin1_${newPgSchema()}`;
    await db.exec(`CREATE DATABASE ${name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
    const u = new URL(pgUrlFor('s'));
    u.pathname = `/${name}`;
    const p = parsePgUrl(u.href, { env: PG_ENV, cwd: ROOT });
    if (!p.ok) throw new Error(p.reason);
    const latin1 = await connectPg(p.target.config, 'permctl-test');
    try {
      await fill([user(1), user(2)], latin1);
      expect(await readStateText(latin1)).toBeUndefined();
      expect((await readState(latin1)).users).toHaveLength(2);
    } finally {
      await latin1.end();
      await db.exec(`DROP DATABASE ${name}`);
    }
  });

  it('declines a column altered to another type, and a NULL where the schema has none, so read.ts reads or reports it', async () => {
    await fill([user(1), user(2), user(6)]);
    await db.exec('ALTER TABLE users ALTER COLUMN name TYPE varchar');
    expect(await readStateText(db)).toBeUndefined();
    await db.exec('ALTER TABLE users ALTER COLUMN name TYPE text');
    await expectSameText();
    await db.exec('ALTER TABLE user_recordings ALTER COLUMN view_call DROP NOT NULL; UPDATE user_recordings SET view_call = NULL');
    expect(await readStateText(db)).toBeUndefined();
    await expect(readState(db)).rejects.toThrow(/expected a boolean, got object/);
  });
});
