// `permctl who-can PERMISSION [--line ID]`: the users who hold a permission, through which
// profiles and why. PERMISSION is a catalog API name or one of the recording-archive
// permissions (viewCallRecordings, …); --line keeps the users whose recording access covers
// that line. Pure over the compiled policy.
import type { Catalog } from '../catalog/catalog.ts';
import { canAccessLine } from '../compile/recordings.ts';
import type { CompiledPolicy, CompiledUser, EffectiveRecordings } from '../compile/types.ts';
import { suggest } from '../util/suggest.ts';
import { adminStatus } from '../compile/escalation.ts';
import type { AdminStatus, Escalation } from '../compile/escalation.ts';
import { chainOf } from './chain.ts';
import type { Step } from './chain.ts';

export const RECORDING_PERMISSIONS = ['viewCallRecordings', 'viewOutboundCallRecordings', 'viewScreenRecordings', 'deleteCallRecordings'] as const;
type RecordingPermission = (typeof RECORDING_PERMISSIONS)[number];

export interface Holder {
  readonly login: string;
  readonly via: readonly { readonly profile: string; readonly chain: readonly Step[] }[];
  /** For recording-archive permissions: the user's recording scope. */
  readonly recordings?: { readonly role: string; readonly scope: EffectiveRecordings['scope']; readonly lines: readonly string[] };
  /** For `who-can Admin`: administers now, or can become an administrator and through what. */
  readonly admin?: AdminStatus;
}

/** `who-can Admin`: who administers the instance and who can make themselves an administrator. */
export const ADMIN_QUESTION = 'Admin';

export type WhoCan =
  | { readonly kind: 'answer'; readonly permission: string; readonly line?: string; readonly holders: readonly Holder[] }
  | { readonly kind: 'unknown-permission'; readonly permission: string; readonly api: readonly string[]; readonly suggestions: readonly string[] }
  | { readonly kind: 'unknown-line'; readonly line: string; readonly suggestions: readonly string[] };

const isRecording = (p: string): p is RecordingPermission => (RECORDING_PERMISSIONS as readonly string[]).includes(p);

function holderOf(u: CompiledUser, permission: string, policy: CompiledPolicy): Holder {
  const via = (u.access.via.get(permission) ?? []).flatMap((profile) => {
    const p = policy.profiles.get(profile);
    return p ? [{ profile, chain: chainOf(p, permission, policy.profiles) }] : [];
  });
  const r = u.recordings;
  return { login: u.login, via, ...(r ? { recordings: { role: r.role, scope: r.scope, lines: r.lines } } : {}) };
}

export function whoCan(permission: string, line: string | undefined, policy: CompiledPolicy, catalog: Catalog, escalation?: Escalation): WhoCan {
  if (escalation && permission.toLowerCase() === ADMIN_QUESTION.toLowerCase()) {
    // Administrators first, then those who can become one; login order within each.
    const holders = policy.users.flatMap((u): Holder[] => {
      const admin = adminStatus(u.access, escalation);
      return admin ? [{ login: u.login, via: [], admin }] : [];
    });
    holders.sort((a, b) => Number(a.admin?.kind !== 'administers') - Number(b.admin?.kind !== 'administers'));
    return { kind: 'answer', permission: ADMIN_QUESTION, holders };
  }
  if (!catalog.permissions.has(permission) && !isRecording(permission)) {
    const api = [...new Set((catalog.byUiName.get(permission.toLowerCase()) ?? []).flatMap((r) => r.api))];
    return { kind: 'unknown-permission', permission, api, suggestions: suggest(permission, [...catalog.names, ...RECORDING_PERMISSIONS]) };
  }
  if (line !== undefined && !policy.lines.some((l) => l.id === line)) {
    return { kind: 'unknown-line', line, suggestions: suggest(line, policy.lines.map((l) => l.id)) };
  }
  const holds = (u: CompiledUser): boolean => (isRecording(permission) ? u.recordings?.[permission] === true : u.access.has.has(permission));
  const holders = policy.users.filter((u) => holds(u) && (line === undefined || canAccessLine(u.recordings, line))).map((u) => holderOf(u, permission, policy));
  return { kind: 'answer', permission, ...(line !== undefined ? { line } : {}), holders };
}
