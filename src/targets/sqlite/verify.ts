// Tamper evidence for a SQLite store (docs/reliability.md). The store is a file anyone with
// access can edit, triggers included, so `permctl history --verify` and every `plan` check:
// - the history chain: each record's hash covers the record before it, so an edited or
//   removed record breaks it; records written before the chain (schema < 3) are chained here;
// - the store's own applies follow each other (a record's fingerprint_before is the previous
//   one's fingerprint_after) and the last one left the state the store holds now, so objects
//   edited outside permctl, or a removed last record, show;
// - the materialised access tables (effective_permissions, effective_line_access) hold exactly
//   what the users' profiles and recording settings give.
import { createHash } from 'node:crypto';
import type { SQLOutputValue } from 'node:sqlite';
import { canonicalJson, sha256 } from '../../plan/fingerprint.ts';
import type { Db } from './driver.ts';
import { num } from './driver.ts';
import { storeFingerprint } from './read.ts';
import { storedVersion } from './schema.ts';
import type { TargetSnapshot } from '../contract.ts';
import { permissionMismatch } from './verify-access.ts';

const GENESIS = 'sha256:genesis';
const FIELDS = ['id', 'applied_at', 'actor', 'git_commit', 'plan_hash', 'target', 'status', 'fingerprint_before', 'fingerprint_after', 'summary', 'changes', 'outcomes'] as const;

/**
 * One record's digest, streamed field by field: a text column is hashed as its UTF-8 bytes, so
 * the changes and outcomes columns, written as UTF-8 buffers (write.ts jsonArrayUtf8), are hashed
 * without being turned into strings, and hash the same as the text read back from the store.
 */
export function recordDigest(row: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256').update('permctl-history-record-1');
  for (const f of FIELDS) {
    const v = row[f] ?? null;
    if (v === null) hash.update('\u0000n');
    else if (typeof v === 'string') hash.update(`\u0000s${Buffer.byteLength(v)}:`).update(v, 'utf8');
    else if (v instanceof Uint8Array) hash.update(`\u0000s${v.byteLength}:`).update(v);
    else hash.update(`\u0000j${canonicalJson(v)}`);
  }
  return `sha256:${hash.digest('hex')}`;
}

export function chainHash(previous: string, digest: string): string {
  return sha256(`${previous}\u0000${digest}`);
}

export function nextHistoryId(db: Db): number {
  const row = db.stmt('SELECT max(id) AS id FROM history').get();
  return row?.id === null || row?.id === undefined ? 1 : num(row.id) + 1;
}

/** The chain hash up to the record before `id` (computed for records without one). Through
 *  the history_chain index, which the caller has made sure of (schema.ts HISTORY_CHAIN_INDEX). */
export function previousChain(db: Db, id: number): string {
  if (id <= 1) return GENESIS;
  const last = db.stmt('SELECT chain FROM history INDEXED BY history_chain WHERE id = ?').get(id - 1);
  if (typeof last?.chain === 'string') return last.chain;
  return walkChain(db).head; // a store migrated from version 2: chain its records now
}

interface Walk {
  readonly head: string;
  readonly problems: string[];
  readonly last?: Record<string, SQLOutputValue>;
}

/** The history table's columns as a select list (they differ between schema versions), with
 *  changes and outcomes read as bytes. */
function historyColumns(db: Db): string {
  const names = db.tuples(`SELECT name FROM pragma_table_info('history')`).map((r) => String(r[0]));
  return names.map((n) => (n === 'changes' || n === 'outcomes' ? `CAST(${n} AS BLOB) AS ${n}` : `"${n.replaceAll('"', '""')}"`)).join(', ');
}

