// Keeps the materialised effective-access tables in step with the object tables, in the
// apply's transaction: only users whose access can have changed are recomputed (those written,
// and holders of a profile whose permissions changed), set-based. See sqlite/effective.ts.
import type { PgClient } from './client.ts';
import type { Written } from './write.ts';

const AFFECTED = `(SELECT unnest($1::text[]) UNION SELECT login FROM user_security_profiles WHERE profile = ANY($2::text[]))`;

export async function refreshEffective(db: PgClient, w: Written): Promise<void> {
  if (w.users.length === 0 && w.profiles.length === 0) return;
  const args = [w.users, w.profiles];
  await db.exec(`DELETE FROM effective_permissions WHERE login IN ${AFFECTED}`, args);
  await db.exec(`DELETE FROM effective_line_access WHERE login IN ${AFFECTED}`, args);
  await db.exec(
    `INSERT INTO effective_permissions (login, permission)
     SELECT DISTINCT usp.login, spp.permission
     FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile
     WHERE usp.login IN ${AFFECTED}`,
    args,
  );
  // Agents are never line-scoped: their access is to their own recordings or all of them.
  await db.exec(
    `INSERT INTO effective_line_access (login, line, view_outbound, view_screen, can_delete)
     SELECT r.login, l.line, r.view_outbound, r.view_screen, r.delete_call
     FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login
     WHERE r.view_call AND r.role <> 'agent' AND r.login IN ${AFFECTED}`,
    args,
  );
}
