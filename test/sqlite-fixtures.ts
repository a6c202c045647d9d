// SQLite stores for tests that write the tables directly: an empty store with permctl's schema
// in a temporary directory, and users written straight into the tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { UserState } from '../src/plan/state.ts';
import { openDb } from '../src/targets/sqlite/driver.ts';
import type { Db } from '../src/targets/sqlite/driver.ts';
import { ensureSchema } from '../src/targets/sqlite/schema.ts';

/** Makes empty stores (`store`) and paths where a store may be made (`path`), each in a
 *  directory of its own, removed after each test. */
export function tempStores(prefix: string): { store: () => Db; path: () => string } {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const path = (): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return join(dir, 'store.db');
  };
  return {
    path,
    store: () => {
      const db = openDb(path());
      ensureSchema(db);
      return db;
    },
  };
}

/** Users written straight into the tables, in an order unlike the login order and with their
 *  lists reversed (a reader must put both in order), and a profile `Agent` granting one
 *  permission. */
export function fillUsers(db: Db, users: readonly UserState[]): void {
  db.raw.exec('BEGIN');
  for (const u of [...users].reverse()) {
    db.stmt('INSERT INTO users (login, name, routing_profile, hierarchy) VALUES (?, ?, ?, ?)').run(u.login, u.name ?? null, u.routingProfile ?? null, u.hierarchy ?? null);
    for (const p of [...u.securityProfiles].reverse()) db.stmt('INSERT INTO user_security_profiles (login, profile) VALUES (?, ?)').run(u.login, p);
    const r = u.recordings;
    if (r === undefined) continue;
    db.stmt('INSERT INTO user_recordings (login, role, view_call, view_outbound, view_screen, delete_call) VALUES (?, ?, ?, ?, ?, ?)').run(u.login, r.role, +r.viewCallRecordings, +r.viewOutboundCallRecordings, +r.viewScreenRecordings, +r.deleteCallRecordings);
    for (const l of [...r.lines].reverse()) db.stmt('INSERT INTO user_recording_lines (login, line) VALUES (?, ?)').run(u.login, l);
  }
  db.stmt(`INSERT INTO security_profiles (name, description) VALUES ('Agent', 'Zoë''s "agents"')`).run();
  db.stmt(`INSERT INTO security_profile_permissions (profile, permission) VALUES ('Agent', 'BasicAgentAccess')`).run();
  db.raw.exec('COMMIT');
}

/** User number `i` of a generated store: every field set in some users and not in others,
 *  recordings with and without lines. */
export const generatedUser = (i: number, login = `user.${String(i).padStart(6, '0')}@example.com`): UserState => ({
  login,
  ...(i % 3 === 0 ? {} : { name: `Zoë ${i}` }),
  securityProfiles: i % 5 === 0 ? [] : ['Agent', `Team-${i % 7}`, 'Billing'],
  ...(i % 2 === 0 ? { routingProfile: `RP-${i % 4}` } : {}),
  ...(i % 4 === 1 ? { hierarchy: 'EMEA/Madrid' } : {}),
  ...(i % 6 === 0 ? { recordings: { role: 'normal', viewCallRecordings: true, viewOutboundCallRecordings: i % 12 === 0, viewScreenRecordings: i % 18 === 0, deleteCallRecordings: false, lines: i % 24 === 0 ? [] : ['line-9', 'line-10'] } } : {}),
});
