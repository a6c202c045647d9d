// What the PR comment shows, as plain data: risky grants grouped by permission, access changes
// grouped by what changes and through which profiles, user changes grouped by their details.
// A review of 5,000 users reads as a dozen groups. Fields are read defensively: a saved plan
// can come from another permctl version (or by hand), and the access data is growing.
import type { AccessChange, Change, Plan } from '../../plan/types.ts';
import { changeDetails } from '../plan/describe.ts';

const strings = (v: unknown): readonly string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const list = <T>(v: unknown): readonly T[] => (Array.isArray(v) ? (v as T[]) : []);

export interface RiskyGroup {
  readonly permission: string;
  readonly logins: readonly string[];
  /** The profiles that grant it, over all those users. */
  readonly via: readonly string[];
  /** Some of the users hold it through their own recording settings (plan format 1.1). */
  readonly viaRecordings: boolean;
}

export function riskyGroups(plan: Plan): RiskyGroup[] {
  const groups = new Map<string, { logins: string[]; via: Set<string>; viaRecordings: boolean }>();
  for (const a of list<AccessChange>(plan.access)) {
    for (const r of list<{ permission?: unknown; via?: unknown; through?: unknown }>(a.riskyGained)) {
      const permission = String(r.permission);
      let g = groups.get(permission);
      if (g === undefined) groups.set(permission, (g = { logins: [], via: new Set(), viaRecordings: false }));
      g.logins.push(String(a.login));
      for (const v of strings(r.via)) g.via.add(v);
      if (r.through === 'recordings') g.viaRecordings = true;
    }
  }
  return [...groups]
    .map(([permission, g]) => ({ permission, logins: g.logins, via: [...g.via].sort(), viaRecordings: g.viaRecordings }))
    .sort((x, y) => y.logins.length - x.logins.length || (x.permission < y.permission ? -1 : 1));
}

export type Direction = 'gain' | 'lose' | 'gain recordings' | 'lose recordings' | 'gain restrictions' | 'lose restrictions' | 'hear' | 'stop hearing';

/** Users with the same change in access, through the same profile change. */
export interface AccessGroup {
  readonly direction: Direction;
  /** Permissions, or recording lines for hear / stop hearing. */
  readonly items: readonly string[];
  /** Security profiles the users were given (gain) or lost (lose); empty when a profile's own
   *  permissions changed instead. */
  readonly profiles: readonly string[];
  /** assigned: the users were given (or lost) `profiles`; changed: those profiles changed. */
  readonly through: 'assigned' | 'changed';
  readonly logins: readonly string[];
}

const KEY_SEP = '\u0000';

export function accessGroups(plan: Plan): AccessGroup[] {
  // A user's own profile change, so "gain X" can say through which new profile.
  const userChange = new Map<string, Change>();
  for (const c of list<Change>(plan.changes)) if (c.kind === 'user') userChange.set(String(c.name), c);
  const groups = new Map<string, { direction: Direction; items: readonly string[]; profiles: readonly string[]; through: AccessGroup['through']; logins: string[] }>();
  const add = (direction: Direction, items: readonly string[], [through, profiles]: [AccessGroup['through'], readonly string[]], login: string): void => {
    if (items.length === 0) return;
    const key = [direction, through, profiles.join(KEY_SEP), items.join(KEY_SEP)].join(KEY_SEP + KEY_SEP);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { direction, items, profiles, through, logins: [] }));
    g.logins.push(login);
  };
  // Otherwise a changed profile that adds (removes) one of the permissions is the likely cause.
  const adding = new Map<string, string[]>();
  const removing = new Map<string, string[]>();
  for (const c of list<Change>(plan.changes)) {
    if (c.kind !== 'profile' || c.action !== 'update') continue;
    for (const p of strings(c.add)) adding.set(p, [...(adding.get(p) ?? []), String(c.name)]);
    for (const p of strings(c.remove)) removing.set(p, [...(removing.get(p) ?? []), String(c.name)]);
  }
  const changedProfiles = (perms: readonly string[], by: Map<string, string[]>): string[] => [...new Set(perms.flatMap((p) => by.get(p) ?? []))].sort();
  for (const a of list<AccessChange>(plan.access)) {
    const login = String(a.login);
    const c = userChange.get(login);
    const gained = strings(a.gained);
    const lost = strings(a.lost);
    add('gain', gained, c !== undefined && strings(c.add).length > 0 ? ['assigned', strings(c.add)] : ['changed', changedProfiles(gained, adding)], login);
    add('lose', lost, c !== undefined && strings(c.remove).length > 0 ? ['assigned', strings(c.remove)] : ['changed', changedProfiles(lost, removing)], login);
    // Plan format 1.1 (recording-archive access, restrictions): read when present.
    const more = a as AccessChange & Partial<Record<'recordingsGained' | 'recordingsLost' | 'restrictionsGained' | 'restrictionsLost', unknown>>;
    add('gain recordings', strings(more.recordingsGained), ['changed', []], login);
    add('lose recordings', strings(more.recordingsLost), ['changed', []], login);
    add('gain restrictions', strings(more.restrictionsGained), ['changed', []], login);
    add('lose restrictions', strings(more.restrictionsLost), ['changed', []], login);
    add('hear', strings(a.linesGained), ['changed', []], login);
    add('stop hearing', strings(a.linesLost), ['changed', []], login);
  }
  const rank: Record<Direction, number> = { gain: 0, lose: 1, 'gain recordings': 2, 'lose recordings': 3, 'gain restrictions': 4, 'lose restrictions': 5, hear: 6, 'stop hearing': 7 };
  return [...groups.values()].sort((x, y) => rank[x.direction] - rank[y.direction] || y.logins.length - x.logins.length);
}

/** Changes of one kind with the same action and details (e.g. 4,000 users created with Agent). */
export interface ChangeGroup {
  readonly action: string;
  readonly details: readonly string[];
  readonly names: readonly string[];
}

export function changeGroups(changes: readonly Change[]): ChangeGroup[] {
  const groups = new Map<string, { action: string; details: readonly string[]; names: string[] }>();
  for (const c of changes) {
    const details = changeDetails(c).map((d) => `${d.sign} ${d.text}`);
    const key = [String(c.action), ...details].join(KEY_SEP);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { action: String(c.action), details, names: [] }));
    g.names.push(String(c.name));
  }
  return [...groups.values()].sort((x, y) => y.names.length - x.names.length);
}

/** Distinct users whose access or assignment changes. */
export function usersAffected(plan: Plan): number {
  const logins = new Set<string>();
  for (const a of list<AccessChange>(plan.access)) {
    const more = a as AccessChange & Partial<Record<'recordingsGained' | 'recordingsLost', unknown>>;
    const n = strings(a.gained).length + strings(a.lost).length + strings(a.linesGained).length + strings(a.linesLost).length + strings(more.recordingsGained).length + strings(more.recordingsLost).length;
    if (n > 0) logins.add(String(a.login));
  }
  for (const c of list<Change>(plan.changes)) if (c.kind === 'user') logins.add(String(c.name));
  return logins.size;
}
