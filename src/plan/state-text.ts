// The state's canonical text: each object as a tuple of its fields in a fixed order, whatever
// order its producer (compiler, store, import) built them in. It is what the fingerprint hashes
// (fingerprint.ts), and, kept as strings, how a state read on another thread crosses to the
// main thread (targets/background-read.ts): the reader has written it already for the
// fingerprint, and it is about half the length of the state's JSON (no keys), so the main
// thread parses less. stateFromText is its exact inverse for canonical states.
import type { InstanceState, LineState, ProfileState, QueueState, RecordingState, RoutingProfileState, RoutingQueueState, TargetState, UserState } from './state.ts';

/** The text of a state: everything but the users (objectsJson), then its users in slices of
 *  FINGERPRINT_SLICE, each a JSON array of user tuples (usersJson). */
export interface StateText {
  readonly objects: string;
  readonly users: readonly string[];
}

/** Users per slice: one JSON string of 200,000 users would be a hundred megabytes. Part of the
 *  fingerprint's definition (each slice is its own JSON array), so a reader that streams users
 *  (targets/sqlite/read.ts) must hand them over in slices of exactly this size. */
export const FINGERPRINT_SLICE = 5000;

const VERSION = 'permctl-state-1';

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

/** What the fingerprint hashes first: everything but the users. */
export function objectsJson(state: Omit<TargetState, 'users'>): string {
  const i = state.instance;
  const instance = i ? [i.instance, i.screenRecordings, i.conversationAnalyzer, i.agentRecordingAccess] : null;
  return JSON.stringify([VERSION, instance, state.profiles.map(profile), state.routingProfiles.map(routing), state.queues.map(queue), state.lines.map(line)]);
}

/** What the fingerprint hashes of a slice of users. */
export function usersJson(users: readonly UserState[]): string {
  return JSON.stringify(users.map(user));
}

/** One user as the fingerprint writes it: usersJson of a slice is '[' + these joined by ',' +
 *  ']', as JSON.stringify writes an array. */
export function userJson(u: UserState): string {
  return JSON.stringify(user(u));
}

export function stateText(state: TargetState): StateText {
  const users: string[] = [];
  for (let k = 0; k < state.users.length; k += FINGERPRINT_SLICE) users.push(usersJson(state.users.slice(k, k + FINGERPRINT_SLICE)));
  return { objects: objectsJson(state), users };
}

/** The texts of the states read from a store, for as long as each state lives: the store writes
 *  it for the fingerprint (keptText), and the thread that read the state posts that same text
 *  (targets/read-worker.ts) rather than writing it again. */
const kept = new WeakMap<TargetState, StateText>();

/** stateText(state), kept for the state's lifetime and given again on every later call. For
 *  states read from a store, which no one changes: the text of a state changed after would be
 *  stale. */
export function keptText(state: TargetState): StateText {
  let text = kept.get(state);
  if (text === undefined) kept.set(state, (text = stateText(state)));
  return text;
}

// The inverse. Each object is rebuilt with its keys in the order the stores' readers give them
// (targets/store-rows.ts userOf, targets/sqlite/read.ts), optional fields only when present.

type Tuple = readonly unknown[];
type Nullable = string | null;

function withDescription<T extends object>(base: T, description: Nullable): T & { description?: string } {
  return description === null ? base : { ...base, description };
}

function userFrom(t: Tuple): UserState {
  const [login, name, securityProfiles, routingProfile, hierarchy, rec] = t as [string, Nullable, string[], Nullable, Nullable, Tuple | null];
  const u: { -readonly [K in keyof UserState]: UserState[K] } = { login, securityProfiles };
  if (name !== null) u.name = name;
  if (routingProfile !== null) u.routingProfile = routingProfile;
  if (hierarchy !== null) u.hierarchy = hierarchy;
  if (rec !== null) {
    const [role, viewCallRecordings, viewOutboundCallRecordings, viewScreenRecordings, deleteCallRecordings, lines] = rec as [RecordingState['role'], boolean, boolean, boolean, boolean, string[]];
    u.recordings = { role, viewCallRecordings, viewOutboundCallRecordings, viewScreenRecordings, deleteCallRecordings, lines };
  }
  return u;
}

/** The text kept for a state (keptText, stateWithText), if any; never written here. */
export function heldText(state: TargetState): StateText | undefined {
  return kept.get(state);
}

/** Where each user's text lies in a slice of a state's text, as userJson wrote it (usersJson
 *  writes '[' + those joined by ',' + ']'): [start, end) of each, in order, found by following
 *  the JSON's nesting outside its strings, without parsing it. Undefined for text usersJson
 *  did not write. */
export function userBounds(slice: string): number[] | undefined {
  const out: number[] = [];
  const end = slice.length - 1;
  if (slice.charCodeAt(0) !== 91 || slice.charCodeAt(end) !== 93) return undefined;
  let depth = 0;
  for (let i = 1; i < end; i++) {
    const c = slice.charCodeAt(i);
    if (c === 34) {
      // A string, to its closing quote: an escaped character (\" among them) is skipped.
      for (i++; i < end && slice.charCodeAt(i) !== 34; i++) if (slice.charCodeAt(i) === 92) i++;
    } else if (c === 91) {
      if (depth === 0) out.push(i);
      depth++;
    } else if (c === 93) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) out.push(i + 1);
    }
  }
  return depth === 0 ? out : undefined;
}

/** stateFromText(text), whose text is then `text` (keptText gives it back, never writes it
 *  again): for a state read as its text (targets/sqlite/read-text.ts). */
export function stateWithText(text: StateText): TargetState {
  const state = stateFromText(text);
  kept.set(state, text);
  return state;
}

/** The state whose text `text` is (stateText's inverse). Throws on text stateText did not
 *  write: it crosses only between permctl's own threads. */
export function stateFromText(text: StateText): TargetState {
  const [version, i, profiles, routingProfiles, queues, lines] = JSON.parse(text.objects) as [string, Tuple | null, Tuple[], Tuple[], Tuple[], Tuple[]];
  if (version !== VERSION) throw new Error(`not a state's text: ${String(version).slice(0, 40)}`);
  const users: UserState[] = [];
  for (const slice of text.users) for (const t of JSON.parse(slice) as Tuple[]) users.push(userFrom(t));
  const state: TargetState = {
    profiles: profiles.map(([name, description, permissions]) => ({ ...withDescription({ name: name as string }, description as Nullable), permissions: permissions as string[] })),
    users,
    routingProfiles: routingProfiles.map(([name, description, defaultOutboundQueue, qs]) => ({
      ...withDescription({ name: name as string }, description as Nullable),
      defaultOutboundQueue: defaultOutboundQueue as string,
      queues: (qs as Tuple[]).map(([q, priority, delay]): RoutingQueueState => ({ queue: q as string, priority: priority as number, delay: delay as number })),
    })),
    queues: queues.map(([name, description]) => withDescription({ name: name as string }, description as Nullable)),
    lines: lines.map(([id, number, description]) => withDescription({ id: id as string, number: number as string }, description as Nullable)),
  };
  if (i === null) return state;
  const [instance, screenRecordings, conversationAnalyzer, agentRecordingAccess] = i as [string, boolean, boolean, InstanceState['agentRecordingAccess']];
  return { instance: { instance, screenRecordings, conversationAnalyzer, agentRecordingAccess }, ...state };
}
