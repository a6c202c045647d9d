// TargetState: what a target holds, as plain data. Both sides of a plan are in this shape:
// the desired state (compiled from git) and the current state (read from the target). Profiles
// hold their expanded permissions (targets store what a profile grants, not how permctl
// composed it); users hold effective recording flags. Every list is sorted, so equal states
// serialise to equal bytes and have equal fingerprints.

export interface ProfileState {
  readonly name: string;
  readonly description?: string;
  /** Sorted, expanded permission API names. */
  readonly permissions: readonly string[];
}

export interface RecordingState {
  readonly role: 'normal' | 'nominee' | 'agent';
  readonly viewCallRecordings: boolean;
  readonly viewOutboundCallRecordings: boolean;
  readonly viewScreenRecordings: boolean;
  readonly deleteCallRecordings: boolean;
  /** Sorted line ids the user is given (the archive's "line permissions"). */
  readonly lines: readonly string[];
}

export interface UserState {
  readonly login: string;
  readonly name?: string;
  /** Sorted. */
  readonly securityProfiles: readonly string[];
  readonly routingProfile?: string;
  readonly hierarchy?: string;
  readonly recordings?: RecordingState;
}

export interface RoutingQueueState {
  readonly queue: string;
  readonly priority: number;
  readonly delay: number;
}

export interface RoutingProfileState {
  readonly name: string;
  readonly description?: string;
  readonly defaultOutboundQueue: string;
  /** Sorted by queue name. */
  readonly queues: readonly RoutingQueueState[];
}

export interface QueueState {
  readonly name: string;
  readonly description?: string;
}

export interface LineState {
  readonly id: string;
  readonly number: string;
  readonly description?: string;
}

/** The instance and its settings, which change what the state means (effective recording
 *  access); kept in the target so `import` can write them back. Its key is `instance`. */
export interface InstanceState {
  readonly instance: string;
  readonly screenRecordings: boolean;
  readonly conversationAnalyzer: boolean;
  readonly agentRecordingAccess: 'none' | 'own' | 'all';
}

export interface TargetState {
  readonly instance?: InstanceState;
  /** Each list sorted by its key (name, login, id), comparing code units: a < b. */
  readonly profiles: readonly ProfileState[];
  readonly users: readonly UserState[];
  readonly routingProfiles: readonly RoutingProfileState[];
  readonly queues: readonly QueueState[];
  readonly lines: readonly LineState[];
}

export type ObjectKind = 'instance' | 'profile' | 'user' | 'routingProfile' | 'queue' | 'line';

/** The order changes are applied in: what others refer to first. Deletes run in reverse. */
export const APPLY_ORDER: readonly ObjectKind[] = ['instance', 'queue', 'line', 'routingProfile', 'profile', 'user'];

/** Every kind: what a target that holds everything (the SQLite store) declares. */
export const ALL_KINDS: ReadonlySet<ObjectKind> = new Set(APPLY_ORDER);

export const EMPTY_STATE: TargetState = { profiles: [], users: [], routingProfiles: [], queues: [], lines: [] };
