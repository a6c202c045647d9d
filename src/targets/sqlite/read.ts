// Reads the store into the canonical TargetState. Each table is read with one query (users are
// merged with their child tables row by row, see mergeUsers), never a query per user, and rows
// come back as light arrays rather than objects. Lists are put in the core's
// canonical order (plan/canonical.ts) — not with ORDER BY, whose BINARY collation compares
// UTF-8 bytes and orders some non-BMP characters differently. Absent
// optional fields are omitted, never null or undefined, so the state serialises, and
// fingerprints, exactly like the compiled desired state.
import type { InstanceState, LineState, ProfileState, QueueState, RecordingState, RoutingProfileState, RoutingQueueState, TargetState, UserState } from '../../plan/state.ts';
import type { SQLOutputValue } from 'node:sqlite';
import { FingerprintHasher, stateFingerprint } from '../../plan/fingerprint.ts';
import { FINGERPRINT_SLICE, objectsJson, userJson } from '../../plan/state-text.ts';
import { PredictedFingerprint, predictAfter, predicts } from '../../plan/predict.ts';
import type { Prediction } from '../../plan/predict.ts';
import type { Change } from '../../plan/types.ts';
import { canonicalState } from '../../plan/canonical.ts';
import { EMPTY_STATE } from '../../plan/state.ts';
import type { Db } from './driver.ts';
import { bool, num, optText, text } from './driver.ts';
import { groupRows, userOf } from '../store-rows.ts';

type Row = readonly SQLOutputValue[];

/** The store's fingerprint before an apply's writes, and the one predicted after them. */
export interface Fingerprints {
  readonly before: string;
  readonly after?: { readonly fingerprint: string; readonly prediction: Prediction };
}

/** Groups rows by their first column into key → values, for the child tables. */
const group = <V>(rows: readonly Row[], value: (r: Row) => V): Map<string, V[]> => groupRows(rows, (v) => text(v as SQLOutputValue), value);

function withDescription<T extends object>(base: T, description: string | undefined): T & { description?: string } {
  return description === undefined ? base : { ...base, description };
}

export function readInstance(db: Db): InstanceState | undefined {
  const row = db.tuples(`SELECT value FROM meta WHERE key = 'instance'`)[0];
  return row === undefined ? undefined : (JSON.parse(text(row[0])) as InstanceState);
}

function readQueues(db: Db): QueueState[] {
  return db
    .tuples('SELECT name, description FROM queues')
    .map((r) => withDescription({ name: text(r[0]) }, optText(r[1])));
}

function readLines(db: Db): LineState[] {
  return db
    .tuples('SELECT id, number, description FROM lines')
    .map((r) => withDescription({ id: text(r[0]), number: text(r[1]) }, optText(r[2])));
}

function readRoutingProfiles(db: Db): RoutingProfileState[] {
  const queues = group(db.tuples('SELECT routing_profile, queue, priority, delay FROM routing_profile_queues'), (r): RoutingQueueState => ({ queue: text(r[1]), priority: num(r[2]), delay: num(r[3]) }));
  return db
    .tuples('SELECT name, description, default_outbound_queue FROM routing_profiles')
    .map((r) => {
      const name = text(r[0]);
      const qs = queues.get(name) ?? [];
      return { ...withDescription({ name }, optText(r[1])), defaultOutboundQueue: text(r[2]), queues: qs };
    });
}

function readProfiles(db: Db): ProfileState[] {
  const perms = group(db.tuples('SELECT profile, permission FROM security_profile_permissions'), (r) => text(r[1]));
  return db
    .tuples('SELECT name, description FROM security_profiles')
    .map((r) => {
      const name = text(r[0]);
      return { ...withDescription({ name }, optText(r[1])), permissions: perms.get(name) ?? [] };
    });
}

// Recordings and users are read either whole (readState) or a page of logins at a time
// (storeFingerprint): `where` narrows every query to the same logins.
type LoginRange = { readonly where: string; readonly params: readonly string[] };
const ALL: LoginRange = { where: '', params: [] };

function readRecordings(db: Db, range: LoginRange = ALL): Map<string, RecordingState> {
  const lines = group(db.tuples(`SELECT login, line FROM user_recording_lines${range.where}`, ...range.params), (r) => text(r[1]));
  const out = new Map<string, RecordingState>();
  for (const r of db.tuples(`SELECT login, role, view_call, view_outbound, view_screen, delete_call FROM user_recordings${range.where}`, ...range.params)) {
    const login = text(r[0]);
    out.set(login, {
      role: text(r[1]) as RecordingState['role'],
      viewCallRecordings: bool(r[2]),
      viewOutboundCallRecordings: bool(r[3]),
      viewScreenRecordings: bool(r[4]),
      deleteCallRecordings: bool(r[5]),
      lines: lines.get(login) ?? [],
    });
  }
  return out;
}

