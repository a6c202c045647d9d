// Tamper evidence for a PostgreSQL store, as sqlite/verify.ts does it for a SQLite one (the same
// record digest and chain, so both stores say the same things in the same words). Anyone with
// the schema's privileges can edit it, triggers included, so `permctl history --verify` and
// every `plan` check:
// - the history chain: each record's hash covers the record before it, so an edited or removed
//   record breaks it; records written before the chain (schema < 3) are chained here;
// - the store's own applies follow each other (a record's fingerprint_before is the previous
//   one's fingerprint_after) and the last one left the state the store holds now;
// - the materialised access tables hold exactly what the users' profiles and recordings give.
// History is read a page at a time, so a long history never sits in memory whole.
import { stateFingerprint } from '../../plan/fingerprint.ts';
import { chainHash } from '../sqlite/verify.ts';
import type { PgClient } from './client.ts';
import { readState } from './read.ts';
import { storedVersion } from './schema.ts';

export const GENESIS = 'sha256:genesis';

/** The columns a record's digest covers, in recordDigest's order. */
const FIELDS = ['id', 'applied_at', 'actor', 'git_commit', 'plan_hash', 'target', 'status', 'fingerprint_before', 'fingerprint_after', 'summary', 'changes', 'outcomes'] as const;
type Field = (typeof FIELDS)[number];
/** Version 1 records have no target, status or outcomes (read as the migration fills them);
 *  versions before 3 have no chain. */
const COLUMN: Readonly<Record<number, Partial<Record<Field | 'chain', string>>>> = {
  1: { target: `''::text`, status: `'applied'::text`, outcomes: `'[]'::text`, chain: 'NULL::text' },
  2: { chain: 'NULL::text' },
  3: {},
};
const PAGE = 200;

/**
 * recordDigest (sqlite/verify.ts) written in SQL, so the server hashes each record where it
 * lies: the first record of a 50,000-user store holds 24 MB of changes, which would otherwise
 * cross the network, be decoded and be hashed here. Byte for byte what recordDigest hashes: a
 * text column as NUL 's', its UTF-8 length, ':' and its UTF-8 bytes (convert_to, so a server
 * in another encoding hashes what the client would read); NULL as NUL 'n'; the id as NUL 'j'
 * and its JSON. Each column is converted once (pageQuery): a column named three times in one
 * expression is decompressed three times. Functions are schema-qualified: nothing in the
 * store's schema may stand in for them.
 */
const utf8 = (sql: string): string => `pg_catalog.convert_to(${sql}, 'UTF8')`;
const DIGEST = (() => {
  const part = (f: Field): string =>
    f === 'id' ? `'\\x006a'::bytea || ${utf8('b.id::text')}` : `CASE WHEN b.${f} IS NULL THEN '\\x006e'::bytea ELSE '\\x0073'::bytea || ${utf8(`pg_catalog.octet_length(b.${f})::text || ':'`)} || b.${f} END`;
  return `pg_catalog.encode(pg_catalog.sha256(${[utf8(`'permctl-history-record-1'`), ...FIELDS.map(part)].join(' || ')}), 'hex')`;
})();

/** A page of records after $1: the id, the digest, the chain and what the walk compares. The
 *  page is sorted while its columns are still references to compressed values (sorting the
 *  converted bytes spills 24 MB to disk); `b` (OFFSET 0: kept a subquery of its own) converts
 *  each column once. */
const pageQuery = (version: number): string => {
  const col = (f: Field | 'chain'): string => (COLUMN[version] ?? COLUMN[3])?.[f] ?? f;
  const compared = ['target', 'status', 'fingerprint_before', 'fingerprint_after'] as const;
  return `SELECT b.id, ${DIGEST}, b.chain, ${compared.map((f) => `b.${f}_text`).join(', ')}
    FROM (SELECT h.id, ${FIELDS.filter((f) => f !== 'id').map((f) => `${utf8(`h.${f}`)} AS ${f}`).join(', ')}, h.chain, ${compared.map((f) => `h.${f} AS ${f}_text`).join(', ')}
          FROM (SELECT id, ${[...FIELDS.filter((f) => f !== 'id'), 'chain' as const].map((f) => `${col(f)} AS ${f}`).join(', ')}
                FROM history WHERE id > $1 ORDER BY id LIMIT ${PAGE}) h
          OFFSET 0) b
    ORDER BY b.id`;
};

