// Reads the store into the canonical TargetState: one query per table, rows as arrays,
// assembled in memory and put in the core's canonical order (plan/canonical.ts; not ORDER BY,
// whose collation is the database's). Absent optional fields are omitted, never null.
import { canonicalState } from '../../plan/canonical.ts';
import type { InstanceState, LineState, ProfileState, QueueState, RecordingState, RoutingProfileState, RoutingQueueState, TargetState, UserState } from '../../plan/state.ts';
import type { PgClient } from './client.ts';
import { groupRows, userOf } from '../store-rows.ts';

type Row = readonly unknown[];

function text(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`postgres store: expected text, got ${v === null ? 'null' : typeof v}`);
  return v;
}
const optText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : text(v));
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  throw new Error(`postgres store: expected a number, got ${typeof v}`);
}
function bool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw new Error(`postgres store: expected a boolean, got ${typeof v}`);
}

const group = <V>(rows: readonly Row[], value: (r: Row) => V): Map<string, V[]> => groupRows(rows, text, value);

const described = <T extends object>(base: T, description: string | undefined): T & { description?: string } => (description === undefined ? base : { ...base, description });

/** The store's objects other than users, in canonical order; inside the caller's transaction. */
export async function readObjects(db: PgClient): Promise<Omit<TargetState, 'users'>> {
  // One query at a time: a client runs one query at a time anyway (pg 9 refuses overlapping
  // ones).
  const meta = await db.rows(`SELECT value FROM meta WHERE key = 'instance'`);
  const queues = await db.rows('SELECT name, description FROM queues');
  const lines = await db.rows('SELECT id, number, description FROM lines');
  const routing = await db.rows('SELECT name, description, default_outbound_queue FROM routing_profiles');
  const routingQueues = await db.rows('SELECT routing_profile, queue, priority, delay FROM routing_profile_queues');
  const profiles = await db.rows('SELECT name, description FROM security_profiles');
  const perms = await db.rows('SELECT profile, permission FROM security_profile_permissions');
  const rq = group(routingQueues, (r): RoutingQueueState => ({ queue: text(r[1]), priority: num(r[2]), delay: num(r[3]) }));
  const pp = group(perms, (r) => text(r[1]));
  const { users: _none, ...objects } = canonicalState({
    profiles: profiles.map((r): ProfileState => ({ ...described({ name: text(r[0]) }, optText(r[1])), permissions: pp.get(text(r[0])) ?? [] })),
    users: [],
    routingProfiles: routing.map((r): RoutingProfileState => ({ ...described({ name: text(r[0]) }, optText(r[1])), defaultOutboundQueue: text(r[2]), queues: rq.get(text(r[0])) ?? [] })),
    queues: queues.map((r): QueueState => described({ name: text(r[0]) }, optText(r[1]))),
    lines: lines.map((r): LineState => described({ id: text(r[0]), number: text(r[1]) }, optText(r[2]))),
  });
  const instance = meta[0] === undefined ? undefined : (JSON.parse(text(meta[0][0])) as InstanceState);
  return instance === undefined ? objects : { instance, ...objects };
}

/** The whole store; run inside one REPEATABLE READ transaction so every table is read from the
 *  same snapshot. */
export async function readState(db: PgClient): Promise<TargetState> {
  const objects = await readObjects(db);
  const users = await db.rows('SELECT login, name, routing_profile, hierarchy FROM users');
  const userProfiles = await db.rows('SELECT login, profile FROM user_security_profiles');
  const recordings = await db.rows('SELECT login, role, view_call, view_outbound, view_screen, delete_call FROM user_recordings');
  const recordingLines = await db.rows('SELECT login, line FROM user_recording_lines');
  const up = group(userProfiles, (r) => text(r[1]));
  const rl = group(recordingLines, (r) => text(r[1]));
  const rec = new Map<string, RecordingState>();
  for (const r of recordings) {
    const login = text(r[0]);
    rec.set(login, { role: text(r[1]) as RecordingState['role'], viewCallRecordings: bool(r[2]), viewOutboundCallRecordings: bool(r[3]), viewScreenRecordings: bool(r[4]), deleteCallRecordings: bool(r[5]), lines: rl.get(login) ?? [] });
  }
  const userList: UserState[] = users.map((r) => {
    const login = text(r[0]);
    return userOf(login, up.get(login) ?? [], optText(r[1]), optText(r[2]), optText(r[3]), rec.get(login));
  });
  // Canonical again as a whole: the objects are already in order, and sorting them again costs
  // little; the users are put in order here.
  return canonicalState({ ...objects, users: userList });
}
