// The shared store, postgres://USER@HOST:PORT/DB?schema=S, over `pg`. The same tables as the
// SQLite store, in schema S. An apply is one transaction: it takes a transaction-level advisory
// lock for the store (so applies from several runners queue up; the lock is released by COMMIT,
// ROLLBACK or the connection's end, even when the process is killed), creates or migrates the
// schema, re-reads the state (unless the plan was made in this process from a read after which
// nothing was committed: read-at.ts) and compares the plan's fingerprint (stale: nothing written),
// writes, refreshes the effective-access tables and appends history. `plan`, `history` and
// `import` read in a REPEATABLE READ READ ONLY transaction and never create the schema.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { stateFingerprint, textFingerprint } from '../../plan/fingerprint.ts';
import { keptText } from '../../plan/state-text.ts';
import { predictFrom } from '../../plan/predict.ts';
import { STORE_CAPABILITIES } from '../../plan/project.ts';
import { stateAfter } from '../../plan/state-after.ts';
import { EMPTY_STATE } from '../../plan/state.ts';
import type { TargetState } from '../../plan/state.ts';
import type { Plan } from '../../plan/types.ts';
import type { ApplyContext, ApplyResult, HistoryStore, Integrity, OpenedHistory, Opened, Target, TargetDriver, TargetEnv, TargetSnapshot } from '../contract.ts';
import { failedOutcomes, outcomesOf } from '../outcomes.ts';
import type { PgClient } from './client.ts';
import { connectPg } from './client.ts';
import { refreshEffective } from './effective.ts';
import { appendHistory, queryHistory, touchedLogins } from './history.ts';
import { readState } from './read.ts';
import { readStateText } from './read-text.ts';
import { nothingCommittedSince, readPosition } from './read-at.ts';
import { snapshotOfText } from '../text-snapshot.ts';
import { NewerStoreError, SCHEMA_VERSION, checkVersion, ensureSchemaIn, quoteIdent } from './schema.ts';
import type { PgConfig, PgTarget } from './url.ts';
import { parsePgUrl } from './url.ts';
import { verifyStore } from './verify.ts';
import { writeChanges } from './write.ts';

const EMPTY_FINGERPRINT = stateFingerprint(EMPTY_STATE);

export interface PostgresTargetOptions {
  readonly target: PgTarget;
  /** The client factory: the real `pg` client by default; tests wrap it. */
  readonly connect?: (config: PgConfig) => Promise<PgClient>;
}