/** Users from rows of (login, name, routing_profile, hierarchy), in the rows' order. */
function assembleUsers(db: Db, rows: readonly Row[], range: LoginRange): UserState[] {
  const profiles = group(db.tuples(`SELECT login, profile FROM user_security_profiles${range.where}`, ...range.params), (r) => text(r[1]));
  const recordings = readRecordings(db, range);
  const users: UserState[] = [];
  for (const r of rows) {
    const login = text(r[0]);
    users.push(userOf(login, profiles.get(login) ?? [], optText(r[1]), optText(r[2]), optText(r[3]), recordings.get(login)));
  }
  return users;
}

interface ChildRows {
  /** The next row, if its first column is `login`; it is then consumed. */
  take(login: string): Row | undefined;
  /** Whether every row has been taken. */
  done(): boolean;
}

/** Rows of one child table in the store's login order, consumed as the users are. */
function childRows(rows: Iterator<SQLOutputValue[]>): ChildRows {
  let next = rows.next();
  return {
    take(login) {
      if (next.done === true || next.value[0] !== login) return undefined;
      const row = next.value;
      next = rows.next();
      return row;
    },
    done: () => next.done === true,
  };
}

/** Every user, read as a merge of the users table with its child tables, all scanned in
 *  primary-key (login) order: one row at a time, so no table's rows are ever held at once and
 *  each dies young. Repeated values (profile, routing profile, hierarchy, line names) are
 *  shared rather than kept once per user. Undefined when a child row names a login the users
 *  table lacks (a store written without foreign keys): the merge cannot pass it. */
function mergeUsers(db: Db): UserState[] | undefined {
  const shared = new Map<string, string>();
  const share = (v: string): string => {
    const s = shared.get(v);
    if (s !== undefined) return s;
    shared.set(v, v);
    return v;
  };
  const profiles = childRows(db.rows('SELECT login, profile FROM user_security_profiles ORDER BY login, profile'));
  const recordings = childRows(db.rows('SELECT login, role, view_call, view_outbound, view_screen, delete_call FROM user_recordings ORDER BY login'));
  const lines = childRows(db.rows('SELECT login, line FROM user_recording_lines ORDER BY login, line'));
  const users: UserState[] = [];
  const userRows = db.rows('SELECT login, name, routing_profile, hierarchy FROM users ORDER BY login');
  for (let r = userRows.next(); r.done !== true; r = userRows.next()) {
    const row = r.value;
    const login = text(row[0]);
    const list: string[] = [];
    for (let p = profiles.take(login); p !== undefined; p = profiles.take(login)) list.push(share(text(p[1])));
    const routingProfile = optText(row[2]);
    const hierarchy = optText(row[3]);
    const rec = recordings.take(login);
    let recs: RecordingState | undefined;
    if (rec !== undefined) {
      const recLines: string[] = [];
      for (let l = lines.take(login); l !== undefined; l = lines.take(login)) recLines.push(share(text(l[1])));
      recs = {
        role: share(text(rec[1])) as RecordingState['role'],
        viewCallRecordings: bool(rec[2]),
        viewOutboundCallRecordings: bool(rec[3]),
        viewScreenRecordings: bool(rec[4]),
        deleteCallRecordings: bool(rec[5]),
        lines: recLines,
      };
    }
    users.push(userOf(login, list, optText(row[1]), routingProfile === undefined ? undefined : share(routingProfile), hierarchy === undefined ? undefined : share(hierarchy), recs));
  }
  return profiles.done() && recordings.done() && lines.done() ? users : undefined;
}

function readUsers(db: Db): UserState[] {
  return mergeUsers(db) ?? assembleUsers(db, db.tuples('SELECT login, name, routing_profile, hierarchy FROM users'), ALL);
}

/** The whole store as canonical state; `instance` is absent until an apply has written one. */
export function readState(db: Db): TargetState {
  const instance = readInstance(db);
  const state: TargetState = {
    profiles: readProfiles(db),
    users: readUsers(db),
    routingProfiles: readRoutingProfiles(db),
    queues: readQueues(db),
    lines: readLines(db),
  };
  return canonicalState(instance === undefined ? state : { instance, ...state });
}

/** The next `limit` users after `after` (from the first when undefined), in the store's login
 *  order (BINARY: UTF-8 bytes), with their profiles and recordings. */
