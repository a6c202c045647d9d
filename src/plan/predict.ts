// What a target will hold once a plan's changes are written, from what it holds now: each
// change's `after` replaces its object, a delete removes it. A store uses this to fingerprint
// the state an apply leaves without reading every user again (targets/sqlite/index.ts), then
// checks the prediction against what it reads back of the objects the plan wrote.
import { createHash } from 'node:crypto';
import { canonicalState, keyOf } from './canonical.ts';
import { objectsOf } from './diff.ts';
import { FingerprintHasher, stateFingerprint } from './fingerprint.ts';
import { FINGERPRINT_SLICE, heldText, objectsJson, userBounds, userJson } from './state-text.ts';
import type { InstanceState, LineState, ObjectKind, ProfileState, QueueState, RoutingProfileState, TargetState, UserState } from './state.ts';
import type { Change, ObjectState } from './types.ts';

export interface Prediction {
  /** Everything but the users, whole (they are few), in canonical order. */
  readonly objects: Omit<TargetState, 'users'>;
  /** The users the plan writes, in canonical form; null for a user it deletes. */
  readonly users: ReadonlyMap<string, UserState | null>;
}

/** The objects after `changes`, and the users they write; undefined where the changes do not
 *  say (two instances left, a change without its object): the store then reads it all back. */
export function predictAfter(objects: Omit<TargetState, 'users'>, changes: readonly Change[]): Prediction | undefined {
  const state: TargetState = { ...objects, users: [] };
  // Per kind the plan changes, its objects by key, once changed.
  const kinds = new Map<ObjectKind, Map<string, ObjectState>>();
  const listOf = (kind: ObjectKind): Map<string, ObjectState> => {
    let m = kinds.get(kind);
    if (m === undefined) {
      m = new Map(objectsOf(state, kind).map((o) => [keyOf(kind, o), o]));
      kinds.set(kind, m);
    }
    return m;
  };
  const users = new Map<string, UserState | null>();
  for (const c of changes) {
    if (c.action !== 'delete' && c.after === null) return undefined;
    if (c.kind === 'user') {
      users.set(c.name, c.action === 'delete' ? null : (c.after as UserState));
      continue;
    }
    const m = listOf(c.kind);
    if (c.action === 'delete') m.delete(c.name);
    else m.set(c.name, c.after as ObjectState);
  }
  const instances = [...listOf('instance').values()];
  if (instances.length > 1) return undefined;
  const changed = <T>(kind: ObjectKind): T[] | undefined => (kinds.has(kind) ? ([...listOf(kind).values()] as T[]) : undefined);
  const after = canonicalState({
    ...(instances[0] ? { instance: instances[0] as InstanceState } : {}),
    profiles: changed<ProfileState>('profile') ?? objects.profiles,
    routingProfiles: changed<RoutingProfileState>('routingProfile') ?? objects.routingProfiles,
    queues: changed<QueueState>('queue') ?? objects.queues,
    lines: changed<LineState>('line') ?? objects.lines,
    users: [...users.values()].filter((u): u is UserState => u !== null),
  });
  // The users in canonical form (their lists sorted), keyed as written.
  const canonical = new Map(after.users.map((u) => [u.login, u]));
  const { instance, profiles, routingProfiles, queues, lines } = after;
  return { objects: { ...(instance ? { instance } : {}), profiles, routingProfiles, queues, lines }, users: new Map([...users.keys()].map((login) => [login, canonical.get(login) ?? null])) };
}

/** Whether a plan's prediction is made at all: one that writes more than FINGERPRINT_SLICE
 *  users (the first apply) would hold them all at once, where reading the store again after
 *  the writes streams them. */
export function predicts(changes: readonly Change[]): boolean {
  let users = 0;
  for (const c of changes) if (c.kind === 'user' && ++users > FINGERPRINT_SLICE) return false;
  return true;
}

/** The users after a plan's writes, fed the users before them in canonical order: the users
 *  the plan writes are merged in by login, those it replaces or deletes left out. `emit` gets
 *  each user after, in order, with its userJson when the caller passed it along. */
class UsersAfter {
  private readonly prediction: Prediction;
  private readonly emit: (u: UserState, json?: string) => void;
  /** The users the plan writes, in login order: sorted here rather than trusting the order of
   *  the plan's changes. */
  private readonly written: UserState[];
  private next = 0;

  constructor(prediction: Prediction, emit: (u: UserState, json?: string) => void) {
    this.prediction = prediction;
    this.emit = emit;
    this.written = [...prediction.users.values()].filter((u): u is UserState => u !== null).sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
  }

  add(u: UserState, json?: string): void {
    this.writeUpTo(u.login);
    if (!this.prediction.users.has(u.login)) this.emit(u, json);
  }

  /** After the last user: the written users left. */
  finish(): void {
    this.writeUpTo(undefined);
  }

  /** The written users before `login` (all that are left, when undefined). */
  private writeUpTo(login: string | undefined): void {
    for (; this.next < this.written.length; this.next++) {
      const w = this.written[this.next] as UserState;
      if (login !== undefined && !(w.login < login)) return;
      this.emit(w);
    }
  }
}

