// The target contract: what every adapter (sqlite:, postgres:, connect:, vcc:) implements and
// what the conformance suite checks. Shaped after unstorage's drivers: one folder per target
// under src/targets/, one line in registry.ts, one call of the shared conformance suite.
//
// A target reads a canonical TargetState (plan/state.ts; ordering and keys live in the core,
// plan/canonical.ts), applies a plan with an outcome per change, and declares what it holds, so
// the planner never shows a permanent diff for a field the target cannot store. Clients
// (database driver, AWS SDK client, HTTP fetch) are injected through each adapter's own factory
// (`createXTarget({ client, … })`); `driver.open` builds the real ones from the URL and the
// environment. Secrets never reach `identity`, a plan file, history or output.
import type { Diagnostic, Origin } from '../diagnostics/types.ts';
import type { ObjectKind, TargetState } from '../plan/state.ts';
import type { Change, Plan } from '../plan/types.ts';

/** What a target holds of one kind of object. */
export interface KindCapability {
  /** 'all': every field permctl models. Otherwise the fields held, besides the key; nested
   *  fields dotted ('recordings.lines'). The planner compares only these fields. */
  readonly fields: 'all' | readonly string[];
  /** false: the target cannot create objects of this kind (VCC users); a desired object the
   *  target lacks is a finding, not a create. */
  readonly create: boolean;
  /** false: the target never deletes objects of this kind; they are reported as unmanaged. */
  readonly delete: boolean;
}

export interface Capabilities {
  /** Kinds the target holds; a kind absent here is not held, and the plan says so once. */
  readonly kinds: Readonly<Partial<Record<ObjectKind, KindCapability>>>;
  /** true: apply writes all of a plan or none of it (stores). false: changes are applied one
   *  by one and a failure leaves the earlier ones applied (live targets). */
  readonly atomic: boolean;
  /** 'own': the target keeps its history itself (stores, appended in the apply transaction).
   *  'external': history goes to the store named by --history / `history:` in permctl.yaml. */
  readonly history: 'own' | 'external';
  /** true: the target has its own definitions of permctl's built-in default profiles (an Amazon
   *  Connect instance comes with Admin, Agent, CallCenterManager, QualityAnalyst as AWS defined
   *  them there). A default profile the repository does not define is then planned as the
   *  target holds it, never rewritten to permctl's built-in definition. */
  readonly ownDefaults?: boolean;
}

/** Something the target holds that permctl does not model (permission names outside the
 *  catalog, a profile's tags or applications, …): shown in the plan, never diffed, kept on
 *  update. */
export interface Unmodelled {
  readonly kind: ObjectKind;
  readonly name: string;
  /** Short label, e.g. 'tags', 'applications', 'allowedAccessControlHierarchyGroupId'. */
  readonly field: string;
  /** A plain JSON value, shown as is (escaped by the renderers). */
  readonly value: unknown;
}

export interface TargetSnapshot {
  readonly state: TargetState;
  /** Fingerprint of what was read (state and unmodelled data); an empty target has one too. A
   *  saved plan whose fingerprint differs from a fresh read is stale. */
  readonly fingerprint: string;
  /** false: the store does not exist yet (plan says "the store is empty; apply will create
   *  it"). Live targets always exist. */
  readonly exists: boolean;
  readonly unmodelled?: readonly Unmodelled[];
  /** Where the store was in its database's history when it was read, for a store that can
   *  tell later whether anything was committed since (PostgreSQL: the read transaction's
   *  snapshot, pg_current_snapshot()). Only ever handed back to the same store in this process
   *  (ApplyContext.basis), never written to a plan file. */
  readonly readAt?: string;
}

export interface ApplyMeta {
  /** Who applied: PERMCTL_ACTOR, GITHUB_ACTOR or the OS user. */
  readonly actor: string;
  readonly gitCommit: string | null;
  /** sha256 of the plan's canonical JSON. */
  readonly planHash: string;
  readonly now: Date;
}

