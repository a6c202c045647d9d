// What the two tamper tests (tamper-store.test.ts, tamper-postgres.test.ts) share: the shape of
// a case, and the edit that makes each of their recorded applies.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** One edit behind permctl's back, in the store's own SQL, and what the verification says. */
export interface Tamper {
  readonly name: string;
  readonly sql: string;
  readonly finds: RegExp;
}

/** Renames Ben (`Ben Okafor` ↔ `Ben O.`) in the example repository: one change to apply. */
export function renameBen(repo: string, to: string): void {
  const f = join(repo, 'users/emea.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace(/name: Ben O(kafor|\.)/, `name: ${to}`));
}

type Cli = (...args: string[]) => Promise<{ code: number; stderr: string }>;

/** History record #2's `column` has been made unreadable: `history` says so in one located
 *  line (PC646), never an internal error, and `history --verify` fails. */
export async function expectUnreadableRecord(cli: Cli, target: string, column: string): Promise<void> {
  const h = await cli('history', '--target', target);
  expect(h.code).toBe(1);
  expect(h.stderr).toMatch(new RegExp(`error PC646: .*history record #2 cannot be read: its ${column}`));
  expect(h.stderr).not.toMatch(/internal error/);
  const v = await cli('history', '--verify', '--target', target);
  expect(v.code).toBe(1);
}
