// Reads the store into the canonical TargetState. Each table is read with one query and the
// objects assembled in memory (50,000 users must read in well under a second, so no query per
// user, and rows come back as light arrays rather than objects). Lists are put in the core's
// canonical order (plan/canonical.ts) — not with ORDER BY, whose BINARY collation compares
// UTF-8 bytes and orders some non-BMP characters differently. Absent
// optional fields are omitted, never null or undefined, so the state serialises, and
// fingerprints, exactly like the compiled desired state.
import type { InstanceState, LineState, ProfileState, QueueState, RecordingState, RoutingProfileState, RoutingQueueState, TargetState, UserState } from '../../plan/state.ts';
import type { SQLOutputValue } from 'node:sqlite';
import { canonicalState } from '../../plan/canonical.ts';
import type { Db } from './driver.ts';
import { bool, num, optText, text } from './driver.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Row = readonly SQLOutputValue[];

/** Groups rows by their first column into key → values, for the child tables. */
function group<V>(rows: readonly Row[], value: (r: Row) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) {
    const k = text(r[0]);
    const list = out.get(k);
    if (list === undefined) out.set(k, [value(r)]);
    else list.push(value(r));
  }
  return out;
}

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

function readRecordings(db: Db): Map<string, RecordingState> {
  const lines = group(db.tuples('SELECT login, line FROM user_recording_lines'), (r) => text(r[1]));
  const out = new Map<string, RecordingState>();
  for (const r of db.tuples('SELECT login, role, view_call, view_outbound, view_screen, delete_call FROM user_recordings')) {
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

function readUsers(db: Db): UserState[] {
  const profiles = group(db.tuples('SELECT login, profile FROM user_security_profiles'), (r) => text(r[1]));
  const recordings = readRecordings(db);
  const users: UserState[] = [];
  for (const r of db.tuples('SELECT login, name, routing_profile, hierarchy FROM users')) {
    const login = text(r[0]);
    // Optional fields are set only when present, so no key ever holds undefined.
    const u: Mutable<UserState> = { login, securityProfiles: profiles.get(login) ?? [] };
    const name = optText(r[1]);
    if (name !== undefined) u.name = name;
    const routingProfile = optText(r[2]);
    if (routingProfile !== undefined) u.routingProfile = routingProfile;
    const hierarchy = optText(r[3]);
    if (hierarchy !== undefined) u.hierarchy = hierarchy;
    const rec = recordings.get(login);
    if (rec !== undefined) u.recordings = rec;
    users.push(u);
  }
  return users;
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
