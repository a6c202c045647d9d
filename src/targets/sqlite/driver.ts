// A thin adapter over node:sqlite: one connection, its pragmas, a statement cache and an
// all-or-nothing transaction helper. Everything above this file speaks `Db`, never the raw API.
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import type { SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';

export interface Db {
  readonly raw: DatabaseSync;
  /** The statement for `sql`, prepared once per connection: applies run the same few
   *  statements tens of thousands of times. */
  stmt(sql: string): StatementSync;
  /** All rows of a query as arrays of column values, in SELECT order. Much lighter than
   *  row objects when reading every row of a large table. */
  tuples(sql: string, ...params: SQLInputValue[]): SQLOutputValue[][];
  /** The rows of a query one at a time, as arrays: for reading large tables without holding
   *  every row at once (rows that die young cost the garbage collector almost nothing). */
  rows(sql: string, ...params: SQLInputValue[]): Iterator<SQLOutputValue[]>;
  /** COMMIT, the one way this connection ends a write: the first commit of a store it created
   *  also turns that store into a WAL store (see wrap). */
  commit(): void;
  close(): void;
}

/** How long a connection waits for another process's lock before SQLite reports it busy. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface OpenDbOptions {
  /** Commands that never write (plan, history, import) open the store read-only, so a store
   *  the user may only read (a 0444 file, a read-only directory or mount) still reads. */
  readonly readOnly?: boolean;
}

/** SQLITE_CANTOPEN and its extended codes (low byte 14); SQLITE_READONLY_DIRECTORY (1544),
 *  SQLITE_READONLY_CANTINIT (1288), SQLITE_READONLY_RECOVERY (264): what a read-only WAL open
 *  reports when it cannot create or use the -shm/-wal files beside the store. */
