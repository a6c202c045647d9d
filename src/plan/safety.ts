// The safety rules of SPEC.md: no plan may leave the target without an administrator, and no
// plan may revoke more than a set share of all granted access unless explicitly allowed.
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Side } from './access.ts';
import type { Revocation } from './plan.ts';

/** Someone who can grant anything to anyone: both permissions Admin's power rests on. */
const ADMIN_POWERS = ['Users.EditPermission', 'SecurityProfiles.Edit'];

export function leavesAdmin(after: Side): boolean {
  for (const u of after.users) {
    const perms = after.permissionsOf(u.securityProfiles);
    if (ADMIN_POWERS.every((p) => perms.has(p))) return true;
  }
  return false;
}

/** `adminRule`: false for a target that holds no profiles (vcc:), where no plan can change who
 *  administers it. */
export function safetyFindings(after: Side, revocation: Revocation, maxRevokeRatio: number, allowMassRevoke: boolean, adminRule = true): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (adminRule && !leavesAdmin(after)) out.push({ code: 'PC601', severity: 'error', args: {} });
  if (revocation.ratio > maxRevokeRatio && !allowMassRevoke) {
    const { measure, revoked, total } = revocation;
    out.push({ code: 'PC602', severity: 'error', args: { percent: Math.round(revocation.ratio * 1000) / 10, limit: Math.round(maxRevokeRatio * 1000) / 10, measure, revoked, total } });
  }
  return out;
}
