// The plan file (`plan --out`, `plan --format json`): the plan as JSON with every object's keys
// in a fixed order, format_version first, whatever order the planner built them in. The same
// plan gives the same bytes, so saved plans diff cleanly and hash stably.
import type { ObjectKind, InstanceState, LineState, ProfileState, QueueState, RecordingState, RoutingProfileState, RoutingQueueState, UserState } from '../../plan/state.ts';
import type { AccessChange, Change, Finding, Plan, PlanSummary, Unmanaged } from '../../plan/types.ts';

/** Key order of one object type; `nested` gives the order inside a field (each element of a list). */
interface Shape {
  readonly keys: readonly string[];
  readonly nested?: Readonly<Record<string, Shape | ((value: unknown) => Shape)>>;
}

// Taking the order as an object typed Record<keyof T, true> makes the compiler reject a missing
// or misspelt key, so a field added to a type cannot be forgotten here.
const keys = <T>(order: Record<keyof T, true>): readonly string[] => Object.keys(order);

const RECORDING: Shape = {
  keys: keys<RecordingState>({ role: true, viewCallRecordings: true, viewOutboundCallRecordings: true, viewScreenRecordings: true, deleteCallRecordings: true, lines: true }),
};
const STATE: Readonly<Record<ObjectKind, Shape>> = {
  instance: { keys: keys<InstanceState>({ instance: true, screenRecordings: true, conversationAnalyzer: true, agentRecordingAccess: true }) },
  profile: { keys: keys<ProfileState>({ name: true, description: true, permissions: true }) },
  user: {
    keys: keys<UserState>({ login: true, name: true, securityProfiles: true, routingProfile: true, hierarchy: true, recordings: true }),
    nested: { recordings: RECORDING },
  },
  routingProfile: {
    keys: keys<RoutingProfileState>({ name: true, description: true, defaultOutboundQueue: true, queues: true }),
    nested: { queues: { keys: keys<RoutingQueueState>({ queue: true, priority: true, delay: true }) } },
  },
  queue: { keys: keys<QueueState>({ name: true, description: true }) },
  line: { keys: keys<LineState>({ id: true, number: true, description: true }) },
};
const CHANGE_KEYS = keys<Change>({ kind: true, name: true, action: true, before: true, after: true, add: true, remove: true, fields: true });
// before and after have the shape of the change's kind.
const CHANGE = new Map(Object.entries(STATE).map(([kind, state]): [string, Shape] => [kind, { keys: CHANGE_KEYS, nested: { before: state, after: state } }]));
const UNKNOWN_CHANGE: Shape = { keys: CHANGE_KEYS };

const PLAN: Shape = {
  keys: keys<Plan>({
    format_version: true,
    instance: true,
    target: true,
    createdAt: true,
    gitCommit: true,
    targetFingerprint: true,
    policyFingerprint: true,
    changes: true,
    access: true,
    findings: true,
    unmanaged: true,
    summary: true,
  }),
  nested: {
    changes: (c) => CHANGE.get((c as Change).kind) ?? UNKNOWN_CHANGE,
    access: {
      keys: keys<AccessChange>({ login: true, gained: true, lost: true, linesGained: true, linesLost: true, recordingsGained: true, recordingsLost: true, restrictionsGained: true, restrictionsLost: true, riskyGained: true }),
      nested: { riskyGained: { keys: ['permission', 'via', 'through'] satisfies (keyof AccessChange['riskyGained'][number])[] } },
    },
    findings: { keys: keys<Finding>({ severity: true, code: true, message: true, file: true, line: true }) },
    unmanaged: { keys: keys<Unmanaged>({ kind: true, name: true }) },
    summary: {
      keys: keys<PlanSummary>({ create: true, update: true, delete: true, usersGaining: true, usersLosing: true, riskyGrants: true, unmanaged: true, revokeRatio: true, revokeMeasure: true }),
    },
  },
};

function ordered(value: unknown, shape: Shape | ((value: unknown) => Shape)): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, shape));
  if (value === null || typeof value !== 'object') return value;
  const s = typeof shape === 'function' ? shape(value) : shape;
  const src = value as Readonly<Record<string, unknown>>;
  // Keys the shape does not know (a newer planner's) are kept, after the known ones, rather
  // than silently dropped from a file that apply executes.
  const names = [...s.keys.filter((k) => Object.hasOwn(src, k)), ...Object.keys(src).filter((k) => !s.keys.includes(k))];
  // fromEntries, not assignment: a key named __proto__ stays data.
  return Object.fromEntries(names.map((k) => {
    const inner = s.nested?.[k];
    return [k, inner === undefined ? src[k] : ordered(src[k], inner)];
  }));
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(ordered(plan, PLAN), null, 2)}\n`;
}
