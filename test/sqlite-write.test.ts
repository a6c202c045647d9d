// An update of a user writes only the rows that differ from what the store holds (read from the
// store, never taken from the plan's `before`), and names for the access refresh only the users
// whose profile or recording rows changed (src/targets/sqlite/write.ts). What the store holds
// afterwards is the plan's `after` in every case.
import { describe, expect, it } from 'vitest';
import { tempStores } from './sqlite-fixtures.ts';
import type { RecordingState, TargetState, UserState } from '../src/plan/state.ts';
import { EMPTY_STATE } from '../src/plan/state.ts';
import { transaction } from '../src/targets/sqlite/driver.ts';
import type { Db } from '../src/targets/sqlite/driver.ts';
import { readState } from '../src/targets/sqlite/read.ts';
import { writeChanges } from '../src/targets/sqlite/write.ts';
import { refreshEffective } from '../src/targets/sqlite/effective.ts';
import { lineRows, permissionRows } from '../src/targets/sqlite/verify.ts';
import { changesBetween } from './store-changes.ts';

const { store } = tempStores('permctl-write-');

const rec = (over: Partial<RecordingState> = {}): RecordingState => ({ role: 'normal', viewCallRecordings: true, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: ['l1', 'l2'], ...over });
const ana: UserState = { login: 'ana@x', name: 'Ana', securityProfiles: ['Agent', 'Billing'], routingProfile: 'Basic', recordings: rec() };
const PROFILES = [{ name: 'Agent', permissions: ['A.View'] }, { name: 'Billing', permissions: ['B.Edit', 'B.View'] }, { name: 'Sales', permissions: ['S.View'] }];
const state = (users: UserState[]): TargetState => ({ ...EMPTY_STATE, profiles: PROFILES, users });


/** Writes the changes from `from` to `to`; what the writes returned and how many rows they
 *  inserted, updated or deleted (a recording row's lines go with it: 1 + 2 rows). */
function write(db: Db, from: TargetState, to: TargetState): { users: ReadonlySet<string>; permissionUsers: ReadonlySet<string>; lineUsers: ReadonlySet<string>; rows: number } {
  return transaction(db, true, () => {
    const before = Number(db.tuples('SELECT total_changes()')[0]?.[0]);
    const written = writeChanges(db, changesBetween(from, to));
    const { users, permissionUsers, lineUsers } = written;
    const rows = Number(db.tuples('SELECT total_changes()')[0]?.[0]) - before;
    refreshEffective(db, written);
    return { users, permissionUsers, lineUsers, rows };
  });
}

describe('sqlite writes of a user update', () => {
  // The rows written, and whether the user's permissions and line access are recomputed.
  it.each<[string, UserState, number, boolean, boolean]>([
    ['the name only: the users row, no access refresh', { ...ana, name: 'Ana B.' }, 1, false, false],
    ['the routing profile removed: the users row only', { ...ana, routingProfile: undefined }, 1, false, false],
    ['a profile added: that row', { ...ana, securityProfiles: ['Agent', 'Billing', 'Sales'] }, 2, true, false],
    ['a profile swapped: one row out, one in', { ...ana, securityProfiles: ['Agent', 'Sales'] }, 3, true, false],
    ['a recording flag: the recording rows again', { ...ana, recordings: rec({ deleteCallRecordings: true }) }, 1 + (1 + 2) + (1 + 2), false, true],
    ['a recording line: the recording rows again', { ...ana, recordings: rec({ lines: ['l1', 'l3'] }) }, 1 + (1 + 2) + (1 + 2), false, true],
    ['the recordings removed', { ...ana, recordings: undefined }, 1 + (1 + 2), false, true],
  ])('%s', (_, after, rows, permissions, lines) => {
    const db = store();
    write(db, EMPTY_STATE, state([ana]));
    const clean = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== undefined)) as unknown as UserState;
    const w = write(db, state([ana]), state([clean]));
    expect(w.rows).toBe(rows);
    expect([w.permissionUsers.has(ana.login), w.lineUsers.has(ana.login), w.users.has(ana.login)]).toEqual([permissions, lines, permissions || lines]);
    expect(readState(db).users).toEqual([clean]);
    expect(Number(db.tuples('SELECT count(*) FROM effective_permissions')[0]?.[0])).toBeGreaterThan(0);
    // The access tables hold what the users' profiles and recordings give (verify.ts's exact counts).
    expect(permissionRows(db) + lineRows(db)).toBe(0);
    db.close();
  });

  it("reads what the store holds, not the plan's before: rows the plan does not know of are made right", () => {
    const db = store();
    write(db, EMPTY_STATE, state([ana]));
    // The store differs from the plan's `before` (as a plan made from another state would).
    db.raw.exec(`INSERT INTO user_security_profiles (login, profile) VALUES ('ana@x', 'Admin'); UPDATE user_recordings SET view_screen = 1`);
    const w = write(db, state([ana]), state([{ ...ana, name: 'Ana B.' }]));
    expect(w.users.has(ana.login)).toBe(true);
    expect(readState(db).users).toEqual([{ ...ana, name: 'Ana B.' }]);
    db.close();
  });
});
