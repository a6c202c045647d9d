// The embedded store, `sqlite:PATH` (Node's built-in node:sqlite). An apply is one
// BEGIN IMMEDIATE transaction that creates or migrates the schema, re-checks the plan's
// fingerprint, writes, refreshes the effective-access tables and appends history — all of it or
// nothing. The write lock plus busy_timeout serialise applies from several processes: the second
// waits, then sees the new fingerprint and is refused as stale. `plan`, `history` and `import`
// open with create: false and never create the file: a missing store reads as empty.
import { existsSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { stateFingerprint, textFingerprint } from '../../plan/fingerprint.ts';
import { keptText } from '../../plan/state-text.ts';
import { STORE_CAPABILITIES } from '../../plan/project.ts';
import { EMPTY_STATE } from '../../plan/state.ts';
import type { Plan } from '../../plan/types.ts';
import type { ApplyContext, ApplyResult, HistoryStore, OpenOptions, Opened, OpenedHistory, Integrity, Target, TargetDriver, TargetEnv, TargetSnapshot, TargetWatch } from '../contract.ts';
import { failedOutcomes, outcomesOf } from '../outcomes.ts';
import type { Db } from './driver.ts';
import { BUSY_TIMEOUT_MS, dataVersion, openDb, openExactReadOnly, transaction } from './driver.ts';
import { refreshEffective } from './effective.ts';
import { appendHistory, queryHistory, touchedLogins } from './history.ts';
import { holdsAsPredicted, readState, storeFingerprint, storeFingerprints } from './read.ts';
import { readStateText } from './read-text.ts';
import { snapshotOfText } from '../text-snapshot.ts';
import type { Fingerprints } from './read.ts';
import { predictFrom } from '../../plan/predict.ts';
import { verifySnapshot, verifyStore } from './verify.ts';
import { NewerStoreError, SCHEMA_VERSION, checkVersion, ensureSchema, ensureSchemaIn } from './schema.ts';
import { writeChanges } from './write.ts';

export const SQLITE_SCHEME = 'sqlite:';

/** The work is synchronous; a throw becomes a rejection rather than escaping the call. */
function later<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

const EMPTY_FINGERPRINT = stateFingerprint(EMPTY_STATE);

const EMPTY_SNAPSHOT: TargetSnapshot = { state: EMPTY_STATE, fingerprint: EMPTY_FINGERPRINT, exists: false };

function snapshotIn(db: Db): TargetSnapshot {
  if (checkVersion(db) === undefined) return EMPTY_SNAPSHOT;
  // Read as its text where SQLite writes it exactly (read-text.ts), else as objects.
  const text = readStateText(db);
  if (text !== undefined) return snapshotOfText(text, { fingerprint: textFingerprint(text), exists: true });
  const state = readState(db);
  return { state, fingerprint: textFingerprint(keptText(state)), exists: true };
}

function snapshot(db: Db): TargetSnapshot {
  // One read transaction: every table from the same snapshot, even while another process
  // commits an apply between our queries.
  return transaction(db, false, () => snapshotIn(db));
}

/** The snapshot, then the store's verification (verify.ts), in the same read transaction: the
 *  verification reuses the fingerprint just read, and an apply committed between the two
 *  cannot show as tampering. */
function verifiedSnapshot(db: Db, identity: string, onSnapshot: (snapshot: TargetSnapshot) => void): Integrity {
  return transaction(db, false, (): Integrity => {
    const read = snapshotIn(db);
    onSnapshot(read);
    try {
      return { ok: true, problems: read.exists ? verifySnapshot(db, identity, read) : [] };
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  });
}

/** The check from the snapshot this process planned from (ApplyContext.basis), instead of
 *  reading every user again: once the write lock is held, when the watch opened before that
 *  read shows no commit since and the plan was made from that very snapshot, the snapshot's
 *  fingerprint is the store's, and the fingerprint after the writes is predicted from it.
 *  Undefined otherwise (the store is then read, storeFingerprints). */
function fromBasis(basis: ApplyContext['basis'], plan: Plan, schemaWasCurrent: boolean): Fingerprints | undefined {
  if (basis === undefined || !schemaWasCurrent || !basis.snapshot.exists || basis.snapshot.fingerprint !== plan.targetFingerprint || basis.watch?.unchanged() !== true) return undefined;
  const after = predictFrom(basis.snapshot.state, plan.changes);
  return after === undefined ? { before: basis.snapshot.fingerprint } : { before: basis.snapshot.fingerprint, after };
}

function applyPlan(db: Db, identity: string, plan: Plan, ctx: ApplyContext): ApplyResult {
  try {
    return transaction(db, true, (tx): ApplyResult => {
      const schemaWasCurrent = ensureSchemaIn(db);
      const { before, after: predicted } = fromBasis(ctx.basis, plan, schemaWasCurrent) ?? storeFingerprints(db, plan.changes);
      if (before !== plan.targetFingerprint) {
        tx.rollback();
        return { ok: false, reason: 'stale', expected: plan.targetFingerprint, actual: before };
      }
      const written = writeChanges(db, plan.changes);
      refreshEffective(db, written);
      // Read back rather than trusting the plan: the recorded fingerprint is what the store
      // holds. What the plan wrote is read back and compared with the prediction; anything
      // else unexpected, and the whole store is read again.
      const after = predicted !== undefined && holdsAsPredicted(db, predicted.prediction) ? predicted.fingerprint : storeFingerprint(db);
      const outcomes = outcomesOf(plan.changes, 'applied');
      const m = ctx.meta;
      const entry = { appliedAt: m.now.toISOString(), actor: m.actor, gitCommit: m.gitCommit, planHash: m.planHash, target: identity, status: 'applied', fingerprintBefore: before, fingerprintAfter: after, summary: plan.summary, changes: plan.changes, outcomes } as const;
      const historyId = appendHistory(db, entry, touchedLogins(plan.changes, plan.access));
      return { ok: true, outcomes, historyId, fingerprint: after };
    });
  } catch (e) {
    return { ok: false, reason: 'failed', message: e instanceof Error ? e.message : String(e), outcomes: failedOutcomes(plan, e), historyId: null };
  }
}

/** How long an apply to a live target waits for another one recorded in the same store. */
const LOCK_WAIT_MS = 10 * 60_000;

/** BEGIN IMMEDIATE without blocking the thread: busy_timeout would stop this process's event
 *  loop (and a second connection in the same process could never get the lock). Polls instead,
 *  for at most LOCK_WAIT_MS. */
async function acquireWriteLock(db: Db): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  db.raw.exec('PRAGMA busy_timeout = 0');
  try {
    for (;;) {
      try {
        db.raw.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        const busy = e instanceof Error && /locked|busy/i.test(e.message);
        if (!busy || Date.now() > deadline) throw busy ? new Error(`another apply has held this history store for over ${LOCK_WAIT_MS / 60_000} minutes`) : e;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    db.raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** This store as a history store: its own applies, or (appended) a live target's. `withLock`
 *  holds the store's write lock (BEGIN IMMEDIATE) while `fn` runs, so applies of one live target
 *  recorded here are serialised across processes; appends inside it commit with it. */
function historyStore(db: Db | undefined, identity?: string): HistoryStore {
  let locked = false;
  return {
    query: (q) => later(() => (db === undefined ? [] : queryHistory(db, q))),
    append: (entry) =>
      later(() => {
        if (db === undefined) throw new Error('the store does not exist; open it with create: true to append history');
        const logins = touchedLogins(entry.changes);
        if (locked) return appendHistory(db, entry, logins);
        return transaction(db, true, () => appendHistory(db, entry, logins));
      }),
    async withLock(_target, fn) {
      if (db === undefined || locked) return fn();
      await acquireWriteLock(db);
      locked = true;
      try {
        return await fn();
      } finally {
        locked = false;
        // Appends made under the lock are kept even when fn failed: they record what happened.
        if (db.raw.isTransaction) db.commit();
      }
    },
    verify: () => later(() => (db === undefined ? [] : verifyStore(db, identity))),
    close: () => later(() => db?.close()),
  };
}

export interface SqliteTargetOptions {
  /** Absolute or relative path of the store file. */
  readonly path: string;
  /** false: a missing file is not created (it reads as an empty store, exists: false). */
  readonly create: boolean;
  /** The identity to record (defaults to sqlite:ABSOLUTE_PATH). */
  readonly identity?: string;
}

/** Opens the store at `path`. Throws NewerStoreError for a store of a newer permctl, and any
 *  error of the file; the driver reports them as diagnostics. */
export function createSqliteTarget(opts: SqliteTargetOptions): Target {
  const identity = opts.identity ?? `${SQLITE_SCHEME}${resolve(opts.path)}`;
  const db = opts.create || existsSync(opts.path) ? openDb(opts.path, { readOnly: !opts.create }) : undefined;
  try {
    if (db !== undefined) checkVersion(db);
  } catch (e) {
    db?.close();
    throw e;
  }
  return {
    identity,
    capabilities: STORE_CAPABILITIES,
    read: () => later(() => (db === undefined ? EMPTY_SNAPSHOT : snapshot(db))),
    readVerified: (onSnapshot) =>
      later((): Integrity => {
        if (db !== undefined) return verifiedSnapshot(db, identity, onSnapshot);
        onSnapshot(EMPTY_SNAPSHOT);
        return { ok: true, problems: [] };
      }),
    apply: (plan, ctx) =>
      later(() => (db === undefined ? { ok: false, reason: 'failed', message: 'the store does not exist and was opened without create', outcomes: outcomesOf(plan.changes, 'skipped'), historyId: null } : applyPlan(db, identity, plan, ctx))),
    history: historyStore(db, identity),
    close: () => later(() => db?.close()),
  };
}

function pathOf(url: string, env: TargetEnv): { ok: true; path: string } | { ok: false; reason: string } {
  const raw = url.startsWith('sqlite://') ? url.slice('sqlite://'.length) : url.slice(SQLITE_SCHEME.length);
  if (raw === '') return { ok: false, reason: 'give a file path: sqlite:PATH' };
  return { ok: true, path: isAbsolute(raw) ? raw : resolve(env.cwd, raw) };
}

function unusable(url: string, e: unknown): Opened & { ok: false } {
  if (e instanceof NewerStoreError) return { ok: false, diagnostic: { code: 'PC613', severity: 'error', args: { target: url, found: e.found, supported: SCHEMA_VERSION } } };
  return { ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: url, reason: e instanceof Error ? e.message : String(e) } } };
}

/** A read-only connection of its own, opened before the store is read: `PRAGMA data_version`
 *  changes when any other connection commits (https://sqlite.org/pragma.html#pragma_data_version),
 *  and the path must still name the same file (not one renamed over it). */
function watchStore(path: string): TargetWatch | undefined {
  if (!existsSync(path)) return undefined;
  let db: Db | undefined;
  try {
    const file = statSync(path);
    db = openExactReadOnly(path);
    const version = dataVersion(db);
    const same = (s: Stats): boolean => s.ino === file.ino && s.dev === file.dev;
    if (!same(statSync(path))) throw new Error('replaced while opening');
    const watched = db;
    return {
      unchanged() {
        try {
          return watched.raw.isOpen && dataVersion(watched) === version && same(statSync(path));
        } catch {
          return false;
        }
      },
      close: () => watched.close(),
    };
  } catch {
    db?.close();
    return undefined;
  }
}

export const sqliteDriver: TargetDriver = {
  schemes: ['sqlite'],
  watch(url, env) {
    const p = pathOf(url, env);
    return p.ok ? watchStore(p.path) : undefined;
  },
  identity(url, env) {
    const p = pathOf(url, env);
    return p.ok ? { ok: true, identity: `${SQLITE_SCHEME}${p.path}` } : p;
  },
  open(url: string, env: TargetEnv, opts: OpenOptions): Promise<Opened> {
    return later((): Opened => {
      const p = pathOf(url, env);
      if (!p.ok) return { ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: url, reason: p.reason } } };
      try {
        return { ok: true, target: createSqliteTarget({ path: p.path, create: opts.create }) };
      } catch (e) {
        return unusable(`${SQLITE_SCHEME}${p.path}`, e);
      }
    });
  },
  openHistory(url: string, env: TargetEnv, opts: OpenOptions): Promise<OpenedHistory> {
    return later((): OpenedHistory => {
      const p = pathOf(url, env);
      if (!p.ok) return { ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: url, reason: p.reason } } };
      const id = `${SQLITE_SCHEME}${p.path}`;
      try {
        const db = opts.create || existsSync(p.path) ? openDb(p.path, { readOnly: !opts.create }) : undefined;
        try {
          if (db !== undefined) {
            if (opts.create) ensureSchema(db);
            else checkVersion(db);
          }
        } catch (e) {
          db?.close();
          throw e;
        }
        return { ok: true, history: historyStore(db) };
      } catch (e) {
        return unusable(id, e);
      }
    });
  },
};
