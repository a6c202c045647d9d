// What a target holds of each kind (its Capabilities) applied to a state: kinds it does not hold
// are emptied, and objects of a kind held only in part keep their key and the held fields. The
// planner projects BOTH sides before diffing, so a field the target cannot store never shows as
// a permanent difference. Projection keeps canonical order (it never reorders lists).
import type { Capabilities, KindCapability } from '../targets/contract.ts';
import { APPLY_ORDER } from './state.ts';
import type { ObjectKind, TargetState } from './state.ts';
import type { ObjectState } from './types.ts';

/** Every kind, every field, created and deleted, in one transaction, history kept inside: the
 *  stores (SQLite, PostgreSQL). */
export const STORE_CAPABILITIES: Capabilities = {
  kinds: Object.fromEntries(APPLY_ORDER.map((k) => [k, { fields: 'all', create: true, delete: true }])),
  atomic: true,
  history: 'own',
};

const KEY_FIELD: Record<ObjectKind, string> = { instance: 'instance', profile: 'name', user: 'login', routingProfile: 'name', queue: 'name', line: 'id' };

type Plain = Record<string, unknown>;

/** Keeps the key and the dotted `fields` of one object; fields absent from it stay absent. */
function pick(o: Plain, key: string, fields: readonly string[]): Plain {
  const out: Plain = { [key]: o[key] };
  const nested = new Map<string, string[]>();
  for (const f of fields) {
    const dot = f.indexOf('.');
    if (dot < 0) {
      if (o[f] !== undefined) out[f] = o[f];
      continue;
    }
    const head = f.slice(0, dot);
    nested.set(head, [...(nested.get(head) ?? []), f.slice(dot + 1)]);
  }
  for (const [head, rest] of nested) {
    if (out[head] !== undefined) continue; // the whole field is held already
    const inner = o[head];
    if (inner === null || typeof inner !== 'object') continue;
    const part: Plain = {};
    for (const f of rest) if ((inner as Plain)[f] !== undefined) part[f] = (inner as Plain)[f];
    out[head] = part;
  }
  return out;
}

function projectList(kind: ObjectKind, list: readonly ObjectState[], cap: KindCapability | undefined): readonly ObjectState[] {
  if (cap === undefined) return [];
  if (cap.fields === 'all') return list;
  const fields = cap.fields;
  // A user's profiles are a required list: when not held, both sides keep it empty (never a
  // difference), so access and safety read a well-formed state.
  const required: Plain = kind === 'user' && !fields.includes('securityProfiles') ? { securityProfiles: [] } : {};
  return list.map((o) => ({ ...pick(o as unknown as Plain, KEY_FIELD[kind], fields), ...required }) as unknown as ObjectState);
}

/** Does the target hold users' security profiles and the profiles themselves? Only then can a
 *  plan leave it without an administrator (PC601). */
export function holdsProfiles(caps: Capabilities): boolean {
  const users = caps.kinds.user?.fields;
  return caps.kinds.profile !== undefined && (users === 'all' || (users?.includes('securityProfiles') ?? false));
}

/** `state` as the target can hold it. The identity for a target that holds everything. */
export function projectState(state: TargetState, caps: Capabilities): TargetState {
  const k = caps.kinds;
  if (APPLY_ORDER.every((kind) => k[kind]?.fields === 'all')) return state;
  const instance = state.instance && k.instance ? (projectList('instance', [state.instance], k.instance)[0] as TargetState['instance']) : undefined;
  const out: TargetState = {
    profiles: projectList('profile', state.profiles, k.profile) as TargetState['profiles'],
    users: projectList('user', state.users, k.user) as TargetState['users'],
    routingProfiles: projectList('routingProfile', state.routingProfiles, k.routingProfile) as TargetState['routingProfiles'],
    queues: projectList('queue', state.queues, k.queue) as TargetState['queues'],
    lines: projectList('line', state.lines, k.line) as TargetState['lines'],
  };
  return instance === undefined ? out : { instance, ...out };
}

/** The key field of a kind, for adapters that build objects. */
export function keyField(kind: ObjectKind): string {
  return KEY_FIELD[kind];
}
