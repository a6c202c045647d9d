// `vcc://REGION`: Vonage Contact Center's users' line ("address") permissions, the recording
// archive's "line permissions" (seed 004). A live target: it holds users' lines only, cannot
// create or delete users, and applies one PUT per changed user (the API replaces the user's
// whole list), so a failure leaves the earlier users applied and the outcomes say exactly which.
// History goes to an external store (--history). The fetch function is injected: the driver
// passes Node's own, tests pass it too, against a local server.
import type { Plan } from '../../plan/types.ts';
import type { UserState } from '../../plan/state.ts';
import type { ApplyContext, ApplyResult, Capabilities, ChangeOutcome, Target, TargetSnapshot, TargetStats } from '../contract.ts';
import type { Account, AccountUser } from './account.ts';
import { accountState, lineKey, permissionsOf, readAccount } from './account.ts';
import type { FetchFn, VccLimits } from './client.ts';
import { createVccClient } from './client.ts';

export const VCC_CAPABILITIES: Capabilities = {
  kinds: {
    user: { fields: ['recordings.lines'], create: false, delete: false },
    // Lines are the account's; permctl names them, never creates or deletes them.
    line: { fields: [], create: false, delete: false },
  },
  atomic: false,
  history: 'external',
};

export interface VccTargetOptions {
  /** Canonical URL without secrets: 'vcc://emea'. */
  readonly identity: string;
  readonly fetch: FetchFn;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** true: the token asks for users:write (apply); false: users:read. */
  readonly write: boolean;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly limits?: Partial<VccLimits>;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The address ids a user should have: the plan names lines by key (account.ts). */
function addressIdsFor(user: UserState, account: Account): { ok: true; ids: string[] } | { ok: false; reason: string } {
  const byKey = new Map(account.addresses.map((id) => [lineKey(id), id]));
  const ids: string[] = [];
  for (const k of user.recordings?.lines ?? []) {
    const id = byKey.get(k);
    if (id === undefined) return { ok: false, reason: `the account has no line ${k}` };
    ids.push(id);
  }
  return { ok: true, ids };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && new Set([...a, ...b]).size === a.length && new Set(a).size === a.length;

export function createVccTarget(opts: VccTargetOptions): Target {
  const now = opts.now ?? Date.now;
  const client = createVccClient({ fetch: opts.fetch, apiUrl: opts.apiUrl.replace(/\/+$/, ''), tokenUrl: opts.tokenUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, scope: opts.write ? 'users:write' : 'users:read', now, sleep: opts.sleep ?? realSleep, ...(opts.limits ? { limits: opts.limits } : {}) });

  async function read(): Promise<TargetSnapshot> {
    return { ...accountState(await readAccount(client)), exists: true };
  }

  /** One user: PUT the full list, read it back. Returns the list the account now has. */
  async function writeUser(account: Account, user: AccountUser, ids: readonly string[]): Promise<readonly string[]> {
    const path = `/users/${encodeURIComponent(user.id)}/permissions/addresses`;
    const named = (addressId: string): { addressId: string; addressName?: string } => {
      const name = account.names.get(addressId);
      return name === undefined ? { addressId } : { addressId, addressName: name };
    };
    await client.put(path, { addressPermissions: ids.map(named) });
    const back = await permissionsOf(client, user.id, new Map(account.names));
    if (!sameSet(back, ids)) throw new Error(`read back ${back.length} line(s) after writing ${ids.length}: the account did not keep the list`);
    return back;
  }

  async function apply(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
    let account: Account;
    try {
      account = await readAccount(client);
    } catch (e) {
      return { ok: false, reason: 'failed', message: message(e), outcomes: plan.changes.map((c) => ({ kind: c.kind, name: c.name, action: c.action, status: 'skipped' })), historyId: null };
    }
    const before = accountState(account).fingerprint;
    if (before !== plan.targetFingerprint) return { ok: false, reason: 'stale', expected: plan.targetFingerprint, actual: before };
    const users = new Map(account.users.map((u) => [u.username.toLowerCase(), u]));
    const written = new Map<string, readonly string[]>();
    const outcomes: ChangeOutcome[] = [];
    let failure: string | undefined;
    for (const [i, c] of plan.changes.entries()) {
      const head = { kind: c.kind, name: c.name, action: c.action };
      if (failure !== undefined) {
        outcomes.push({ ...head, status: 'skipped' });
        continue;
      }
      const user = users.get(c.name.toLowerCase());
      const ids = c.kind === 'user' && c.action === 'update' && c.after !== null ? addressIdsFor(c.after as UserState, account) : { ok: false as const, reason: `this target cannot ${c.action} ${c.kind} objects` };
      try {
        if (!ids.ok) throw new Error(ids.reason);
        if (user === undefined) throw new Error(`the account has no user ${c.name}`);
        written.set(user.id, await writeUser(account, user, ids.ids));
        outcomes.push({ ...head, status: 'applied' });
      } catch (e) {
        failure = `${c.kind} ${c.name}: ${message(e)}`;
        outcomes.push({ ...head, status: 'failed', error: message(e) });
      }
      ctx.progress?.(i + 1, plan.changes.length);
    }
    // What the account holds now: what was read, with each written user's read-back list.
    const after = accountState({ ...account, users: account.users.map((u) => ({ ...u, addressIds: written.get(u.id) ?? u.addressIds })) }).fingerprint;
    if (failure !== undefined) return { ok: false, reason: 'failed', message: failure, outcomes, historyId: null };
    return { ok: true, outcomes, fingerprint: after, historyId: null };
  }

  return {
    identity: opts.identity,
    capabilities: VCC_CAPABILITIES,
    read,
    apply,
    stats: (): TargetStats => ({ calls: { ...client.stats.calls }, throttled: client.stats.throttled }),
    close: () => Promise.resolve(),
  };
}
