// The plan: what applying the policy would change, who gains or loses what, and what is risky.
// Saved as JSON (`plan --out`), it is the file `apply` executes; see SPEC.md, Plan file.
import type { Severity } from '../diagnostics/types.ts';
import type { InstanceState, LineState, ObjectKind, ProfileState, QueueState, RoutingProfileState, UserState } from './state.ts';

// 1.1: access changes carry recording-archive access and restrictions; the summary says
// which measure of revocation decided revokeRatio. Additive: 1.0 readers ignore the fields.
export const PLAN_FORMAT_VERSION = '1.1';

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
  /** Permissions that grant something (restrictions are in restrictionsGained/Lost). */
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  /** Recording lines the user can now / no longer hear. */
  readonly linesGained: readonly string[];
  readonly linesLost: readonly string[];
  /** Recording-archive permissions (viewCallRecordings, viewOutboundCallRecordings,
   *  viewScreenRecordings, deleteCallRecordings) the user now holds / no longer holds,
   *  effective ones only. Recording access is access. Optional in the type only so plans
   *  of format 1.0 still read; the planner always sets these four lists. */
  readonly recordingsGained?: readonly string[];
  readonly recordingsLost?: readonly string[];
  /** Restrictive permissions (policies/restrictions.yaml): gaining one narrows the user's
   *  access, losing one widens it. */
  readonly restrictionsGained?: readonly string[];
  readonly restrictionsLost?: readonly string[];
  /** High-risk permissions among `gained` and `recordingsGained`: through profiles (`via`
   *  names them) or through the user's own recording settings (`through: 'recordings'`). */
  readonly riskyGained: readonly RiskyGrant[];
}

export interface RiskyGrant {
  readonly permission: string;
  /** The user's profiles that grant it; empty when it comes through recording settings. */
  readonly via: readonly string[];
  /** Set when the grant is a recording-archive permission of the user's own settings. */
  readonly through?: 'recordings';
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
  /** Share of access the plan revokes, by the measure in `revokeMeasure`: the larger of
   *  the share of all grants (user-permission, user-line and user-recording pairs) revoked and
   *  the share of users who lose all their access. */
  readonly revokeRatio: number;
  /** Absent in plans of format 1.0 (which measured grants only). */
  readonly revokeMeasure?: RevokeMeasure;
}

export type RevokeMeasure = 'grants' | 'users';

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
