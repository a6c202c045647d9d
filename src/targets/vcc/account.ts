// The VCC account as permctl sees it: active users, the account's PSTN addresses, and each
// user's address permissions; and that account as a canonical TargetState.
//
// Lines are keyed by their E.164 number ('+442079460000'): the account's address ids are the
// number's digits (see client.ts), and a plan must say which line a user gains without the
// repository beside it (a saved plan is applied on its own). An address whose id is not a
// number keeps its id as key: no repository line can match it, so it stays unmanaged.
// Reading costs 1 + users/5,000 list calls plus one call per user for their permissions: the
// public API has no bulk read of permissions.
import { stateFingerprint } from '../../plan/fingerprint.ts';
import type { LineState, TargetState, UserState } from '../../plan/state.ts';
import type { VccClient } from './client.ts';
import { VccError } from './errors.ts';

export interface AccountUser {
  readonly id: string;
  readonly username: string;
  readonly name?: string;
  /** Address ids the user may hear, as the account lists them. */
  readonly addressIds: readonly string[];
}

export interface Account {
  readonly users: readonly AccountUser[];
  /** The account's address ids (GET /addresses). */
  readonly addresses: readonly string[];
  /** Address id → name, where some answer gave one: sent back in PUT bodies, never part of
   *  the state (which users' permissions were read decides which names are known). */
  readonly names: ReadonlyMap<string, string>;
}

/** An E.164 number in canonical form: '+' and digits, or undefined when `text` is not one. */
export function e164(text: string): string | undefined {
  const digits = text.replace(/[\s().-]/g, '');
  return /^\+?[1-9]\d{5,14}$/.test(digits) ? `+${digits.replace(/^\+/, '')}` : undefined;
}

/** The key a line has in this target's state. */
export const lineKey = (addressId: string): string => e164(addressId) ?? addressId;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function field(item: unknown, name: string, what: string): string {
  const v = str((item as Record<string, unknown> | null)?.[name]);
  if (v === undefined) throw new VccError(`the account listed ${what} without a "${name}"`, 200);
  return v;
}

/** Runs `fn` over `items` with at most `n` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

export async function permissionsOf(client: VccClient, userId: string, names: Map<string, string>): Promise<string[]> {
  const perms = await client.list(`/users/${encodeURIComponent(userId)}/permissions/addresses`, 'addressPermissions');
  return perms.map((p) => {
    const id = field(p, 'addressId', 'an address permission');
    const name = str((p as Record<string, unknown>).addressName);
    if (name !== undefined && !names.has(id)) names.set(id, name);
    return id;
  });
}

export async function readAccount(client: VccClient): Promise<Account> {
  const [rawUsers, rawAddresses] = [await client.list('/users', 'users', { include: 'Active' }), await client.list('/addresses', 'addresses')];
  const names = new Map<string, string>();
  const addresses = rawAddresses.map((a) => field(a, 'addressId', 'an address'));
  const heads = rawUsers.map((u) => ({ id: field(u, 'userId', 'a user'), username: field(u, 'username', 'a user'), name: str((u as Record<string, unknown>).name) }));
  const users = await pool(heads, client.limits.concurrency, async (h) => ({ ...h, addressIds: await permissionsOf(client, h.id, names) }));
  return { users, addresses, names };
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A user as the account has them: login, name, and `recordings.lines` when they have any (a
 *  user without is as one the repository gives no recordings; the other fields are not held). */
export function accountUserState(u: AccountUser): UserState {
  const lines = [...new Set(u.addressIds.map(lineKey))].sort(byKey);
  return {
    login: u.username,
    ...(u.name !== undefined ? { name: u.name } : {}),
    securityProfiles: [],
    ...(lines.length > 0 ? { recordings: { role: 'normal', viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines } } : {}),
  };
}

/** The account as a canonical state: users and lines, nothing else (the target holds no more). */
export function accountState(account: Account): { state: TargetState; fingerprint: string } {
  const lines: LineState[] = account.addresses.map((id) => ({ id: lineKey(id), number: e164(id) ?? '' }));
  lines.sort((a, b) => byKey(a.id, b.id));
  const users = account.users.map(accountUserState).sort((a, b) => byKey(a.login, b.login));
  const state: TargetState = { profiles: [], users, routingProfiles: [], queues: [], lines };
  return { state, fingerprint: stateFingerprint(state) };
}
