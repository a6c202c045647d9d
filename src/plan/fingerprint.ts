// Fingerprints: sha256 of canonical JSON. The state is canonical by construction (sorted lists,
// fixed key order, see state.ts), so two reads of the same content give the same fingerprint.
import { createHash } from 'node:crypto';
import type { LineState, ProfileState, QueueState, RoutingProfileState, TargetState, UserState } from './state.ts';

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Canonical JSON: object keys sorted, undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

// The state's canonical form lists each object's fields in a fixed order, as tuples, whatever
// order its producer (compiler, store, import) built them in. Much faster than sorting the keys
// of 50,000 user objects, and just as canonical.
const opt = <T>(v: T | undefined): T | null => v ?? null;
const profile = (p: ProfileState): unknown[] => [p.name, opt(p.description), p.permissions];
const user = (u: UserState): unknown[] => {
  const r = u.recordings;
  const rec = r ? [r.role, r.viewCallRecordings, r.viewOutboundCallRecordings, r.viewScreenRecordings, r.deleteCallRecordings, r.lines] : null;
  return [u.login, opt(u.name), u.securityProfiles, opt(u.routingProfile), opt(u.hierarchy), rec];
};
const routing = (r: RoutingProfileState): unknown[] => [r.name, opt(r.description), r.defaultOutboundQueue, r.queues.map((q) => [q.queue, q.priority, q.delay])];
const queue = (q: QueueState): unknown[] => [q.name, opt(q.description)];
const line = (l: LineState): unknown[] => [l.id, l.number, opt(l.description)];

export function stateFingerprint(state: TargetState): string {
  const i = state.instance;
  const instance = i ? [i.instance, i.screenRecordings, i.conversationAnalyzer, i.agentRecordingAccess] : null;
  const hash = createHash('sha256').update(JSON.stringify(['permctl-state-1', instance, state.profiles.map(profile), state.routingProfiles.map(routing), state.queues.map(queue), state.lines.map(line)]));
  // Users are hashed in slices: one JSON string of 50,000 users would be tens of megabytes.
  for (let k = 0; k < state.users.length; k += 5000) hash.update(JSON.stringify(state.users.slice(k, k + 5000).map(user)));
  return `sha256:${hash.digest('hex')}`;
}
