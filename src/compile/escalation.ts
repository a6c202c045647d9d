// Escalation paths (001_…: "When you grant permission to create or edit users, you also grant
// permission to assign users a security profile that grants them full access"): who
// administers the instance now, and who can make themselves an administrator. The data is
// policies/escalation.yaml; this is pure over an access set.
import type { AccessSet } from './types.ts';

export interface EscalationPath {
  readonly permission: string;
  readonly because: string;
}

export interface Escalation {
  /** Holding all of these is administering now. */
  readonly administer: readonly string[];
  readonly paths: readonly EscalationPath[];
}

export type AdminStatus =
  | { readonly kind: 'administers'; readonly permissions: readonly string[] }
  | { readonly kind: 'can-become'; readonly through: readonly EscalationPath[] };

/** Whether a user with this access administers now, can become an administrator, or neither. */
export function adminStatus(access: Pick<AccessSet, 'has'>, escalation: Escalation): AdminStatus | undefined {
  if (escalation.administer.length > 0 && escalation.administer.every((p) => access.has.has(p))) return { kind: 'administers', permissions: escalation.administer };
  const through = escalation.paths.filter((p) => access.has.has(p.permission));
  return through.length > 0 ? { kind: 'can-become', through } : undefined;
}
