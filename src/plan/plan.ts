// plan(desired, current) → Plan. Pure: no file system, network or clock (`now` is passed in).
// Findings from validation are added by the caller; this adds the plan's own (safety, kinds
// the target cannot hold) as diagnostics.
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Capabilities } from '../targets/contract.ts';
import { holdsProfiles, projectState } from './project.ts';
import { accessChanges, grantedTotals, holdsAccess, sideOf } from './access.ts';
import type { Side } from './access.ts';
import { recordingDeleteFindings } from './deletes.ts';
import { alignRenamed } from './renames.ts';
import { diffKind, objectsOf } from './diff.ts';
import { safetyFindings } from './safety.ts';
import { APPLY_ORDER } from './state.ts';
import type { ObjectKind, ProfileState, TargetState, UserState } from './state.ts';
import { PLAN_FORMAT_VERSION } from './types.ts';
import type { AccessChange, Change, Plan, PlanSummary, RevokeMeasure, Unmanaged } from './types.ts';
import { pushAll } from '../util/arrays.ts';

export interface PlanOptions {
  readonly target: string;
  readonly now: Date;
  readonly gitCommit: string | null;
  readonly unmanaged: 'report' | 'revoke';
  readonly maxRevokeRatio: number;
  readonly allowMassRevoke: boolean;
  /** What the target holds: kinds not held are left out (PC604), fields not held are compared
   *  on neither side, kinds it cannot create or delete are reported instead (PC609, unmanaged). */
  readonly capabilities: Capabilities;
  readonly catalog: Catalog;
  /** Which policy the plan was made from: the hash of its sources (see run-plan.ts). */
  readonly policyFingerprint: string;
}

export interface PlanResult {
  readonly plan: Plan;
  readonly diagnostics: readonly Diagnostic[];
}

const LABEL: Record<ObjectKind, string> = { instance: 'instance settings', profile: 'security profile', user: 'user', routingProfile: 'routing profile', queue: 'queue', line: 'line' };

/** The target's state once the plan is applied: desired objects, plus unmanaged ones kept. */
function afterState(desired: TargetState, current: TargetState, unmanaged: readonly Unmanaged[]): Pick<TargetState, 'profiles' | 'users'> {
  const kept = (kind: ObjectKind): Set<string> => new Set(unmanaged.filter((u) => u.kind === kind).map((u) => u.name));
  const keptProfiles = kept('profile');
  const keptUsers = kept('user');
  return {
    profiles: [...desired.profiles, ...current.profiles.filter((p: ProfileState) => keptProfiles.has(p.name))],
    users: keptUsers.size === 0 ? desired.users : mergeByLogin(desired.users, current.users.filter((u: UserState) => keptUsers.has(u.login))),
  };
}

export interface Revocation {
  readonly ratio: number;
  readonly measure: RevokeMeasure;
  /** Revoked and total, in the measure's unit (grants or users). */
  readonly revoked: number;
  readonly total: number;
}

const NO_REVOCATION: Revocation = { ratio: 0, measure: 'grants', revoked: 0, total: 0 };

export function summarise(changes: readonly Change[], access: readonly AccessChange[], unmanaged: readonly Unmanaged[], revocation: Revocation = NO_REVOCATION): PlanSummary {
  const count = (action: Change['action']): number => changes.filter((c) => c.action === action).length;
  return {
    create: count('create'),
    update: count('update'),
    delete: count('delete'),
    usersGaining: access.filter((a) => a.gained.length + a.linesGained.length + (a.recordingsGained?.length ?? 0) + (a.restrictionsLost?.length ?? 0) > 0).length,
    usersLosing: access.filter((a) => a.lost.length + a.linesLost.length + (a.recordingsLost?.length ?? 0) + (a.restrictionsGained?.length ?? 0) > 0).length,
    riskyGrants: access.reduce((n, a) => n + a.riskyGained.length, 0),
    unmanaged: unmanaged.length,
    revokeRatio: Math.round(revocation.ratio * 10_000) / 10_000,
    revokeMeasure: revocation.measure,
  };
}

/** A login-sorted list's user, by binary search. */
function userIn(side: Side, login: string): UserState | undefined {
  let lo = 0;
  let hi = side.users.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = side.users[mid] as UserState;
    if (u.login === login) return u;
    if (u.login < login) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** How much the plan revokes, measured two ways, the larger deciding: the share of all grants
 *  revoked (an administrator holds ~140 grants, so removing three agents of four barely moves
 *  it) and the share of users who lose all their access. */
export function revocationOf(access: readonly AccessChange[], before: Side, after: Side, catalog: Catalog): Revocation {
  const totals = grantedTotals(before, catalog);
  const lostOf = (a: AccessChange): number => a.lost.length + a.linesLost.length + (a.recordingsLost?.length ?? 0);
  const revokedGrants = access.reduce((n, a) => n + lostOf(a), 0);
  let usersCut = 0;
  for (const a of access) {
    if (lostOf(a) === 0) continue;
    if (holdsAccess(before, userIn(before, a.login), catalog) && !holdsAccess(after, userIn(after, a.login), catalog)) usersCut++;
  }
  const byGrants = totals.grants === 0 ? 0 : revokedGrants / totals.grants;
  const byUsers = totals.users === 0 ? 0 : usersCut / totals.users;
  return byUsers > byGrants
    ? { ratio: byUsers, measure: 'users', revoked: usersCut, total: totals.users }
    : { ratio: byGrants, measure: 'grants', revoked: revokedGrants, total: totals.grants };
}

/** Two login-sorted lists as one login-sorted list. */
function mergeByLogin(a: readonly UserState[], b: readonly UserState[]): UserState[] {
  const out: UserState[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.login < y.login)) out.push(a[i++] as UserState);
    else out.push(b[j++] as UserState);
  }
  return out;
}

