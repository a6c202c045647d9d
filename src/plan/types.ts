// The plan: what applying the policy would change, who gains or loses what, and what is risky.
// Saved as JSON (`plan --out`), it is the file `apply` executes; see SPEC.md, Plan file.
import type { Severity } from '../diagnostics/types.ts';
import type { InstanceState, LineState, ObjectKind, ProfileState, QueueState, RoutingProfileState, UserState } from './state.ts';

export const PLAN_FORMAT_VERSION = '1.0';

export type ObjectState = InstanceState | ProfileState | UserState | RoutingProfileState | QueueState | LineState;

export interface Change {
  readonly kind: ObjectKind;
  /** The object's key: instance name, profile/routing profile/queue name, user login, line id. */
  readonly name: string;
  readonly action: 'create' | 'update' | 'delete';
  readonly before: ObjectState | null;
  readonly after: ObjectState | null;
  /** Profiles: permissions added and removed. Users: security profiles added and removed. */
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
  /** Fields whose value changes (updates only), for renderers. */
  readonly fields?: readonly string[];
}

export interface AccessChange {
  readonly login: string;
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  /** Recording lines the user can now / no longer hear. */
  readonly linesGained: readonly string[];
  readonly linesLost: readonly string[];
  /** High-risk permissions among `gained`, with the profiles that grant them. */
  readonly riskyGained: readonly { readonly permission: string; readonly via: readonly string[] }[];
}

export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
}

export interface Unmanaged {
  readonly kind: ObjectKind;
  readonly name: string;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly usersGaining: number;
  readonly usersLosing: number;
  readonly riskyGrants: number;
  readonly unmanaged: number;
  /** Share of all granted access (user-permission and user-line pairs) the plan revokes. */
  readonly revokeRatio: number;
}

export interface Plan {
  readonly format_version: string;
  readonly instance: string;
  /** The target URL with any credentials removed. */
  readonly target: string;
  readonly createdAt: string;
  readonly gitCommit: string | null;
  readonly targetFingerprint: string;
  readonly policyFingerprint: string;
  readonly changes: readonly Change[];
  readonly access: readonly AccessChange[];
  readonly findings: readonly Finding[];
  readonly unmanaged: readonly Unmanaged[];
  readonly summary: PlanSummary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.length > 0;
}