function cannotOpenWal(e: unknown): boolean {
  const code = (e as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' && ((code & 0xff) === 14 || code === 1544 || code === 1288 || code === 264);
}

/** A read-only connection to the store. A WAL database needs its -shm file even to read
 *  (https://sqlite.org/wal.html, "Read-Only Databases"): SQLite creates it, or uses an existing
 *  one it cannot write; in a read-only directory with neither it cannot open the file. Then the
 *  last apply has been checkpointed into the file (no -wal is left), and with no -wal file no
 *  writer can be at work here, so the file is opened as immutable (the URI parameter
 *  `immutable=1`, https://sqlite.org/uri.html): read with no locks and no -shm. A store with
 *  a non-empty -wal it cannot open is refused: reading the file alone would miss commits. */
function openReadOnly(path: string): DatabaseSync {
  const raw = new DatabaseSync(path, { readOnly: true });
  try {
    // Before the first read: opening a WAL store may meet another process's recovery or its
    // closing checkpoint, both brief exclusive locks; without a busy timeout that first read
    // fails at once with "database is locked" (seen with several applies started together).
    raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.prepare('SELECT count(*) FROM sqlite_schema').get();
    return raw;
  } catch (e) {
    raw.close();
    if ((e as { errcode?: unknown } | null)?.errcode === READONLY_ROLLBACK) return interruptedCreation(path, e);
    if (!cannotOpenWal(e)) throw e;
    const wal = `${path}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0) {
      throw new Error(`cannot read the store: its write-ahead log ${wal} holds commits, and the directory is read-only so SQLite cannot create the shared-memory file (-shm) it needs to read them; open the store once with write access, or copy the store and its -wal file to a writable directory`, { cause: e });
    }
    const url = pathToFileURL(resolve(path));
    url.searchParams.set('immutable', '1');
    return new DatabaseSync(url, { readOnly: true });
  }
}

/** SQLITE_READONLY_ROLLBACK: a read-only connection met a hot journal, which only a writer
 *  can roll back. */
const READONLY_ROLLBACK = 776;

/** A store whose hot journal (`-journal`, https://sqlite.org/fileformat.html#the_rollback_journal)
 *  is left by a first apply that was killed (a store is written in rollback-journal mode only by
 *  the apply that creates it, see wrap): its header says the file had no pages before, so the
 *  store holds nothing committed and reads as an empty database, as it would once the next
 *  apply rolls the journal back. Any other hot journal is refused with what to do. */
function interruptedCreation(path: string, cause: unknown): DatabaseSync {
  const header = Buffer.alloc(20);
  let read = 0;
  try {
    const fd = openSync(`${path}-journal`, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      read = readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // No journal to read: refused below.
  }
  if (read === header.length && header.subarray(0, 8).equals(JOURNAL_MAGIC) && header.readUInt32BE(16) === 0) return new DatabaseSync(':memory:');
  throw new Error(`cannot read the store: a write to it was interrupted (its rollback journal ${path}-journal is left), and only a connection that may write can roll that back; run permctl apply against it, or open it once with write access`, { cause });
}

const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

/** A read-only connection that sees exactly what a writer of the store sees: never the
 *  immutable fallback of openReadOnly, which reads the file without its -wal. */
export function openExactReadOnly(path: string): Db {
  return wrap(new DatabaseSync(path, { readOnly: true }), true);
}

/** PRAGMA data_version: changes whenever another connection has committed since this one last
 *  looked (never for this connection's own commits). */
export function dataVersion(db: Db): number {
  return num(db.tuples('PRAGMA data_version')[0]?.[0]);
}

export function openDb(path: string, opts: OpenDbOptions = {}): Db {
  if (opts.readOnly === true) return wrap(openReadOnly(path), true);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  try {
    // Up front: SQLite opens a file it may not write read-only without a word, and the first
    // write of an apply would then fail deep inside it.
    if (existsSync(path)) accessSync(path, constants.W_OK);
    return wrap(new DatabaseSync(path), false);
  } catch (e) {
    const code = (e as { code?: unknown; errcode?: unknown } | null) ?? {};
    const readOnly = code.code === 'EACCES' || code.code === 'EPERM' || code.code === 'EROFS' || (typeof code.errcode === 'number' && (code.errcode & 0xff) === 8);
    if (!readOnly) throw e;
    throw new Error(`the store is read-only for this user (${e instanceof Error ? e.message : String(e)}); apply needs write access to the store file and its directory (plan and history read it as it is)`, { cause: e });
  }
}

function wrap(raw: DatabaseSync, readOnly: boolean): Db {
  let pendingWal = false;
  try {
    // busy_timeout first: the pragmas and the schema below may already need a lock that a
    // concurrent apply in another process holds.
    raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: reads (plan, history) and an apply never block each other. Set by writers only: a
    // read-only connection cannot change the journal mode and reads a WAL store as it is.
    // Except while a store is created (a file with no pages yet): its first apply writes the
    // whole store in one transaction, in SQLite's rollback-journal mode, and the store turns
    // WAL with that commit (commit()). In WAL mode every page of it would be written twice,
    // to the log and again into the file by the checkpoint at commit: measured, that commit
    // took 1.5-1.8 s at 200,000 users and 0.24 s without the log (0.35 -> ~0.13 s at 50,000).
    // The journal of a store being created holds nothing but its header (there is nothing
    // before to keep), and a killed first apply leaves the file empty once rolled back.
    pendingWal = !readOnly && num(raw.prepare('PRAGMA page_count').get()?.page_count) === 0;
    if (!readOnly && !pendingWal) raw.exec('PRAGMA journal_mode = WAL');
    raw.exec('PRAGMA foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only a power loss may drop the
    // last commits, never corrupt the file. In rollback-journal mode only FULL is.
    raw.exec(`PRAGMA synchronous = ${pendingWal ? 'FULL' : 'NORMAL'}`);
    // 64 MiB of page cache for a writer (the default is 2 MiB): an initial apply inserts
    // millions of effective-permission rows at hundreds of places in the (permission, login)
    // index at once, and with the default cache nearly every one of them misses. Measured: 3x
    // faster. A reader keeps the default: it reads each table once, in order, and the file's
    // pages are in the OS's cache already; a page cache it fills is fresh memory, which costs
    // (plan's read at 50,000 users: 35 MB less peak RSS and 11,000 fewer page faults with the
    // default; 65 MB less at 200,000; no slower at either).
    if (!readOnly) raw.exec('PRAGMA cache_size = -65536');
  } catch (e) {
    raw.close();
    throw e;
  }
  const objects = new Map<string, StatementSync>();
  const arrays = new Map<string, StatementSync>();
  const cached = (cache: Map<string, StatementSync>, sql: string, asArrays: boolean): StatementSync => {
    let s = cache.get(sql);
    if (s === undefined) {
      s = raw.prepare(sql);
      s.setReturnArrays(asArrays);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    raw,
    stmt: (sql) => cached(objects, sql, false),
    // The typings know only the row-object form of all().
    tuples: (sql, ...params) => cached(arrays, sql, true).all(...params) as unknown as SQLOutputValue[][],
    rows: (sql, ...params) => cached(arrays, sql, true).iterate(...params) as unknown as Iterator<SQLOutputValue[]>,
    commit() {
      raw.exec('COMMIT');
      if (!pendingWal) return;
      pendingWal = false;
      try {
        raw.exec('PRAGMA journal_mode = WAL');
        raw.exec('PRAGMA synchronous = NORMAL');
      } catch {
        // Another process holds the file (a reader waiting on the first apply): the store stays
        // in rollback-journal mode, correct but without concurrent reads, until the next writer
        // opens it and sets WAL.
      }
    },
    close() {
      objects.clear();
      arrays.clear();
      if (raw.isOpen) raw.close();
    },
  };
}

export interface Tx {
  /** End the transaction with ROLLBACK instead of COMMIT once `fn` returns: for outcomes that
   *  are expected (a stale plan) and so are returned, not thrown. */
  rollback(): void;
}

/** Runs `fn` inside BEGIN [IMMEDIATE] … COMMIT; any throw rolls back and is re-thrown.
 *  IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so two applies in
 *  different processes cannot both read the same state and then both write. */
export function transaction<T>(db: Db, immediate: boolean, fn: (tx: Tx) => T): T {
  db.raw.exec(immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
  let rollback = false;
  try {
    const value = fn({ rollback: () => (rollback = true) });
    if (rollback) db.raw.exec('ROLLBACK');
    else db.commit();
    return value;
  } catch (e) {
    // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL); a second ROLLBACK
    // would throw and hide the real error.
    if (db.raw.isTransaction) db.raw.exec('ROLLBACK');
    throw e;
  }
}

// Column readers: node:sqlite returns loosely typed values; these narrow them and fail loudly
// on a store whose content does not match the schema.

export function text(v: SQLOutputValue | undefined): string {
  if (typeof v !== 'string') throw new Error(`sqlite store: expected text, got ${typeof v}`);
  return v;
}

export function optText(v: SQLOutputValue | undefined): string | undefined {
  return v === null || v === undefined ? undefined : text(v);
}

export function num(v: SQLOutputValue | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`sqlite store: expected a number, got ${typeof v}`);
}

export function bool(v: SQLOutputValue | undefined): boolean {
  return num(v) !== 0;
}

export function flag(b: boolean): number {
  return b ? 1 : 0;
}
