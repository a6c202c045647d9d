// Applies a plan's changes to a live instance: the write calls of each change, in dependency
// order (queues, routing profiles and security profiles before the users that refer to them;
// deletes last, users first), a few changes at a time, with an exact outcome per change.
// Never sends what permctl does not model: a profile update sends its permissions (plus every
// live permission the plan did not know about) and description only; tags, applications and
// access-control settings are left out of the request and so stay as they are.
import {
  AssociateRoutingProfileQueuesCommand,
  CreateRoutingProfileCommand,
  CreateSecurityProfileCommand,
  CreateUserCommand,
  CreateUserHierarchyGroupCommand,
  DeleteRoutingProfileCommand,
  DeleteSecurityProfileCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  DisassociateRoutingProfileQueuesCommand,
  UpdateQueueNameCommand,
  UpdateRoutingProfileDefaultOutboundQueueCommand,
  UpdateRoutingProfileNameCommand,
  UpdateRoutingProfileQueuesCommand,
  UpdateSecurityProfileCommand,
  UpdateUserHierarchyCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import type { RoutingProfileQueueConfig } from '@aws-sdk/client-connect';
import type { ProfileState, QueueState, RoutingProfileState, RoutingQueueState, UserState } from '../../plan/state.ts';
import type { Change } from '../../plan/types.ts';
import type { ChangeOutcome } from '../contract.ts';
import type { ConnectApi } from './api.ts';
import type { Live } from './read.ts';
import type { PermissionNames } from './permissions.ts';
import type { UserDefaults } from './user-defaults.ts';
import { emailFor } from './user-defaults.ts';

export interface WriteOptions {
  readonly instanceId: string;
  readonly concurrency: number;
  /** permctl.yaml `connect.userDefaults`: CreateUser's phone settings and email. */
  readonly userDefaults?: UserDefaults;
  readonly names: PermissionNames;
  /** Called after each change. */
  readonly onChange: () => void;
}

/** Queue configs per call (Associate/Disassociate/UpdateRoutingProfileQueues, CreateRoutingProfile). */
export const QUEUE_CHUNK = 10;

class ChangeError extends Error {}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Ids learnt during the apply (objects created) on top of the live index. */
interface Ids {
  readonly profiles: Map<string, string>;
  readonly routing: Map<string, string>;
  readonly queues: ReadonlyMap<string, string>;
  readonly groups: Map<string, string>;
  readonly users: ReadonlyMap<string, string>;
}

function need(map: ReadonlyMap<string, string>, name: string, what: string): string {
  const id = map.get(name);
  if (id === undefined) throw new ChangeError(`${what} "${name}" does not exist in the instance`);
  return id;
}

function splitName(name: string | undefined): { FirstName?: string; LastName?: string } {
  if (name === undefined || name === '') return {};
  const i = name.indexOf(' ');
  return i < 0 ? { FirstName: name } : { FirstName: name.slice(0, i), LastName: name.slice(i + 1) };
}

const queueConfig = (ids: Ids, q: RoutingQueueState): RoutingProfileQueueConfig => ({
  QueueReference: { QueueId: need(ids.queues, q.queue, 'queue'), Channel: 'VOICE' },
  Priority: q.priority,
  Delay: q.delay,
});

/** The permissions an update sends: the plan's, spelt as the instance already spells them, plus
 *  every live permission the plan's `before` did not show — names outside the catalog, which
 *  permctl keeps. A renamed permission keeps its live spelling: one to one, the live name; a
 *  legacy name split into several, its successors when the live profile holds any of them (the
 *  console migrated it), so a plan never flips a profile back to the legacy name. */
export function permissionsToWrite(live: readonly string[], before: readonly string[], after: readonly string[], names: PermissionNames): string[] {
  const key = names.key;
  const held = new Set(live);
  const liveByKey = new Map(live.map((p) => [key(p), p]));
  const spelt = (p: string): readonly string[] => {
    if (held.has(p)) return [p];
    const split = names.successors(p);
    if (split.length > 1 && split.some((s) => held.has(s))) return split;
    return [liveByKey.get(key(p)) ?? p];
  };
  // What the plan speaks of, in every spelling: a live name among them is the plan's to keep or drop.
  const planned = new Set([...before, ...after].flatMap((p) => [key(p), ...names.canonical([p])]));
  const out = new Set(after.flatMap(spelt));
  for (const p of live) if (!planned.has(key(p)) && !names.canonical([p]).every((c) => planned.has(c))) out.add(p);
  return [...out].sort();
}

export function createWriter(api: ConnectApi, live: Live, opts: WriteOptions) {
  const InstanceId = opts.instanceId;
  const ids: Ids = {
    profiles: new Map([...live.profiles].map(([n, p]) => [n, p.id])),
    routing: new Map([...live.routing].map(([n, r]) => [n, r.id])),
    queues: live.queues,
    groups: new Map(live.groups),
    users: new Map([...live.users].map(([n, u]) => [n, u.id])),
  };

  // Hierarchy groups a user needs and the instance lacks are created level by level, once.
  const creatingGroups = new Map<string, Promise<string>>();
  function groupId(path: string): Promise<string> {
    const known = ids.groups.get(path);
    if (known !== undefined) return Promise.resolve(known);
    let p = creatingGroups.get(path);
    if (p === undefined) {
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? undefined : path.slice(0, slash);
      p = (async () => {
        const ParentGroupId = parent === undefined ? undefined : await groupId(parent);
        const out = await api.send(new CreateUserHierarchyGroupCommand({ InstanceId, Name: path.slice(slash + 1), ...(ParentGroupId ? { ParentGroupId } : {}) }));
        if (out.HierarchyGroupId === undefined) throw new ChangeError(`no id returned for hierarchy group "${path}"`);
        ids.groups.set(path, out.HierarchyGroupId);
        return out.HierarchyGroupId;
      })();
      creatingGroups.set(path, p);
    }
    return p;
  }

  async function queue(c: Change): Promise<void> {
    if (c.action !== 'update') throw new ChangeError(`permctl does not ${c.action} queues in Amazon Connect (they need hours of operation and flows it does not manage); ${c.action} "${c.name}" in the console`);
    const after = c.after as QueueState;
    await api.send(new UpdateQueueNameCommand({ InstanceId, QueueId: need(ids.queues, c.name, 'queue'), Name: after.name, Description: after.description ?? '' }));
  }

  async function routingProfile(c: Change): Promise<void> {
    if (c.action === 'delete') {
      await api.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: need(ids.routing, c.name, 'routing profile') }));
      return;
    }
    const after = c.after as RoutingProfileState;
    const configs = after.queues.map((q) => queueConfig(ids, q));
    if (c.action === 'create') {
      const [first = [], ...rest] = chunks(configs, QUEUE_CHUNK);
      const out = await api.send(
        new CreateRoutingProfileCommand({
          InstanceId,
          Name: after.name,
          Description: after.description ?? after.name,
          DefaultOutboundQueueId: need(ids.queues, after.defaultOutboundQueue, 'queue'),
          MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
          QueueConfigs: first,
        }),
      );
      if (out.RoutingProfileId === undefined) throw new ChangeError('no id returned');
      ids.routing.set(after.name, out.RoutingProfileId);
      for (const chunk of rest) await api.send(new AssociateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: out.RoutingProfileId, QueueConfigs: chunk }));
      return;
    }
    const before = c.before as RoutingProfileState;
    const RoutingProfileId = need(ids.routing, c.name, 'routing profile');
    if ((before.description ?? '') !== (after.description ?? '')) await api.send(new UpdateRoutingProfileNameCommand({ InstanceId, RoutingProfileId, Name: after.name, Description: after.description ?? after.name }));
    const old = new Map(before.queues.map((q) => [q.queue, q]));
    const now = new Map(after.queues.map((q) => [q.queue, q]));
    const added = after.queues.filter((q) => !old.has(q.queue));
    const changed = after.queues.filter((q) => {
      const o = old.get(q.queue);
      return o !== undefined && (o.priority !== q.priority || o.delay !== q.delay);
    });
    const removed = before.queues.filter((q) => !now.has(q.queue));
    // Add first, so the new default outbound queue is a queue of the profile; remove last.
    for (const chunk of chunks(added.map((q) => queueConfig(ids, q)), QUEUE_CHUNK)) await api.send(new AssociateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, QueueConfigs: chunk }));
    for (const chunk of chunks(changed.map((q) => queueConfig(ids, q)), QUEUE_CHUNK)) await api.send(new UpdateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, QueueConfigs: chunk }));
    if (before.defaultOutboundQueue !== after.defaultOutboundQueue) await api.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ InstanceId, RoutingProfileId, DefaultOutboundQueueId: need(ids.queues, after.defaultOutboundQueue, 'queue') }));
    const refs = removed.map((q) => ({ QueueId: need(ids.queues, q.queue, 'queue'), Channel: 'VOICE' as const }));
    for (const chunk of chunks(refs, QUEUE_CHUNK)) await api.send(new DisassociateRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, QueueReferences: chunk }));
  }

  async function profile(c: Change): Promise<void> {
    if (c.action === 'delete') {
      await api.send(new DeleteSecurityProfileCommand({ InstanceId, SecurityProfileId: need(ids.profiles, c.name, 'security profile') }));
      return;
    }
    const after = c.after as ProfileState;
    if (c.action === 'create') {
      const out = await api.send(new CreateSecurityProfileCommand({ InstanceId, SecurityProfileName: after.name, ...(after.description ? { Description: after.description } : {}), Permissions: [...after.permissions] }));
      if (out.SecurityProfileId === undefined) throw new ChangeError('no id returned');
      ids.profiles.set(after.name, out.SecurityProfileId);
      return;
    }
    const before = c.before as ProfileState;
    const livePerms = live.profiles.get(c.name)?.permissions ?? before.permissions;
    await api.send(
      new UpdateSecurityProfileCommand({
        InstanceId,
        SecurityProfileId: need(ids.profiles, c.name, 'security profile'),
        Permissions: permissionsToWrite(livePerms, before.permissions, after.permissions, opts.names),
        ...((before.description ?? '') !== (after.description ?? '') ? { Description: after.description ?? '' } : {}),
      }),
    );
  }

  async function user(c: Change): Promise<void> {
    if (c.action === 'delete') {
      await api.send(new DeleteUserCommand({ InstanceId, UserId: need(ids.users, c.name, 'user') }));
      return;
    }
    const after = c.after as UserState;
    const profileIds = after.securityProfiles.map((p) => need(ids.profiles, p, 'security profile'));
    const routingId = after.routingProfile === undefined ? undefined : need(ids.routing, after.routingProfile, 'routing profile');
    const hierarchyId = after.hierarchy === undefined ? undefined : await groupId(after.hierarchy);
    if (c.action === 'create') {
      if (routingId === undefined) throw new ChangeError('Amazon Connect needs a routing profile for every user; give the user one (or a default in the Users file)');
      const d = opts.userDefaults;
      if (d === undefined) throw new ChangeError('Amazon Connect needs phone settings for every user it creates: give them in permctl.yaml (connect.userDefaults)');
      const Email = emailFor(after.login, d);
      await api.send(
        new CreateUserCommand({
          InstanceId,
          Username: after.login,
          SecurityProfileIds: profileIds,
          RoutingProfileId: routingId,
          ...(hierarchyId !== undefined ? { HierarchyGroupId: hierarchyId } : {}),
          IdentityInfo: { ...splitName(after.name), ...(Email !== undefined ? { Email } : {}) },
          PhoneConfig: { PhoneType: d.phoneType, AutoAccept: d.autoAccept, AfterContactWorkTimeLimit: d.afterContactWorkTimeLimit, ...(d.deskPhoneNumber !== undefined ? { DeskPhoneNumber: d.deskPhoneNumber } : {}) },
        }),
      );
      return;
    }
    const before = c.before as UserState;
    const UserId = need(ids.users, c.name, 'user');
    if (before.securityProfiles.join('\u0000') !== after.securityProfiles.join('\u0000')) await api.send(new UpdateUserSecurityProfilesCommand({ InstanceId, UserId, SecurityProfileIds: profileIds }));
    if (before.routingProfile !== after.routingProfile) {
      if (routingId === undefined) throw new ChangeError('Amazon Connect cannot take a user\'s routing profile away; give the user one');
      await api.send(new UpdateUserRoutingProfileCommand({ InstanceId, UserId, RoutingProfileId: routingId }));
    }
    if (before.hierarchy !== after.hierarchy) await api.send(new UpdateUserHierarchyCommand({ InstanceId, UserId, ...(hierarchyId !== undefined ? { HierarchyGroupId: hierarchyId } : {}) }));
    if ((before.name ?? '') !== (after.name ?? '')) {
      // UpdateUserIdentityInfo replaces the whole identity (email, mobile, …): start from what
      // the instance holds and change only the names.
      const current = (await api.send(new DescribeUserCommand({ InstanceId, UserId }))).User?.IdentityInfo ?? {};
      const { FirstName, LastName } = splitName(after.name);
      await api.send(new UpdateUserIdentityInfoCommand({ InstanceId, UserId, IdentityInfo: { ...current, FirstName, LastName } }));
    }
  }

  const byKind: Record<string, ((c: Change) => Promise<void>) | undefined> = { queue, routingProfile, profile, user };

  async function one(c: Change): Promise<ChangeOutcome> {
    const base = { kind: c.kind, name: c.name, action: c.action };
    const fn = byKind[c.kind];
    try {
      if (fn === undefined) throw new ChangeError(`Amazon Connect does not hold ${c.kind} objects through permctl`);
      await fn(c);
      return { ...base, status: 'applied' };
    } catch (e) {
      return { ...base, status: 'failed', error: errorText(e) };
    } finally {
      opts.onChange();
    }
  }

  /** Every change's outcome, in the plan's order. Phases run in dependency order; within one,
   *  a few changes at a time. After a failure no further change starts (they are `skipped`);
   *  those already under way finish and report what they did. */
  async function apply(changes: readonly Change[]): Promise<ChangeOutcome[]> {
    const outcomes = new Map<Change, ChangeOutcome>();
    let failed = false;
    for (const phase of phases(changes)) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!failed && next < phase.length) {
          const c = phase[next++] as Change;
          const o = await one(c);
          outcomes.set(c, o);
          if (o.status === 'failed') failed = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(opts.concurrency, phase.length) }, worker));
    }
    return changes.map((c) => {
      const o = outcomes.get(c);
      if (o !== undefined) return o;
      opts.onChange();
      return { kind: c.kind, name: c.name, action: c.action, status: 'skipped', error: 'not attempted: an earlier change failed' };
    });
  }

  return { apply };
}

const CREATE_ORDER: readonly Change['kind'][] = ['instance', 'queue', 'line', 'routingProfile', 'profile', 'user'];

/** Creates and updates in dependency order (what others refer to first), then deletes in the
 *  reverse order (users before the profiles they held). */
export function phases(changes: readonly Change[]): Change[][] {
  const out: Change[][] = [];
  for (const kind of CREATE_ORDER) out.push(changes.filter((c) => c.kind === kind && c.action !== 'delete'));
  for (const kind of [...CREATE_ORDER].reverse()) out.push(changes.filter((c) => c.kind === kind && c.action === 'delete'));
  return out.filter((p) => p.length > 0);
}

/** The service's message, without request ids or anything from the credentials. */
export function errorText(e: unknown): string {
  if (e instanceof ChangeError) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 300);
  return String(e).slice(0, 300);
}