interface Row {
  readonly id: number;
  readonly digest: string;
  readonly chain: unknown;
  readonly target: unknown;
  readonly status: unknown;
  readonly fingerprintBefore: unknown;
  readonly fingerprintAfter: unknown;
}

/** The store's records in id order, a page at a time, each with its digest: the changes
 *  themselves never leave the server. */
async function* records(db: PgClient, version: number): AsyncGenerator<Row> {
  const query = pageQuery(version);
  let after = 0;
  for (;;) {
    const page = await db.rows(query, [after]);
    for (const r of page) yield { id: Number(r[0]), digest: `sha256:${String(r[1])}`, chain: r[2], target: r[3], status: r[4], fingerprintBefore: r[5], fingerprintAfter: r[6] };
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1]?.[0]);
  }
}

/** A store's own applies, as opposed to a live target's recorded here: every PostgreSQL
 *  identity of the store (its user or host may be spelled differently between runners). */
const ownRecord = (r: Row): boolean => (r.target === '' || (typeof r.target === 'string' && r.target.startsWith('postgres://'))) && r.status === 'applied';

interface Walk {
  readonly head: string;
  readonly problems: string[];
  readonly last?: Row;
}

export async function walkChain(db: PgClient, version: number, own: boolean): Promise<Walk> {
  const problems: string[] = [];
  let head = GENESIS;
  let expectedId = 1;
  let lastOwn: Row | undefined;
  let chained = false;
  for await (const row of records(db, version)) {
    const id = row.id;
    if (id !== expectedId) problems.push(id > expectedId ? `history records #${expectedId}–#${id - 1} were removed` : `history record #${id} is out of order`);
    head = chainHash(head, row.digest);
    if (typeof row.chain === 'string' && row.chain !== head) problems.push(`history record #${id} was edited or a record before it removed (its hash does not match the chain)`);
    // Records before the chain (schema < 3) have none; after the first that has one, every
    // record permctl writes has one: a record without is one permctl did not write.
    if (typeof row.chain !== 'string' && chained) problems.push(`history record #${id} has no hash although the records before it do: it was not written by permctl`);
    if (typeof row.chain === 'string') {
      head = row.chain;
      chained = true;
    }
    if (own && ownRecord(row)) {
      if (lastOwn !== undefined && lastOwn.fingerprintAfter !== row.fingerprintBefore) problems.push(`history record #${id} does not follow record #${String(lastOwn.id)}: the store was changed between them outside permctl, or a record was removed`);
      lastOwn = row;
    }
    expectedId = id + 1;
  }
  return { head, problems, ...(lastOwn !== undefined ? { last: lastOwn } : {}) };
}

/** The id and chain hash the next record gets. Run under the store's apply lock (index.ts),
 *  so no other record can be appended between this read and the insert. Ids are max + 1, not
 *  the serial's next value: a rolled-back apply would leave a gap that reads as a removal. */
export async function nextLink(db: PgClient): Promise<{ id: number; previous: string }> {
  const [last] = await db.rows('SELECT id, chain FROM history ORDER BY id DESC LIMIT 1');
  if (last === undefined) return { id: 1, previous: GENESIS };
  const id = Number(last[0]) + 1;
  if (typeof last[1] === 'string') return { id, previous: last[1] };
  // A store migrated from version 2 or 1: its records are chained now, as verify chains them.
  const version = (await storedVersion(db)) ?? 3;
  return { id, previous: (await walkChain(db, version, false)).head };
}

