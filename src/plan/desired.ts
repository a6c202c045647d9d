// The desired state: the compiled policy in the shape a target holds (see state.ts).
import type { CompiledPolicy } from '../compile/types.ts';
import type { InstanceState, RecordingState, TargetState, UserState } from './state.ts';
import type { CompiledUser } from '../compile/types.ts';

export function userState(u: CompiledUser): UserState {
  const r = u.recordings;
  const recordings: RecordingState | undefined = r && {
    role: r.role,
    viewCallRecordings: r.viewCallRecordings,
    viewOutboundCallRecordings: r.viewOutboundCallRecordings,
    viewScreenRecordings: r.viewScreenRecordings,
    deleteCallRecordings: r.deleteCallRecordings,
    lines: r.lines,
  };
  return {
    login: u.login,
    ...(u.name !== undefined ? { name: u.name } : {}),
    securityProfiles: u.securityProfiles,
    ...(u.routingProfile !== undefined ? { routingProfile: u.routingProfile } : {}),
    ...(u.hierarchy !== undefined ? { hierarchy: u.hierarchy } : {}),
    ...(recordings ? { recordings } : {}),
  };
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