/** What the policy has and the target does not hold, said once (PC604): kinds not held, with
 *  how many objects of each the policy has, and the kinds held only in part, with the fields
 *  that are. Nothing of it is applied there, and it never shows as a difference. */
function notHeldOf(desired: TargetState, caps: Capabilities, target: string): Diagnostic | undefined {
  const kinds: string[] = [];
  const partial: string[] = [];
  for (const kind of APPLY_ORDER) {
    const count = objectsOf(desired, kind).length;
    const cap = caps.kinds[kind];
    if (count === 0) continue;
    if (cap === undefined) kinds.push(kind === 'instance' ? LABEL[kind] : `${count} ${count === 1 ? LABEL[kind] : `${LABEL[kind]}s`}`);
    else if (cap.fields !== 'all') partial.push(`${LABEL[kind]}s, only ${cap.fields.length === 0 ? 'which exist' : cap.fields.join(', ')}`);
  }
  if (kinds.length === 0 && partial.length === 0) return undefined;
  return { code: 'PC604', severity: 'warning', args: { target, kinds, partial } };
}

/** Desired objects the target lacks and cannot create: one PC609 per kind, naming a few. */
function notCreatable(target: string, kind: ObjectKind, names: readonly string[]): Diagnostic {
  const shown = names.slice(0, 5).map((n) => `"${n}"`).join(', ');
  return { code: 'PC609', severity: 'warning', args: { target, kind: LABEL[kind], count: names.length, names: names.length > 5 ? `${shown}, …` : shown } };
}

/** `state` without the objects of `skipped` (kind → keys). */
function without(state: TargetState, skipped: ReadonlyMap<ObjectKind, ReadonlySet<string>>): TargetState {
  if (skipped.size === 0) return state;
  const users = skipped.get('user');
  const profiles = skipped.get('profile');
  return {
    ...state,
    ...(users ? { users: state.users.filter((u) => !users.has(u.login)) } : {}),
    ...(profiles ? { profiles: state.profiles.filter((p) => !profiles.has(p.name)) } : {}),
  };
}

export function makePlan(desiredFull: TargetState, currentFull: { state: TargetState; fingerprint: string }, opts: PlanOptions): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const changes: Change[] = [];
  const unmanaged: Unmanaged[] = [];
  const caps = opts.capabilities;
  // Both sides as the target can hold them: never a permanent diff for a field it cannot store.
  const projected = projectState(desiredFull, caps);
  // Renamed permissions (a console save migrated them) are not a change.
  const current = { state: alignRenamed(projected, projectState(currentFull.state, caps), opts.catalog), fingerprint: currentFull.fingerprint };
  const skipped = new Map<ObjectKind, Set<string>>();
  const notHeld = notHeldOf(desiredFull, caps, opts.target);
  if (notHeld) diagnostics.push(notHeld);
  for (const kind of APPLY_ORDER) {
    const cap = caps.kinds[kind];
    if (cap === undefined) continue;
    const d = diffKind(kind, objectsOf(projected, kind), objectsOf(current.state, kind), opts.unmanaged === 'revoke', cap.delete);
    if (cap.create) pushAll(changes, d.changes);
    else {
      const missing = d.changes.filter((c) => c.action === 'create').map((c) => c.name);
      pushAll(changes, d.changes.filter((c) => c.action !== 'create'));
      if (missing.length > 0) {
        skipped.set(kind, new Set(missing));
        diagnostics.push(notCreatable(opts.target, kind, missing));
      }
    }
    pushAll(unmanaged, d.unmanaged);
  }
  const desired = without(projected, skipped);
  const before = sideOf(current.state);
  const after = sideOf(afterState(desired, current.state, unmanaged));
  const changedProfiles = new Set(changes.filter((c) => c.kind === 'profile').map((c) => c.name));
  const access = accessChanges(before, after, changedProfiles, opts.catalog);
  const revocation = revocationOf(access, before, after, opts.catalog);
  pushAll(diagnostics, safetyFindings(after, revocation, opts.maxRevokeRatio, opts.allowMassRevoke, holdsProfiles(caps)));
  pushAll(diagnostics, recordingDeleteFindings(desired, current.state));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    instance: desiredFull.instance?.instance ?? '',
    target: opts.target,
    createdAt: opts.now.toISOString(),
    gitCommit: opts.gitCommit,
    targetFingerprint: current.fingerprint,
    policyFingerprint: opts.policyFingerprint,
    changes,
    access,
    findings: [],
    unmanaged,
    summary: summarise(changes, access, unmanaged, revocation),
  };
  return { plan, diagnostics };
}