function usersPage(db: Db, after: string | undefined, limit: number): UserState[] {
  const rows =
    after === undefined
      ? db.tuples('SELECT login, name, routing_profile, hierarchy FROM users ORDER BY login LIMIT ?', limit)
      : db.tuples('SELECT login, name, routing_profile, hierarchy FROM users WHERE login > ? ORDER BY login LIMIT ?', after, limit);
  const first = rows[0], last = rows.at(-1);
  if (first === undefined || last === undefined) return [];
  return assembleUsers(db, rows, { where: ' WHERE login >= ? AND login <= ?', params: [text(first[0]), text(last[0])] });
}

/** The store's objects other than users, in canonical order. */
export function readObjects(db: Db): Omit<TargetState, 'users'> {
  const instance = readInstance(db);
  const { users: _none, ...objects } = canonicalState({ profiles: readProfiles(db), routingProfiles: readRoutingProfiles(db), queues: readQueues(db), lines: readLines(db), users: [] });
  return instance === undefined ? objects : { instance, ...objects };
}

/** The store's users a fingerprint slice at a time, in canonical order, to `each`; false (and
 *  stopped) when the store's login order is not the canonical (UTF-16 code unit) one, which
 *  happens only when some logins mix characters beyond U+FFFF with ones from U+E000 to U+FFFF. */
function eachUser(db: Db, each: (u: UserState) => void): boolean {
  let previous: string | undefined;
  for (;;) {
    const page = usersPage(db, previous, FINGERPRINT_SLICE);
    for (const u of page) {
      if (previous !== undefined && !(previous < u.login)) return false;
      previous = u.login;
    }
    // In login order already (checked above), so only each user's lists are put in order.
    if (page.length > 0) for (const u of canonicalState({ ...EMPTY_STATE, users: page }).users) each(u);
    if (page.length < FINGERPRINT_SLICE) return true;
  }
}

/** stateFingerprint(readState(db)), reading users a fingerprint slice at a time instead of
 *  holding them all: what an apply records after writing. Falls back to reading the whole
 *  state and sorting it when the store's order is not canonical (see eachUser). */
export function storeFingerprint(db: Db): string {
  const hasher = new FingerprintHasher(readObjects(db));
  return eachUser(db, (u) => hasher.add(userJson(u))) ? hasher.digest() : stateFingerprint(readState(db));
}

/** The store's fingerprint (what an apply checks before writing) and, from the same pass over
 *  the users, the one it will have once `changes` are written as planned (`after`, undefined
 *  when the changes do not say or the order is not canonical). The prediction is only as good
 *  as the writes: an apply checks it against what it reads back (holdsAsPredicted) before
 *  recording it. At 200,000 users this saves a second read of every user per apply. Not
 *  predicted for a plan writing more than FINGERPRINT_SLICE users. */
export function storeFingerprints(db: Db, changes: readonly Change[]): Fingerprints {
  const objects = readObjects(db);
  const prediction = predicts(changes) ? predictAfter(objects, changes) : undefined;
  const before = new FingerprintHasher(objects);
  const after = prediction && new PredictedFingerprint(prediction);
  const ordered = eachUser(db, (u) => {
    const json = userJson(u);
    before.add(json);
    after?.add(u, json);
  });
  if (!ordered) return { before: stateFingerprint(readState(db)) };
  if (after === undefined || prediction === undefined) return { before: before.digest() };
  return { before: before.digest(), after: { fingerprint: after.digest(), prediction } };
}

/** Whether the store holds what `prediction` says: its objects other than users, and each user
 *  the plan wrote (a deleted one absent). The users not written are the ones the fingerprint
 *  pass read before the writes, and the writes touch only rows their own objects own. */
export function holdsAsPredicted(db: Db, prediction: Prediction): boolean {
  if (objectsJson(readObjects(db)) !== objectsJson(prediction.objects)) return false;
  const logins = [...prediction.users.keys()];
  const range: LoginRange = { where: ' WHERE login IN (SELECT value FROM json_each(?))', params: [JSON.stringify(logins)] };
  const rows = db.tuples(`SELECT login, name, routing_profile, hierarchy FROM users${range.where} ORDER BY login`, ...range.params);
  const held = new Map(canonicalState({ ...EMPTY_STATE, users: assembleUsers(db, rows, range) }).users.map((u) => [u.login, u]));
  for (const [login, expected] of prediction.users) {
    const actual = held.get(login);
    if (expected === null ? actual !== undefined : actual === undefined || userJson(actual) !== userJson(expected)) return false;
  }
  return true;
}