/** The fingerprint after a plan's writes, fed the users before them in canonical order, each
 *  with its userJson (which a caller hashing the state before as well computes once). */
export class PredictedFingerprint {
  private readonly hasher: FingerprintHasher;
  private readonly users: UsersAfter;

  constructor(prediction: Prediction) {
    const hasher = new FingerprintHasher(prediction.objects);
    this.hasher = hasher;
    this.users = new UsersAfter(prediction, (u, json) => hasher.add(json ?? userJson(u)));
  }

  add(u: UserState, json: string): void {
    this.users.add(u, json);
  }

  digest(): string {
    this.users.finish();
    return this.hasher.digest();
  }
}

/** The fingerprint `state` (canonical) will have once `changes` are written, with the
 *  prediction to check the writes against: what a store predicts while it reads itself
 *  (targets/sqlite/read.ts), here from a state already in memory. Undefined where predictAfter
 *  is, or when the plan writes too many users to predict. */
export function predictFrom(state: TargetState, changes: readonly Change[]): { fingerprint: string; prediction: Prediction } | undefined {
  const { users, ...objects } = state;
  const prediction = predicts(changes) ? predictAfter(objects, changes) : undefined;
  if (prediction === undefined) return undefined;
  const spliced = fromHeldText(state, prediction);
  if (spliced !== undefined) return { fingerprint: spliced, prediction };
  // The users after the writes, fingerprinted as any state is: one JSON.stringify per slice of
  // users is faster than one per user (PredictedFingerprint, for a store's pass, which sees
  // its users one at a time).
  const after: UserState[] = [];
  const merge = new UsersAfter(prediction, (u) => after.push(u));
  for (const u of users) merge.add(u);
  merge.finish();
  return { fingerprint: stateFingerprint({ ...prediction.objects, users: after }), prediction };
}

/** The fingerprint after the writes, from the text `state` was read as (heldText): the users
 *  the plan leaves are hashed as the very text the store wrote, a run of them at a time, and
 *  only the users it writes are written as JSON. Finding where each user's text lies is a scan,
 *  several times cheaper than writing 200,000 users' JSON again. Undefined when the state has
 *  no text kept, or its text does not hold one user per user of the state. */
function fromHeldText(state: TargetState, prediction: Prediction): string | undefined {
  const text = heldText(state);
  if (text === undefined) return undefined;
  const written = [...prediction.users.values()].filter((u): u is UserState => u !== null).sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
  const out = new SliceStream(prediction.objects);
  let w = 0;
  let i = 0;
  for (const slice of text.users) {
    const bounds = userBounds(slice);
    if (bounds === undefined || i + bounds.length / 2 > state.users.length) return undefined;
    // The users of this slice the plan leaves, kept as a run [from, to) of their indexes here.
    let from = 0;
    let to = 0;
    const flush = (): void => {
      if (to > from) out.kept(slice, bounds, from, to);
      from = to;
    };
    for (let k = 0; k < bounds.length / 2; k++, i++) {
      const login = (state.users[i] as UserState).login;
      // The users the plan writes come before any user with a greater login.
      for (; w < written.length && (written[w] as UserState).login < login; w++) {
        flush();
        out.add(userJson(written[w] as UserState));
      }
      if (prediction.users.has(login)) {
        flush();
        from = to = k + 1; // replaced or deleted: its text is left out
      } else to = k + 1;
    }
    flush();
  }
  if (i !== state.users.length) return undefined;
  for (; w < written.length; w++) out.add(userJson(written[w] as UserState));
  return out.digest();
}

/** textFingerprint of users given as their texts: each user's text, or a run of users' texts
 *  as they lie in a slice of another state's text (commas between them included), cut into
 *  slices of FINGERPRINT_SLICE users as stateText cuts them. */
class SliceStream {
  private readonly hash;
  /** Users in the slice being written. */
  private count = 0;

  constructor(objects: Omit<TargetState, 'users'>) {
    this.hash = createHash('sha256').update(objectsJson(objects));
  }

  add(json: string): void {
    this.hash.update(this.count === 0 ? '[' : ',');
    this.hash.update(json);
    this.next(1);
  }

  /** The users [from, to) of `slice`, whose texts lie at `bounds` (userBounds). */
  kept(slice: string, bounds: readonly number[], from: number, to: number): void {
    while (from < to) {
      const n = Math.min(to - from, FINGERPRINT_SLICE - this.count);
      this.hash.update(this.count === 0 ? '[' : ',');
      this.hash.update(slice.slice(bounds[2 * from], bounds[2 * (from + n) - 1]));
      this.next(n);
      from += n;
    }
  }

  digest(): string {
    if (this.count > 0) this.hash.update(']');
    return `sha256:${this.hash.digest('hex')}`;
  }

  private next(n: number): void {
    this.count += n;
    if (this.count === FINGERPRINT_SLICE) {
      this.hash.update(']');
      this.count = 0;
    }
  }
}
