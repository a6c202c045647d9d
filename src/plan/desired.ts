// The desired state: the compiled policy in the shape a target holds (see state.ts).
import type { CompiledPolicy } from '../compile/types.ts';
import type { InstanceState, TargetState, UserState } from './state.ts';
import type { CompiledUser } from '../compile/types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Built field by field, absent fields left out: no temporary objects for 50,000 users. */
export function userState(u: CompiledUser): UserState {
  // Fields in the order the spread version gave them (plan files show them in this order).
  const user = { login: u.login } as Mutable<UserState>;
  if (u.name !== undefined) user.name = u.name;
  user.securityProfiles = u.securityProfiles;
  if (u.routingProfile !== undefined) user.routingProfile = u.routingProfile;
  if (u.hierarchy !== undefined) user.hierarchy = u.hierarchy;
  const r = u.recordings;
  if (r) {
    user.recordings = {
      role: r.role,
      viewCallRecordings: r.viewCallRecordings,
      viewOutboundCallRecordings: r.viewOutboundCallRecordings,
      viewScreenRecordings: r.viewScreenRecordings,
      deleteCallRecordings: r.deleteCallRecordings,
      lines: r.lines,
    };
  }
  return user;
}

export function desiredState(policy: CompiledPolicy): TargetState {
  const instance: InstanceState = { instance: policy.instance, ...policy.settings };
  return {
    instance,
    profiles: [...policy.profiles.values()].map((p) => ({ name: p.name, ...(p.description !== undefined ? { description: p.description } : {}), permissions: [...p.permissions.keys()] })),
    users: policy.users.map(userState),
    routingProfiles: policy.routingProfiles.map((r) => ({ name: r.name, ...(r.description !== undefined ? { description: r.description } : {}), defaultOutboundQueue: r.defaultOutboundQueue, queues: r.queues.map((q) => ({ queue: q.queue, priority: q.priority, delay: q.delay })) })),
    queues: policy.queues.map((q) => ({ name: q.name, ...(q.description !== undefined ? { description: q.description } : {}) })),
    lines: policy.lines.map((l) => ({ id: l.id, number: l.number, ...(l.description !== undefined ? { description: l.description } : {}) })),
  };
}
