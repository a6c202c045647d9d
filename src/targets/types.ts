// A target is where a plan is computed against and applied: the embedded SQLite store,
// PostgreSQL, a live Amazon Connect instance. Every adapter implements this interface.
import type { Plan } from '../plan/types.ts';
import type { ObjectKind, TargetState } from '../plan/state.ts';

export interface TargetSnapshot {
  readonly state: TargetState;
  /** Fingerprint of `state` (see plan/fingerprint.ts); an empty target has one too. */
  readonly fingerprint: string;
}

export interface ApplyMeta {
  /** Who applied: PERMCTL_ACTOR, GITHUB_ACTOR or the OS user. */
  readonly actor: string;
  readonly gitCommit: string | null;
  /** sha256 of the plan file's canonical JSON. */
  readonly planHash: string;
  readonly now: Date;
}

export type ApplyResult =
  | { readonly ok: true; readonly historyId: number; readonly fingerprint: string }
  | { readonly ok: false; readonly reason: 'stale'; readonly expected: string; readonly actual: string }
  | { readonly ok: false; readonly reason: 'failed'; readonly message: string };

export interface HistoryRecord {
  readonly id: number;
  readonly appliedAt: string;
  readonly actor: string;
  readonly gitCommit: string | null;
  readonly planHash: string;
  readonly fingerprintBefore: string;
  readonly fingerprintAfter: string;
  readonly summary: Plan['summary'];
  readonly changes: Plan['changes'];
}

export interface HistoryQuery {
  readonly user?: string;
  readonly limit?: number;
}

export interface Target {
  /** The URL with credentials removed, for display and for plan files. */
  readonly displayUrl: string;
  /** Object kinds this target holds; the plan says what it cannot hold (PC604). */
  readonly holds: ReadonlySet<ObjectKind>;
  read(): Promise<TargetSnapshot>;
  /** Applies the plan's changes in one transaction, after checking inside it that the target
   *  still has the fingerprint the plan was made against. All or nothing. Serialised with
   *  concurrent applies. Appends a history record. */
  apply(plan: Plan, meta: ApplyMeta): Promise<ApplyResult>;
  history(query: HistoryQuery): Promise<readonly HistoryRecord[]>;
  close(): Promise<void>;
}
