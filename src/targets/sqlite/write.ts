// Writes a plan's changes to the object tables. Creates and updates run in APPLY_ORDER, deletes
// in reverse, as on every target. An update replaces the object: its own row is upserted (never
// deleted, which would cascade to rows other objects keep) and the rows it owns are replaced.
// Runs inside the caller's transaction; any throw aborts the whole apply.
import type { Change, ObjectState } from '../../plan/types.ts';
import type { InstanceState, LineState, ObjectKind, ProfileState, QueueState, RoutingProfileState, UserState } from '../../plan/state.ts';
import { APPLY_ORDER } from '../../plan/state.ts';
import { permissionsChanged } from '../outcomes.ts';
import type { Db } from './driver.ts';
import { flag } from './driver.ts';
import { ChangeError } from '../outcomes.ts';

/** What the writes touched that the effective-access tables depend on. */
export interface Written {
  /** Logins of users created, updated or deleted. */
  readonly users: ReadonlySet<string>;
  /** Security profiles whose permissions were created, changed or deleted. */
  readonly profiles: ReadonlySet<string>;
}

interface KindWriter {
  /** The object's key, checked against the change's name. */
  key(obj: ObjectState): string;
  upsert(db: Db, obj: ObjectState): void;
  remove(db: Db, name: string): void;
}

function opt(v: string | undefined): string | null {
  return v ?? null;
}

