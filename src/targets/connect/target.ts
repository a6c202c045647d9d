// The live Amazon Connect target: `createConnectTarget({ client, instanceId, … })` with the
// client injected (tests pass a mocked or locally pointed ConnectClient); driver.ts builds the
// real one from the URL and the SDK's default chain.
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { ObjectKind, ProfileState, QueueState, RoutingProfileState, UserState } from '../../plan/state.ts';
import type { Change, Plan } from '../../plan/types.ts';
import type { ApplyContext, ApplyResult, Capabilities, ChangeOutcome, Target, TargetSnapshot } from '../contract.ts';
import { createApi } from './api.ts';
import type { Clock, Limits } from './limiter.ts';
import { DEFAULT_LIMITS, realClock } from './limiter.ts';
import { permissionNames } from './permissions.ts';
import type { PermissionNames } from './permissions.ts';
import type { Live, Part } from './read.ts';
import { readLive } from './read.ts';
import { connectIdentity } from './url.ts';
import type { UserDefaults } from './user-defaults.ts';
import { createWriter } from './write.ts';

export interface ConnectTargetOptions {
  readonly client: ConnectClient;
  readonly instanceId: string;
  readonly region?: string;
  readonly limits?: Limits;
  readonly clock?: Clock;
  /** Changes written at once (the limiter paces them). Default 4. */
  readonly concurrency?: number;
  /** Permission names the catalog knows; others are unmodelled and kept. Default: all known. */
  readonly isKnownPermission?: (name: string) => boolean;
  /** Renamed permissions; default: none. The driver passes the catalog's equivalences. */
  readonly names?: PermissionNames;
  /** permctl.yaml `connect.userDefaults`; without them a user create fails (the plan has already
   *  said so, PC660). */
  readonly userDefaults?: UserDefaults;
  /** How long apply waits for its writes to become visible, and how often it reads. */
  readonly readBack?: { readonly timeoutMs: number; readonly intervalMs: number };
  readonly throttleRetries?: number;
  /** Tests only, see api.ts. */
  readonly stampClock?: boolean;
}

/** What the instance holds, honestly: no recording lines, no recording flags (those are VCC's),
 *  no instance settings; queues are read and their descriptions updated, never created or
 *  deleted (they need hours of operation and flows that permctl does not manage). */
export const CONNECT_CAPABILITIES: Capabilities = {
  kinds: {
    profile: { fields: ['description', 'permissions'], create: true, delete: true },
    user: { fields: ['name', 'securityProfiles', 'routingProfile', 'hierarchy'], create: true, delete: true },
    routingProfile: { fields: ['description', 'defaultOutboundQueue', 'queues'], create: true, delete: true },
    queue: { fields: ['description'], create: false, delete: false },
  },
  atomic: false,
  history: 'external',
  ownDefaults: true,
};

const DEFAULT_READ_BACK = { timeoutMs: 60_000, intervalMs: 2_000 };

const keyOf: Record<ObjectKind, (o: { name?: string; login?: string; id?: string; instance?: string }) => string | undefined> = {
  instance: (o) => o.instance,
  profile: (o) => o.name,
  user: (o) => o.login,
  routingProfile: (o) => o.name,
  queue: (o) => o.name,
  line: (o) => o.id,
};

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
/** A profile's permissions in one spelling: one-to-one renames by key, legacy names split in
 *  several by their successors. */
const keys = (ps: readonly string[], names: PermissionNames): string[] => names.canonical(ps.map(names.key));

/** Does what was read back show `c` done (the fields this target holds)? A profile's
 *  permissions are compared with everything it holds, the unmodelled names included (the plan
 *  may declare some of them, and keeps the others). */
export function visible(live: Pick<Live, 'state' | 'profiles'>, c: Change, names: PermissionNames = permissionNames()): boolean {
  const state = live.state;
  const list: readonly object[] = c.kind === 'profile' ? state.profiles : c.kind === 'user' ? state.users : c.kind === 'routingProfile' ? state.routingProfiles : c.kind === 'queue' ? state.queues : [];
  const found = list.find((o) => keyOf[c.kind](o) === c.name);
  if (c.action === 'delete') return found === undefined;
  if (found === undefined || c.after === null) return false;
  switch (c.kind) {
    case 'profile': {
      const a = c.after as ProfileState;
      const f = found as ProfileState;
      const all = new Set(keys(live.profiles.get(c.name)?.permissions ?? f.permissions, names));
      const wanted = new Set(keys(a.permissions, names));
      return (a.description ?? '') === (f.description ?? '') && [...wanted].every((k) => all.has(k)) && keys(f.permissions, names).every((k) => wanted.has(k));
    }
    case 'user': {
      const a = c.after as UserState;
      const f = found as UserState;
      return (a.name ?? '') === (f.name ?? '') && sameList(a.securityProfiles, f.securityProfiles) && a.routingProfile === f.routingProfile && a.hierarchy === f.hierarchy;
    }
    case 'routingProfile': {
      const a = c.after as RoutingProfileState;
      const f = found as RoutingProfileState;
      const q = (r: RoutingProfileState): string => JSON.stringify(r.queues.map((x) => [x.queue, x.priority, x.delay]));
      return (a.description ?? '') === (f.description ?? '') && a.defaultOutboundQueue === f.defaultOutboundQueue && q(a) === q(f);
    }
    case 'queue':
      return ((c.after as QueueState).description ?? '') === ((found as QueueState).description ?? '');
    case 'instance':
    case 'line':
      return false;
  }
}