export interface ApplyContext {
  readonly meta: ApplyMeta;
  /** Progress for a TTY (one line on stderr); called at most a few times a second. */
  readonly progress?: (done: number, total: number) => void;
  /** The snapshot this process planned from, with the watch opened on the target before it
   *  was read where the driver has one (TargetDriver.watch). A target may use it instead of
   *  reading its whole state again, once it holds its write lock and can prove nothing was
   *  committed since (the watch, or the snapshot's own readAt); it still checks the snapshot's
   *  fingerprint against the plan's. Absent, or nothing proven: the target reads what it needs. */
  readonly basis?: { readonly snapshot: TargetSnapshot; readonly watch?: TargetWatch };
}

/** Opened before a target is read: whether anything was committed to the target since. */
export interface TargetWatch {
  /** True only when the target provably holds what it held when the watch was opened (no
   *  commit by any connection since, the same file). False whenever it cannot tell. */
  unchanged(): boolean;
  close(): void;
}

/** applied: written (and read back). failed: the target refused it. skipped: not attempted
 *  (an earlier change failed). rolled-back: written, then undone with the transaction. */
export type ChangeStatus = 'applied' | 'failed' | 'skipped' | 'rolled-back';

export interface ChangeOutcome {
  readonly kind: Change['kind'];
  readonly name: string;
  readonly action: Change['action'];
  readonly status: ChangeStatus;
  /** The target's reason, for `failed`; no secrets. */
  readonly error?: string;
}

export type ApplyResult =
  | { readonly ok: true; readonly outcomes: readonly ChangeOutcome[]; readonly fingerprint: string; readonly historyId: number | null }
  /** The target changed since the plan was made; nothing was written. */
  | { readonly ok: false; readonly reason: 'stale'; readonly expected: string; readonly actual: string }
  /** Part or all of the plan was not applied; `outcomes` says exactly which changes were. */
  | { readonly ok: false; readonly reason: 'failed'; readonly message: string; readonly outcomes: readonly ChangeOutcome[]; readonly historyId: number | null };

export interface HistoryRecord {
  readonly id: number;
  readonly appliedAt: string;
  readonly actor: string;
  readonly gitCommit: string | null;
  readonly planHash: string;
  /** The target's identity (no secrets): a history store may record several live targets. */
  readonly target: string;
  readonly status: 'applied' | 'partial' | 'failed';
  readonly fingerprintBefore: string;
  readonly fingerprintAfter: string;
  readonly summary: Plan['summary'];
  readonly changes: Plan['changes'];
  readonly outcomes: readonly ChangeOutcome[];
}

export type HistoryEntry = Omit<HistoryRecord, 'id'>;

export interface HistoryQuery {
  readonly user?: string;
  readonly limit?: number;
  readonly target?: string;
}

/** Where applies are recorded: inside a store (its own applies), or a store named by --history
 *  for a live target (entries appended after each apply). */
export interface HistoryStore {
  query(q: HistoryQuery): Promise<readonly HistoryRecord[]>;
  /** For external history: append one record (the store creates itself if needed). */
  append(entry: HistoryEntry): Promise<number>;
  /** Runs `fn` holding this store's apply lock for `target` (a live target's identity), so
   *  applies to one live target recorded here are serialised across runners. */
  withLock<T>(target: string, fn: () => Promise<T>): Promise<T>;
  /** Stores that can tell: everything showing the store was changed outside permctl (an
   *  edited or removed history record, objects or access tables edited); empty when nothing. */
  verify?(): Promise<readonly string[]>;
  close(): Promise<void>;
}

/** API calls and time a live target spent, for `--stats` and the bench. */
export interface TargetStats {
  /** Calls per operation name, e.g. { SearchUsers: 100, ListSecurityProfiles: 1 }. */
  readonly calls: Readonly<Record<string, number>>;
  /** Requests the server throttled (429 / TooManyRequests) and that were retried. */
  readonly throttled: number;
}