/** Each side of the access check as (row count, sum of 64-bit row hashes): one pass over
 *  each table. A row's hash is its second column's, seeded with the login's, so no two
 *  different rows read alike; a recording row's flags are one digit after the line. The join
 *  side is grouped (a user may get a permission from two profiles); the stored tables and the
 *  recording lines have a primary key. */
const SIDES = (() => {
  const h = (login: string, value: string): string => `count(*)::text || ':' || coalesce(sum(hashtextextended(${value}, hashtextextended(${login}, 0))), 0)::text`;
  const line = (l: string, outbound: string, screen: string, del: string): string => `${l} || (${outbound}::int * 4 + ${screen}::int * 2 + ${del}::int)::text`;
  return `SELECT
  (SELECT ${h('login', 'permission')} FROM effective_permissions),
  (SELECT ${h('login', 'permission')} FROM (SELECT usp.login, spp.permission FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile GROUP BY 1, 2) g),
  (SELECT ${h('login', line('line', 'view_outbound', 'view_screen', 'can_delete'))} FROM effective_line_access),
  (SELECT ${h('r.login', line('l.line', 'r.view_outbound', 'r.view_screen', 'r.delete_call'))} FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login WHERE r.view_call AND r.role <> 'agent')`;
})();

/** Rows of the materialised access tables that the object tables do not give, and the reverse.
 *  First the cheap comparison of counts and hash sums (~0.3 s at 50,000 users, against ~1 s
 *  for the set differences, which sort 700,000 rows); only when a side differs are the rows
 *  compared one by one, so the count reported is exact. Like the history chain, this catches
 *  edits made outside permctl, not a forger who recomputes what permctl checks. */
async function effectiveMismatch(db: PgClient): Promise<number> {
  const [sides] = await db.rows(SIDES);
  if (sides !== undefined && sides[0] === sides[1] && sides[2] === sides[3]) return 0;
  const permissions = 'SELECT usp.login, spp.permission FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile';
  const lines = `SELECT r.login, l.line, r.view_outbound, r.view_screen, r.delete_call FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login WHERE r.view_call AND r.role <> 'agent'`;
  const stored = 'SELECT login, line, view_outbound, view_screen, can_delete FROM effective_line_access';
  const [row] = await db.rows(
    `SELECT (SELECT count(*) FROM (SELECT login, permission FROM effective_permissions EXCEPT ${permissions}) a)
          + (SELECT count(*) FROM (${permissions} EXCEPT SELECT login, permission FROM effective_permissions) b)
          + (SELECT count(*) FROM (${stored} EXCEPT ${lines}) c)
          + (SELECT count(*) FROM (${lines} EXCEPT ${stored}) d)`,
  );
  return Number(row?.[0] ?? 0);
}

/** Everything that shows the store was changed outside permctl; empty when it was not. Run in
 *  one REPEATABLE READ transaction, so history, objects and access tables are one snapshot.
 *  `own`: the store's own objects are checked too (false: only the chain); `fingerprint`: the
 *  objects' fingerprint when the caller has just read them in this transaction. */
export async function verifyStore(db: PgClient, own: boolean, fingerprint?: string): Promise<string[]> {
  const version = await storedVersion(db);
  if (version === undefined) return [];
  const walk = await walkChain(db, version, own);
  const problems = [...walk.problems];
  if (!own) return problems;
  // `fingerprint`: what the caller read in this same transaction (plan's read), not read again.
  const now = fingerprint ?? stateFingerprint(await readState(db));
  if (walk.last !== undefined && walk.last.fingerprintAfter !== now) problems.push(`the store's objects are not what the last recorded apply (#${String(walk.last.id)}) left: they were changed outside permctl, or later records were removed`);
  const effective = await effectiveMismatch(db);
  if (effective > 0) problems.push(`${effective} row${effective === 1 ? '' : 's'} of the access tables (effective_permissions, effective_line_access) do not match the users' profiles: they were changed outside permctl`);
  return problems;
}