/** The parts of the instance a plan's changes write to (users may create hierarchy groups). */
export function partsTouched(changes: readonly Change[]): ReadonlySet<Part> {
  const parts = new Set<Part>();
  for (const c of changes) {
    if (c.kind === 'user') parts.add('users').add('groups');
    else if (c.kind === 'profile') parts.add('profiles');
    else if (c.kind === 'routingProfile') parts.add('routing');
    else if (c.kind === 'queue') parts.add('queues');
  }
  return parts;
}

export function createConnectTarget(opts: ConnectTargetOptions): Target {
  const clock = opts.clock ?? realClock;
  const api = createApi(opts.client, { clock, limits: opts.limits ?? DEFAULT_LIMITS, ...(opts.throttleRetries !== undefined ? { throttleRetries: opts.throttleRetries } : {}), ...(opts.stampClock ? { stampClock: true } : {}) });
  const concurrency = opts.concurrency ?? 4;
  const names = opts.names ?? permissionNames();
  const readOpts = { instanceId: opts.instanceId, isKnownPermission: opts.isKnownPermission ?? (() => true), names, concurrency };
  const readBack = opts.readBack ?? DEFAULT_READ_BACK;
  const live = (previous?: Live, only?: ReadonlySet<Part>): Promise<Live> => readLive(api, readOpts, previous, only);

  async function read(): Promise<TargetSnapshot> {
    const l = await live();
    return { state: l.state, fingerprint: l.fingerprint, exists: true, unmodelled: l.unmodelled };
  }

  async function apply(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
    // Stale check by a fresh read: the instance must be exactly what the plan was made against.
    const before = await live();
    if (before.fingerprint !== plan.targetFingerprint) return { ok: false, reason: 'stale', expected: plan.targetFingerprint, actual: before.fingerprint };
    const total = plan.changes.length;
    let done = 0;
    let lastProgress = -Infinity;
    const progress = (): void => {
      done += 1;
      const now = clock.now();
      if (ctx.progress && (done === total || now - lastProgress >= 250)) {
        lastProgress = now;
        ctx.progress(done, total);
      }
    };
    const writer = createWriter(api, before, { instanceId: opts.instanceId, concurrency, ...(opts.userDefaults !== undefined ? { userDefaults: opts.userDefaults } : {}), names, onChange: progress });
    let outcomes: ChangeOutcome[] = await writer.apply(plan.changes);

    // Eventual consistency: read back until every applied change shows, or the timeout passes.
    const started = clock.now();
    const touched = partsTouched(plan.changes);
    let after = await live(before, touched);
    const pending = (): number[] => outcomes.flatMap((o, i) => (o.status === 'applied' && !visible(after, plan.changes[i] as Change, names) ? [i] : []));
    let waiting = pending();
    while (waiting.length > 0 && clock.now() - started < readBack.timeoutMs) {
      await clock.sleep(readBack.intervalMs);
      after = await live(after, touched);
      waiting = pending();
    }
    if (waiting.length > 0) {
      const late = new Set(waiting);
      const secs = Math.round(readBack.timeoutMs / 1000);
      outcomes = outcomes.map((o, i) => (late.has(i) ? { ...o, status: 'failed', error: `written, but not visible after ${secs} s (Amazon Connect is eventually consistent: plan again to see what is left)` } : o));
    }
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    if (failed === 0 && outcomes.every((o) => o.status === 'applied')) return { ok: true, outcomes, fingerprint: after.fingerprint, historyId: null };
    const applied = outcomes.filter((o) => o.status === 'applied').length;
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    const first = outcomes.find((o) => o.status === 'failed');
    const why = first === undefined ? '' : ` (${first.kind} ${first.name}: ${first.error ?? 'failed'})`;
    return { ok: false, reason: 'failed', message: `${applied} of ${total} changes applied, ${failed} failed${why}, ${skipped} not attempted; plan again to see what is left`, outcomes, historyId: null };
  }

  return {
    identity: connectIdentity(opts.instanceId, opts.region),
    capabilities: CONNECT_CAPABILITIES,
    read,
    apply,
    stats: () => api.stats(),
    close: () => {
      opts.client.destroy();
      return Promise.resolve();
    },
  };
}