export interface Target {
  /** The URL without secrets, canonical: what a plan file records and what identifies the
   *  target when a saved plan is applied (compared, never followed). */
  readonly identity: string;
  readonly capabilities: Capabilities;
  read(): Promise<TargetSnapshot>;
  /** Applies `plan.changes` after checking that the target still has `plan.targetFingerprint`
   *  (inside the transaction for atomic targets, by a fresh read for live ones). Serialised with
   *  concurrent applies: one wins, the others are refused as stale. Never throws for a failure
   *  the target reports; outcomes say what was applied. */
  apply(plan: Plan, ctx: ApplyContext): Promise<ApplyResult>;
  /** Present when capabilities.history is 'own'. */
  readonly history?: HistoryStore;
  /** Stores whose history verifies: read() and history.verify() on one connection, in one read
   *  transaction, so both see the same snapshot and the store is read once (what `plan` asks).
   *  `onSnapshot` gets the snapshot as soon as it is read, before the verification runs, so the
   *  caller can plan meanwhile. Rejects only when the read fails (then before onSnapshot). */
  readVerified?(onSnapshot: (snapshot: TargetSnapshot) => void): Promise<Integrity>;
  stats?(): TargetStats;
  close(): Promise<void>;
}

/** What a store's own check (HistoryStore.verify) found: every sign that it was changed outside
 *  permctl (none: empty), or why it could not check. */
export type Integrity = { readonly ok: true; readonly problems: readonly string[] } | { readonly ok: false; readonly reason: string };

export interface TargetEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative store paths resolve against this. */
  readonly cwd: string;
}

export interface OpenOptions {
  /** true for apply (a store is created when missing); false for plan, history, import, which
   *  never create anything. */
  readonly create: boolean;
  /** The repository's permctl.yaml (validated), for drivers that take settings from it (connect:
   *  `connect.userDefaults`); absent when there is no repository (import, history). */
  readonly config?: Readonly<Record<string, unknown>>;
}

export type Opened = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly diagnostic: Diagnostic };
export type OpenedHistory = { readonly ok: true; readonly history: HistoryStore } | { readonly ok: false; readonly diagnostic: Diagnostic };

export interface TargetDriver {
  /** URL schemes this driver answers, without the colon: ['postgres', 'postgresql']. */
  readonly schemes: readonly string[];
  /** The identity of a URL without opening anything: scheme, location, no secrets. */
  identity(url: string, env: TargetEnv): { readonly ok: true; readonly identity: string } | { readonly ok: false; readonly reason: string };
  open(url: string, env: TargetEnv, opts: OpenOptions): Promise<Opened>;
  /** Stores only: this store as a history store for a live target. */
  openHistory?(url: string, env: TargetEnv, opts: OpenOptions): Promise<OpenedHistory>;
  /** See BindStates (below). */
  readonly bind?: BindStates;
  /** A watch on the target, opened before it is read for a plan that this process then applies
   *  (ApplyContext.basis); undefined when the driver cannot tell (the target does not exist
   *  yet, or cannot be opened: the read reports why). */
  watch?(url: string, env: TargetEnv): TargetWatch | undefined;
}

/** The repository's desired state and the target's state, before planning. */
export interface BindInput {
  readonly desired: TargetState;
  readonly current: TargetState;
  /** The target's identity, for messages. */
  readonly target: string;
  /** Where each repository line is written, by line id: errors about a line point at it. */
  readonly lineOrigins?: ReadonlyMap<string, Origin>;
  /** permctl.yaml `unmanaged: revoke`. */
  readonly revokeUnmanaged?: boolean;
  /** Where each repository user is written, by login: errors about a user point at it. */
  readonly userOrigins?: ReadonlyMap<string, Origin>;
  /** The repository's permctl.yaml (validated) and where it is. */
  readonly config?: { readonly value: Readonly<Record<string, unknown>>; readonly origin: Origin };
}

export interface Bound {
  readonly desired: TargetState;
  readonly current: TargetState;
  /** Errors stop the plan (a repository line the account lacks); findings join the plan's. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Optional on a TargetDriver whose keys differ from the repository's (vcc: lines named by
 *  their number, users matched case-insensitively): puts both states in the target's vocabulary
 *  so the plan, and a saved plan applied later without the repository, use the target's keys.
 *  Pure; runs in the planning process before makePlan. */
export type BindStates = (input: BindInput) => Bound;
