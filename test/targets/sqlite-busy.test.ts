// A read-only open meets another process's brief exclusive lock (WAL recovery, the checkpoint of
// a closing connection, a rollback-journal writer) and waits for it, as a writable open does,
// instead of failing at once with "database is locked": seen in CI as PC606 from one of several
// applies started together. The scenario runs in processes of its own (file locks are per
// process): scripts/read-while-locked.ts; the lock is held for a bounded 300 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'permctl-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a read-only open while another process holds the lock', () => {
  it('waits for the lock instead of failing with "database is locked"', () => {
    const driver = pathToFileURL(join(ROOT, 'src/targets/sqlite/driver.ts')).href;
    const r = spawnSync(process.execPath, [join(ROOT, 'test/targets/scripts/read-while-locked.ts'), driver, dir], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    // The reader waited for the holder's commit: it sees both rows.
    expect(JSON.parse(r.stdout)).toEqual({ rows: [[2]] });
  });
});