function walkChain(db: Db, ownTarget?: string): Walk {
  const problems: string[] = [];
  let head = GENESIS;
  let expectedId = 1;
  let lastOwn: Record<string, SQLOutputValue> | undefined;
  let chained = false;
  // The big columns (changes, outcomes) come back as their bytes: hashed as they are, never
  // decoded into JS strings and encoded again (recordDigest hashes text as its UTF-8 bytes, so
  // the digest is the same). At 50,000 users the first record alone holds some 24 MB of them.
  for (const row of db.stmt(`SELECT ${historyColumns(db)} FROM history ORDER BY id`).iterate() as Iterable<Record<string, SQLOutputValue>>) {
    const id = num(row.id);
    if (id !== expectedId) problems.push(id > expectedId ? `history records #${expectedId}–#${id - 1} were removed` : `history record #${id} is out of order`);
    head = chainHash(head, recordDigest({ ...row, id }));
    if (typeof row.chain === 'string' && row.chain !== head) problems.push(`history record #${id} was edited or a record before it removed (its hash does not match the chain)`);
    // Records before the chain (schema < 3) have none; after the first that has one, every
    // record permctl writes has one: a record without is one permctl did not write.
    if (typeof row.chain !== 'string' && chained) problems.push(`history record #${id} has no hash although the records before it do: it was not written by permctl`);
    if (typeof row.chain === 'string') {
      head = row.chain;
      chained = true;
    }
    const own = ownTarget !== undefined && (row.target === ownTarget || row.target === '') && row.status === 'applied';
    if (own && lastOwn !== undefined && lastOwn.fingerprint_after !== row.fingerprint_before) problems.push(`history record #${id} does not follow record #${num(lastOwn.id)}: the store was changed between them outside permctl, or a record was removed`);
    if (own) lastOwn = row;
    expectedId = id + 1;
  }
  return { head, problems, ...(lastOwn !== undefined ? { last: lastOwn } : {}) };
}

const PERMISSIONS = `SELECT usp.login, spp.permission FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile`;

const countOf = (db: Db, sql: string): number => num(db.stmt(`SELECT count(*) AS n FROM (${sql})`).get()?.n);

/** Rows of effective_permissions that the object tables do not give, and the reverse: the
 *  reference permissionMismatch (verify-access.ts) must agree with. */
export function permissionRows(db: Db): number {
  return countOf(db, `SELECT login, permission FROM effective_permissions EXCEPT ${PERMISSIONS}`) + countOf(db, `${PERMISSIONS} EXCEPT SELECT login, permission FROM effective_permissions`);
}

/** The same for effective_line_access (a few rows per recording user: cheap in SQL). */
export function lineRows(db: Db): number {
  const lines = `SELECT r.login, l.line, r.view_outbound, r.view_screen, r.delete_call FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login WHERE r.view_call = 1 AND r.role <> 'agent'`;
  const stored = 'SELECT login, line, view_outbound, view_screen, can_delete FROM effective_line_access';
  return countOf(db, `${stored} EXCEPT ${lines}`) + countOf(db, `${lines} EXCEPT ${stored}`);
}

/** Rows of the access tables (effective_permissions, effective_line_access) that the users'
 *  profiles and recording settings do not give, and the reverse. */
function accessRows(db: Db): number {
  return (permissionMismatch(db) ?? permissionRows(db)) + lineRows(db);
}

/** Everything that shows the store was changed outside permctl, given its objects' fingerprint
 *  now (read only when needed); empty when it was not. */
function verifyWith(db: Db, identity: string | undefined, fingerprint: () => string): string[] {
  if (storedVersion(db) === undefined) return [];
  const walk = walkChain(db, identity);
  const problems = [...walk.problems];
  if (identity === undefined) return problems; // a live target's history store: its objects are not its own
  const now = fingerprint();
  if (walk.last !== undefined && walk.last.fingerprint_after !== now) problems.push(`the store's objects are not what the last recorded apply (#${num(walk.last.id)}) left: they were changed outside permctl, or later records were removed`);
  const effective = accessRows(db);
  if (effective > 0) problems.push(`${effective} row${effective === 1 ? '' : 's'} of the access tables (effective_permissions, effective_line_access) do not match the users' profiles: they were changed outside permctl`);
  return problems;
}

/** Everything that shows the store was changed outside permctl; empty when it was not. */
export function verifyStore(db: Db, identity: string | undefined): string[] {
  return verifyWith(db, identity, () => storeFingerprint(db));
}

/** verifyStore for a snapshot just read in the same transaction (what `plan` asks): the store's
 *  fingerprint is the snapshot's, not read a second time. */
export function verifySnapshot(db: Db, identity: string, snapshot: TargetSnapshot): string[] {
  return verifyWith(db, identity, () => snapshot.fingerprint);
}
