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
  /** `as`: the user holds the permission under a renamed name (a legacy name, or what it
   *  migrates to: policies/catalog-current.yaml `equivalences`), the chain is that name's. */
  readonly via: readonly { readonly profile: string; readonly chain: readonly Step[]; readonly as?: string }[];
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

/** The names that grant `permission` through a rename: a legacy name grants each name it
 *  migrates to; a one-to-one successor grants its legacy name; a legacy name split in several
 *  is granted by holding all of them (`together`). */
function renamedGrants(catalog: Catalog, permission: string): { alone: string[]; together: string[][] } {
  const alone: string[] = [];
  const together: string[][] = [];
  for (const e of catalog.equivalences) {
    if (e.current.includes(permission)) alone.push(e.legacy);
    else if (e.legacy === permission) {
      if (e.current.length === 1) alone.push(...e.current);
      else together.push([...e.current]);
    }
  }
  return { alone, together };
}

function holderOf(u: CompiledUser, permission: string, policy: CompiledPolicy, renamed: { alone: string[]; together: string[][] }): Holder {
  const viaOf = (name: string, as = name) => (u.access.via.get(name) ?? []).flatMap((profile) => {
    const p = policy.profiles.get(profile);
    return p ? [{ profile, chain: chainOf(p, name, policy.profiles), ...(name !== permission ? { as } : {}) }] : [];
  });
  // A split legacy name is held through all of its successors: shown as the set, by the first.
  const set = renamed.together.find((names) => names.every((n) => u.access.has.has(n))) ?? [];
  const fromSet = set.length > 0 ? set.flatMap((n) => viaOf(n, set.join(' + '))) : [];
  // One entry per profile: the permission's own name first, a renamed one only where a profile
  // holds the permission under that name alone.
  const seen = new Set<string>();
  const via = [...[permission, ...renamed.alone].flatMap((n) => viaOf(n)), ...fromSet].filter((w) => !seen.has(w.profile) && seen.add(w.profile));
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
  // A legacy name and what Amazon Connect migrates it to are the same permission.
  const renamed = isRecording(permission) ? { alone: [], together: [] } : renamedGrants(catalog, permission);
  const holdsAny = (u: CompiledUser): boolean =>
    u.access.has.has(permission) || renamed.alone.some((n) => u.access.has.has(n)) || renamed.together.some((names) => names.every((n) => u.access.has.has(n)));
  const holds = (u: CompiledUser): boolean => (isRecording(permission) ? u.recordings?.[permission] === true : holdsAny(u));
  const holders = policy.users.filter((u) => holds(u) && (line === undefined || canAccessLine(u.recordings, line))).map((u) => holderOf(u, permission, policy, renamed));
  return { kind: 'answer', permission, ...(line !== undefined ? { line } : {}), holders };
}
