// Writes a plan's changes in batches: one statement per kind and table (arrays through
// unnest), creates and updates in APPLY_ORDER, deletes in reverse, as on every target. Each
// batch runs under a savepoint; when one fails, its changes are written again one by one to
// name the change the store refused (outcomes are exact even though writes are batched). Runs
// inside the caller's transaction; any throw aborts the whole apply.
import type { InstanceState, LineState, ObjectKind, ProfileState, QueueState, RoutingProfileState, UserState } from '../../plan/state.ts';
import { APPLY_ORDER } from '../../plan/state.ts';
import type { Change, ObjectState } from '../../plan/types.ts';
import { ChangeError, permissionsChanged } from '../outcomes.ts';
import type { PgClient } from './client.ts';

export interface Written {
  readonly users: readonly string[];
  readonly profiles: readonly string[];
}

type Writer = (db: PgClient, objs: readonly ObjectState[]) => Promise<void>;
type Remover = (db: PgClient, names: readonly string[]) => Promise<void>;

const col = <T>(objs: readonly ObjectState[], f: (o: T) => string | number | boolean | null | undefined): unknown[] => objs.map((o) => f(o as T) ?? null);

const UPSERT: Record<ObjectKind, Writer> = {
  async instance(db, objs) {
    for (const o of objs) {
      const i = o as InstanceState;
      const value = { instance: i.instance, screenRecordings: i.screenRecordings, conversationAnalyzer: i.conversationAnalyzer, agentRecordingAccess: i.agentRecordingAccess };
      await db.exec(`INSERT INTO meta (key, value) VALUES ('instance', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(value)]);
    }
  },
  queue: (db, objs) =>
    db.exec('INSERT INTO queues (name, description) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (name) DO UPDATE SET description = excluded.description', [col<QueueState>(objs, (q) => q.name), col<QueueState>(objs, (q) => q.description)]),
  line: (db, objs) =>
    db.exec('INSERT INTO lines (id, number, description) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (id) DO UPDATE SET number = excluded.number, description = excluded.description', [
      col<LineState>(objs, (l) => l.id),
      col<LineState>(objs, (l) => l.number),
      col<LineState>(objs, (l) => l.description),
    ]),
  async routingProfile(db, objs) {
    const rs = objs as readonly RoutingProfileState[];
    await db.exec(
      'INSERT INTO routing_profiles (name, description, default_outbound_queue) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (name) DO UPDATE SET description = excluded.description, default_outbound_queue = excluded.default_outbound_queue',
      [rs.map((r) => r.name), rs.map((r) => r.description ?? null), rs.map((r) => r.defaultOutboundQueue)],
    );
    await db.exec('DELETE FROM routing_profile_queues WHERE routing_profile = ANY($1::text[])', [rs.map((r) => r.name)]);
    const qs = rs.flatMap((r) => r.queues.map((q) => [r.name, q.queue, q.priority, q.delay] as const));
    await db.exec('INSERT INTO routing_profile_queues (routing_profile, queue, priority, delay) SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[])', [qs.map((q) => q[0]), qs.map((q) => q[1]), qs.map((q) => q[2]), qs.map((q) => q[3])]);
  },
  async profile(db, objs) {
    const ps = objs as readonly ProfileState[];
    await db.exec('INSERT INTO security_profiles (name, description) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (name) DO UPDATE SET description = excluded.description', [ps.map((p) => p.name), ps.map((p) => p.description ?? null)]);
    await db.exec('DELETE FROM security_profile_permissions WHERE profile = ANY($1::text[])', [ps.map((p) => p.name)]);
    const rows = ps.flatMap((p) => p.permissions.map((perm) => [p.name, perm] as const));
    await db.exec('INSERT INTO security_profile_permissions (profile, permission) SELECT * FROM unnest($1::text[], $2::text[])', [rows.map((r) => r[0]), rows.map((r) => r[1])]);
  },
  async user(db, objs) {
    const us = objs as readonly UserState[];
    const logins = us.map((u) => u.login);
    await db.exec(
      'INSERT INTO users (login, name, routing_profile, hierarchy) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (login) DO UPDATE SET name = excluded.name, routing_profile = excluded.routing_profile, hierarchy = excluded.hierarchy',
      [logins, us.map((u) => u.name ?? null), us.map((u) => u.routingProfile ?? null), us.map((u) => u.hierarchy ?? null)],
    );
    await db.exec('DELETE FROM user_security_profiles WHERE login = ANY($1::text[])', [logins]);
    const sp = us.flatMap((u) => u.securityProfiles.map((p) => [u.login, p] as const));
    await db.exec('INSERT INTO user_security_profiles (login, profile) SELECT * FROM unnest($1::text[], $2::text[])', [sp.map((r) => r[0]), sp.map((r) => r[1])]);
    // Deleting the recordings row cascades to its lines; they are written again below.
    await db.exec('DELETE FROM user_recordings WHERE login = ANY($1::text[])', [logins]);
    const rec = us.filter((u) => u.recordings !== undefined);
    const r = (f: (x: NonNullable<UserState['recordings']>) => unknown): unknown[] => rec.map((u) => f(u.recordings as NonNullable<UserState['recordings']>));
    await db.exec(
      'INSERT INTO user_recordings (login, role, view_call, view_outbound, view_screen, delete_call) SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::bool[], $5::bool[], $6::bool[])',
      [rec.map((u) => u.login), r((x) => x.role), r((x) => x.viewCallRecordings), r((x) => x.viewOutboundCallRecordings), r((x) => x.viewScreenRecordings), r((x) => x.deleteCallRecordings)],
    );
    const lines = rec.flatMap((u) => (u.recordings?.lines ?? []).map((l) => [u.login, l] as const));
    await db.exec('INSERT INTO user_recording_lines (login, line) SELECT * FROM unnest($1::text[], $2::text[])', [lines.map((x) => x[0]), lines.map((x) => x[1])]);
  },
};

const TABLE: Record<Exclude<ObjectKind, 'instance'>, [string, string]> = { queue: ['queues', 'name'], line: ['lines', 'id'], routingProfile: ['routing_profiles', 'name'], profile: ['security_profiles', 'name'], user: ['users', 'login'] };

function remover(kind: ObjectKind): Remover {
  // The store holds one instance: a plan renaming it creates the new one and deletes the old,
  // so the delete only removes the row if it still is the old instance.
  if (kind === 'instance') return async (db, names) => void (await db.exec(`DELETE FROM meta WHERE key = 'instance' AND (value::json ->> 'instance') = ANY($1::text[])`, [names]));
  const [table, key] = TABLE[kind];
  return async (db, names) => void (await db.exec(`DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`, [names]));
}

function checkAfter(c: Change): ObjectState {
  if (c.after === null) throw new Error(`${c.action} of ${c.kind} ${c.name} has no "after" state`);
  const key = c.kind === 'user' ? (c.after as UserState).login : c.kind === 'line' ? (c.after as LineState).id : c.kind === 'instance' ? (c.after as InstanceState).instance : (c.after as { name: string }).name;
  if (key !== c.name) throw new Error(`${c.kind} change names ${c.name} but its "after" state is ${key}`);
  return c.after;
}

/** Runs `batch` over `changes` under a savepoint; on failure, one change at a time to find the
 *  one refused, then throws ChangeError for it. */
async function inBatch(db: PgClient, changes: readonly Change[], done: Set<Change>, batch: (cs: readonly Change[]) => Promise<void>): Promise<void> {
  if (changes.length === 0) return;
  await db.exec('SAVEPOINT permctl_batch');
  try {
    await batch(changes);
    await db.exec('RELEASE SAVEPOINT permctl_batch');
    for (const c of changes) done.add(c);
    return;
  } catch {
    await db.exec('ROLLBACK TO SAVEPOINT permctl_batch');
  }
  for (const c of changes) {
    try {
      await batch([c]);
    } catch (e) {
      throw new ChangeError(c, done, e);
    }
    done.add(c);
  }
  await db.exec('RELEASE SAVEPOINT permctl_batch');
}

export async function writeChanges(db: PgClient, changes: readonly Change[]): Promise<Written> {
  const done = new Set<Change>();
  const of = (kind: ObjectKind, deletes: boolean): Change[] => changes.filter((c) => c.kind === kind && (c.action === 'delete') === deletes);
  for (const kind of APPLY_ORDER) {
    await inBatch(db, of(kind, false), done, (cs) => UPSERT[kind](db, cs.map(checkAfter)));
  }
  for (const kind of [...APPLY_ORDER].reverse()) {
    const remove = remover(kind);
    await inBatch(db, of(kind, true), done, (cs) => remove(db, cs.map((c) => c.name)));
  }
  return {
    users: changes.filter((c) => c.kind === 'user').map((c) => c.name),
    profiles: changes.filter((c) => c.kind === 'profile' && permissionsChanged(c)).map((c) => c.name),
  };
}
