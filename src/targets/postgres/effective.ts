// Keeps the materialised effective-access tables in step with the object tables, in the
// apply's transaction: only users whose access can have changed are recomputed (those written,
// and holders of a profile whose permissions changed), set-based. See sqlite/effective.ts.
import type { PgClient } from './client.ts';
import type { Written } from './write.ts';

export async function refreshEffective(db: PgClient, w: Written): Promise<void> {
  if (w.users.length === 0 && w.profiles.length === 0) return;
  // The affected logins first, as one array: the statements below then look each one up by
  // index instead of joining whole tables against a subquery.
  const [row] = await db.rows('SELECT ARRAY(SELECT unnest($1::text[]) UNION SELECT login FROM user_security_profiles WHERE profile = ANY($2::text[]))', [w.users, w.profiles]);
  const logins = row?.[0] as string[];
  const [count] = await db.rows('SELECT count(*)::int FROM users');
  if (logins.length >= 1000 && logins.length * 2 > Number(count?.[0])) return rebuildAll(db);
  await db.exec('DELETE FROM effective_permissions WHERE login = ANY($1::text[])', [logins]);
  await db.exec('DELETE FROM effective_line_access WHERE login = ANY($1::text[])', [logins]);
  await db.exec(
    `INSERT INTO effective_permissions (login, permission)
     SELECT DISTINCT usp.login, spp.permission
     FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile
     WHERE usp.login = ANY($1::text[])`,
    [logins],
  );
  // Agents are never line-scoped: their access is to their own recordings or all of them.
  await db.exec(
    `INSERT INTO effective_line_access (login, line, view_outbound, view_screen, can_delete)
     SELECT r.login, l.line, r.view_outbound, r.view_screen, r.delete_call
     FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login
     WHERE r.view_call AND r.role <> 'agent' AND r.login = ANY($1::text[])`,
    [logins],
  );
}

/** Most users affected (the first apply, a profile everyone holds): both tables rebuilt from
 *  scratch, which costs far less than looking up every login in a list as long as the table. */
async function rebuildAll(db: PgClient): Promise<void> {
  await db.exec(`DELETE FROM effective_permissions;
    DELETE FROM effective_line_access;
    INSERT INTO effective_permissions (login, permission)
      SELECT DISTINCT usp.login, spp.permission
      FROM user_security_profiles usp JOIN security_profile_permissions spp ON spp.profile = usp.profile;
    INSERT INTO effective_line_access (login, line, view_outbound, view_screen, can_delete)
      SELECT r.login, l.line, r.view_outbound, r.view_screen, r.delete_call
      FROM user_recordings r JOIN user_recording_lines l ON l.login = r.login
      WHERE r.view_call AND r.role <> 'agent';`);
}