/** One client, one transaction at a time: operations on it are chained. */
function serialiser(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The advisory-lock keys: the store's applies, and each live target recorded in it. */
const applyKey = (t: PgTarget): string => `permctl:apply:${t.config.database}:${t.schema}`;
const liveKey = (t: PgTarget, target: string): string => `permctl:live:${t.config.database}:${t.schema}:${target}`;

async function tx<T>(db: PgClient, schema: string, mode: 'read' | 'write', fn: () => Promise<T>): Promise<T> {
  await db.exec(mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  try {
    // Only this schema: an unqualified name must never resolve to another application's table.
    await db.exec(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    const value = await fn();
    await db.exec('COMMIT');
    return value;
  } catch (e) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

class Stale extends Error {
  readonly result: ApplyResult;
  constructor(result: ApplyResult) {
    super('stale');
    this.result = result;
  }
}

/** The state before the writes and its fingerprint, from the snapshot this process planned
 *  from, when it is the plan's and nothing was committed to the database since it was read
 *  (read-at.ts); undefined otherwise. */
async function fromBasis(db: PgClient, snapshot: TargetSnapshot | undefined, plan: Plan): Promise<{ current: TargetState; before: string } | undefined> {
  if (snapshot?.readAt === undefined || !snapshot.exists || snapshot.fingerprint !== plan.targetFingerprint) return undefined;
  return (await nothingCommittedSince(db, snapshot.readAt)) ? { current: snapshot.state, before: snapshot.fingerprint } : undefined;
}

/** The store read inside the apply's transaction (readStore): the fingerprint after the writes
 *  is predicted from the text the state keeps (predictFrom). */
async function readCurrent(db: PgClient): Promise<{ current: TargetState; before: string }> {
  const read = await readStore(db, {});
  return { current: read.state, before: read.fingerprint };
}

/** The tables whose statistics the store's own queries are planned from. */
const ANALYZED = ['users', 'user_security_profiles', 'user_recordings', 'user_recording_lines', 'security_profiles', 'security_profile_permissions', 'effective_permissions', 'effective_line_access', 'history', 'history_users'];

/** Whether an apply changes so many users that the planner's statistics no longer describe the
 *  tables: autovacuum's own rule (50 rows and 10% of the table), applied to the users. An
 *  initial apply, above all: until autovacuum comes round (a minute or more later), the next
 *  plan's verification would be planned for empty tables, and takes twice as long (hash
 *  aggregates spilling to disk). ANALYZE inside the transaction: its statistics commit with
 *  the writes, or not at all. */
const reshapes = (plan: Plan, usersBefore: number): boolean => plan.changes.filter((c) => c.kind === 'user').length > 50 + 0.1 * usersBefore;

async function applyPlan(db: PgClient, t: PgTarget, plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  try {
    return await tx(db, t.schema, 'write', async (): Promise<ApplyResult> => {
      await db.exec('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [applyKey(t)]);
      const schemaWasCurrent = await ensureSchemaIn(db, t.schema);
      const { current, before } = (schemaWasCurrent ? await fromBasis(db, ctx.basis?.snapshot, plan) : undefined) ?? (await readCurrent(db));
      if (before !== plan.targetFingerprint) throw new Stale({ ok: false, reason: 'stale', expected: plan.targetFingerprint, actual: before });
      const written = await writeChanges(db, plan.changes);
      await refreshEffective(db, written);
      await db.exec('SET CONSTRAINTS ALL IMMEDIATE'); // deferred checks fail here, inside the try
      // What the store now holds, without reading 50,000 users again: the state before the
      // writes (read inside this transaction, or the plan's own read with nothing committed
      // since) with the changes applied. The conformance suite checks a fresh read against it
      // after every apply.
      const after = predictFrom(current, plan.changes)?.fingerprint ?? stateFingerprint(stateAfter(current, plan.changes));
      const outcomes = outcomesOf(plan.changes, 'applied');
      const m = ctx.meta;
      const entry = { appliedAt: m.now.toISOString(), actor: m.actor, gitCommit: m.gitCommit, planHash: m.planHash, target: t.identity, status: 'applied', fingerprintBefore: before, fingerprintAfter: after, summary: plan.summary, changes: plan.changes, outcomes } as const;
      const historyId = await appendHistory(db, entry, touchedLogins(plan.changes, plan.access));
      if (reshapes(plan, current.users.length)) await db.exec(`ANALYZE ${ANALYZED.join(', ')}`);
      return { ok: true, outcomes, historyId, fingerprint: after };
    });
  } catch (e) {
    if (e instanceof Stale) return e.result;
    return { ok: false, reason: 'failed', message: e instanceof Error ? e.message : String(e), outcomes: failedOutcomes(plan, e), historyId: null };
  }
}

function historyStore(db: PgClient, t: PgTarget, serial: <T>(fn: () => Promise<T>) => Promise<T>, close: () => Promise<void>): HistoryStore {
  return {
    query: (q) =>
      serial(() =>
        tx(db, t.schema, 'read', async () => {
          const v = await checkVersion(db);
          return v === undefined ? [] : queryHistory(db, v, q);
        }),
      ),
    append: (entry) =>
      serial(() =>
        tx(db, t.schema, 'write', async () => {
          await db.exec('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [applyKey(t)]);
          await ensureSchemaIn(db, t.schema);
          return appendHistory(db, entry, touchedLogins(entry.changes));
        }),
      ),
    // A session-level lock: held across the live apply, released by the unlock or when the
    // connection ends (a killed runner releases it).
    async withLock(target, fn) {
      await serial(() => db.exec('SELECT pg_advisory_lock(hashtextextended($1, 0))', [liveKey(t, target)]));
      try {
        return await fn();
      } finally {
        await serial(() => db.exec('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [liveKey(t, target)])).catch(() => undefined);
      }
    },
    // One snapshot of history, objects and access tables. The store's own objects are checked
    // whether it also records live targets' applies or not: those records are not its own
    // (verify.ts), and a store only recording them holds no objects.
    verify: () => serial(() => tx(db, t.schema, 'read', () => verifyStore(db, true))),
    close,
  };
}

/** Plan's read: the snapshot, handed over as soon as it is read, then the store's verification
 *  in the same REPEATABLE READ transaction, reusing the fingerprint just computed (the objects
 *  are read once). */
async function verifiedSnapshot(db: PgClient, schema: string, onSnapshot: (s: TargetSnapshot) => void): Promise<Integrity> {
  let sent = false;
  try {
    return await tx(db, schema, 'read', async (): Promise<Integrity> => {
      const s = await readSnapshot(db);
      sent = true;
      onSnapshot(s);
      return { ok: true, problems: s.exists ? await verifyStore(db, true, s.fingerprint) : [] };
    });
  } catch (e) {
    if (!sent) throw e; // the read itself failed
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The store as a snapshot; inside a read transaction. */
async function readSnapshot(db: PgClient): Promise<TargetSnapshot> {
  const readAt = await readPosition(db);
  if ((await checkVersion(db)) === undefined) return { state: EMPTY_STATE, fingerprint: EMPTY_FINGERPRINT, exists: false };
  return readStore(db, readAt === undefined ? {} : { readAt });
}

/** The store, which exists, as a snapshot: read as its text where the server writes it exactly
 *  (read-text.ts), else as objects; either way the state keeps its text (keptText), which the
 *  fingerprint is hashed from. */
async function readStore(db: PgClient, at: Pick<TargetSnapshot, 'readAt'>): Promise<TargetSnapshot> {
  const text = await readStateText(db);
  if (text !== undefined) return snapshotOfText(text, { fingerprint: textFingerprint(text), exists: true, ...at });
  const state = await readState(db);
  return { state, fingerprint: textFingerprint(keptText(state)), exists: true, ...at };
}

const snapshot = (db: PgClient, schema: string): Promise<TargetSnapshot> => tx(db, schema, 'read', () => readSnapshot(db));

/** Connects and checks the store's version (a newer store throws NewerStoreError). */
export async function createPostgresTarget(opts: PostgresTargetOptions): Promise<Target> {
  const t = opts.target;
  const db = await (opts.connect ?? connectPg)(t.config);
  const serial = serialiser();
  try {
    await tx(db, t.schema, 'read', () => checkVersion(db));
  } catch (e) {
    await db.end();
    throw e;
  }
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= serial(() => db.end()));
  return {
    identity: t.identity,
    capabilities: STORE_CAPABILITIES,
    read: () => serial(() => snapshot(db, t.schema)),
    readVerified: (onSnapshot) => serial(() => verifiedSnapshot(db, t.schema, onSnapshot)),
    apply: (plan, ctx) => serial(() => applyPlan(db, t, plan, ctx)),
    history: historyStore(db, t, serial, close),
    close,
  };
}

function unusable(target: string, e: unknown): { ok: false; diagnostic: Diagnostic } {
  if (e instanceof NewerStoreError) return { ok: false, diagnostic: { code: 'PC613', severity: 'error', args: { target, found: e.found, supported: SCHEMA_VERSION } } };
  return { ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target, reason: e instanceof Error ? e.message : String(e) } } };
}

function parse(url: string, env: TargetEnv): { ok: true; target: PgTarget } | { ok: false; diagnostic: Diagnostic } {
  const p = parsePgUrl(url, env);
  // The URL is not parsed, so it is not shown: it may hold a password in a place we did not find.
  return p.ok ? p : { ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: 'postgres://…', reason: p.reason } } };
}

export const postgresDriver: TargetDriver = {
  schemes: ['postgres', 'postgresql'],
  identity(url, env) {
    const p = parsePgUrl(url, env);
    return p.ok ? { ok: true, identity: p.target.identity } : p;
  },
  async open(url, env): Promise<Opened> {
    const p = parse(url, env);
    if (!p.ok) return p;
    try {
      return { ok: true, target: await createPostgresTarget({ target: p.target }) };
    } catch (e) {
      return unusable(p.target.identity, e);
    }
  },
  async openHistory(url, env): Promise<OpenedHistory> {
    const p = parse(url, env);
    if (!p.ok) return p;
    try {
      const target = await createPostgresTarget({ target: p.target });
      return { ok: true, history: target.history as HistoryStore };
    } catch (e) {
      return unusable(p.target.identity, e);
    }
  },
};