const instance: KindWriter = {
  key: (o) => (o as InstanceState).instance,
  upsert(db, o) {
    const i = o as InstanceState;
    // Stored field by field so nothing but the state's own fields reaches the store.
    const value = { instance: i.instance, screenRecordings: i.screenRecordings, conversationAnalyzer: i.conversationAnalyzer, agentRecordingAccess: i.agentRecordingAccess };
    db.stmt(`INSERT INTO meta (key, value) VALUES ('instance', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(value));
  },
  // The store holds one instance. A plan that renames it creates the new one and deletes the
  // old, so the delete must only remove the row if it still is the old instance.
  remove: (db, name) => void db.stmt(`DELETE FROM meta WHERE key = 'instance' AND value ->> '$.instance' = ?`).run(name),
};

const queue: KindWriter = {
  key: (o) => (o as QueueState).name,
  upsert(db, o) {
    const q = o as QueueState;
    db.stmt('INSERT INTO queues (name, description) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET description = excluded.description').run(q.name, opt(q.description));
  },
  remove: (db, name) => void db.stmt('DELETE FROM queues WHERE name = ?').run(name),
};

const line: KindWriter = {
  key: (o) => (o as LineState).id,
  upsert(db, o) {
    const l = o as LineState;
    db.stmt('INSERT INTO lines (id, number, description) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET number = excluded.number, description = excluded.description').run(l.id, l.number, opt(l.description));
  },
  remove: (db, id) => void db.stmt('DELETE FROM lines WHERE id = ?').run(id),
};

const routingProfile: KindWriter = {
  key: (o) => (o as RoutingProfileState).name,
  upsert(db, o) {
    const r = o as RoutingProfileState;
    db.stmt(
      'INSERT INTO routing_profiles (name, description, default_outbound_queue) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET description = excluded.description, default_outbound_queue = excluded.default_outbound_queue',
    ).run(r.name, opt(r.description), r.defaultOutboundQueue);
    db.stmt('DELETE FROM routing_profile_queues WHERE routing_profile = ?').run(r.name);
    const ins = db.stmt('INSERT INTO routing_profile_queues (routing_profile, queue, priority, delay) VALUES (?, ?, ?, ?)');
    for (const q of r.queues) ins.run(r.name, q.queue, q.priority, q.delay);
  },
  remove: (db, name) => void db.stmt('DELETE FROM routing_profiles WHERE name = ?').run(name),
};

const profile: KindWriter = {
  key: (o) => (o as ProfileState).name,
  upsert(db, o) {
    const p = o as ProfileState;
    db.stmt('INSERT INTO security_profiles (name, description) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET description = excluded.description').run(p.name, opt(p.description));
    db.stmt('DELETE FROM security_profile_permissions WHERE profile = ?').run(p.name);
    const ins = db.stmt('INSERT INTO security_profile_permissions (profile, permission) VALUES (?, ?)');
    for (const perm of p.permissions) ins.run(p.name, perm);
  },
  remove: (db, name) => void db.stmt('DELETE FROM security_profiles WHERE name = ?').run(name),
};

function writeRecordings(db: Db, u: UserState): void {
  // Deleting the row cascades to its lines; an update simply writes them again.
  db.stmt('DELETE FROM user_recordings WHERE login = ?').run(u.login);
  const r = u.recordings;
  if (r === undefined) return;
  db.stmt('INSERT INTO user_recordings (login, role, view_call, view_outbound, view_screen, delete_call) VALUES (?, ?, ?, ?, ?, ?)').run(
    u.login,
    r.role,
    flag(r.viewCallRecordings),
    flag(r.viewOutboundCallRecordings),
    flag(r.viewScreenRecordings),
    flag(r.deleteCallRecordings),
  );
  const ins = db.stmt('INSERT INTO user_recording_lines (login, line) VALUES (?, ?)');
  for (const l of r.lines) ins.run(u.login, l);
}

const user: KindWriter = {
  key: (o) => (o as UserState).login,
  upsert(db, o) {
    const u = o as UserState;
    db.stmt(
      'INSERT INTO users (login, name, routing_profile, hierarchy) VALUES (?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET name = excluded.name, routing_profile = excluded.routing_profile, hierarchy = excluded.hierarchy',
    ).run(u.login, opt(u.name), opt(u.routingProfile), opt(u.hierarchy));
    db.stmt('DELETE FROM user_security_profiles WHERE login = ?').run(u.login);
    const ins = db.stmt('INSERT INTO user_security_profiles (login, profile) VALUES (?, ?)');
    for (const p of u.securityProfiles) ins.run(u.login, p);
    writeRecordings(db, u);
  },
  remove: (db, login) => void db.stmt('DELETE FROM users WHERE login = ?').run(login),
};

const WRITERS: Record<ObjectKind, KindWriter> = { instance, queue, line, routingProfile, profile, user };

/** Line numbers are UNIQUE, and a plan may swap two lines' numbers or give a deleted line's
 *  number to a new one. Until the writes below give them their final values, lines that are
 *  updated or deleted hold a placeholder no phone number can equal (NUL + id, unique as ids). */
function releaseLineNumbers(db: Db, changes: readonly Change[]): void {
  const park = db.stmt('UPDATE lines SET number = ? WHERE id = ?');
  for (const c of changes) if (c.kind === 'line' && c.action !== 'create') park.run(`\u0000${c.name}`, c.name);
}

function upsertChange(db: Db, c: Change): void {
  if (c.after === null) throw new Error(`${c.action} of ${c.kind} ${c.name} has no "after" state`);
  const w = WRITERS[c.kind];
  if (w.key(c.after) !== c.name) throw new Error(`${c.kind} change names ${c.name} but its "after" state is ${w.key(c.after)}`);
  w.upsert(db, c.after);
}

export function writeChanges(db: Db, changes: readonly Change[]): Written {
  const rank = (c: Change): number => APPLY_ORDER.indexOf(c.kind);
  // Array.prototype.sort is stable: within a kind the plan's own order is kept.
  const upserts = changes.filter((c) => c.action !== 'delete').sort((a, b) => rank(a) - rank(b));
  const deletes = changes.filter((c) => c.action === 'delete').sort((a, b) => rank(b) - rank(a));
  releaseLineNumbers(db, changes);
  const done = new Set<Change>();
  const write = (c: Change, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      throw new ChangeError(c, done, e);
    }
    done.add(c);
  };
  for (const c of upserts) write(c, () => upsertChange(db, c));
  for (const c of deletes) write(c, () => WRITERS[c.kind].remove(db, c.name));
  const users = new Set(changes.filter((c) => c.kind === 'user').map((c) => c.name));
  const profiles = new Set(changes.filter((c) => c.kind === 'profile' && permissionsChanged(c)).map((c) => c.name));
  return { users, profiles };
}
