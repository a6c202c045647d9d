// The SQLite store against the target conformance suite, and the in-memory live target (not
// atomic, history elsewhere) so the suite's non-atomic cases run too.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openHistory } from '../../src/targets/registry.ts';
import { sqliteDriver } from '../../src/targets/sqlite/index.ts';
import { describeTargetConformance } from './conformance.ts';
import { memoryTarget } from './memory-target.ts';
import type { MemoryTarget } from './memory-target.ts';

/** Fails the (n+1)-th object write of the next apply, in the store itself: triggers on every
 *  object table share one counter, which rolls back with the transaction (so the fault stays
 *  until the undo). */
function sqliteFault(path: string, afterN: number): () => Promise<void> {
  const db = new DatabaseSync(path);
  const tables: [string, string][] = [
    ['meta', "WHEN NEW.key = 'instance'"],
    ['queues', ''],
    ['lines', ''],
    ['routing_profiles', ''],
    ['security_profiles', ''],
    ['users', ''],
  ];
  const body = "BEGIN UPDATE conformance_fault SET n = n - 1; SELECT RAISE(ABORT, 'injected failure') WHERE (SELECT n FROM conformance_fault) < 0; END";
  db.exec(`CREATE TABLE conformance_fault (n INTEGER); INSERT INTO conformance_fault VALUES (${afterN});`);
  for (const [table, when] of tables) {
    db.exec(`CREATE TRIGGER fault_ins_${table} BEFORE INSERT ON ${table} ${when} ${body}`);
    db.exec(`CREATE TRIGGER fault_del_${table} BEFORE DELETE ON ${table} ${when.replace('NEW', 'OLD')} ${body}`);
  }
  db.close();
  return () => {
    const d = new DatabaseSync(path);
    for (const [table] of tables) d.exec(`DROP TRIGGER fault_ins_${table}; DROP TRIGGER fault_del_${table};`);
    d.exec('DROP TABLE conformance_fault');
    d.close();
    return Promise.resolve();
  };
}

describeTargetConformance({
  name: 'sqlite',
  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'permctl-conf-sqlite-'));
    const path = join(dir, 'store', 'permctl.db');
    const env = { env: {}, cwd: dir };
    return Promise.resolve({
      async open({ create }) {
        const o = await sqliteDriver.open(`sqlite:${path}`, env, { create });
        if (!o.ok) throw new Error(JSON.stringify(o.diagnostic));
        return o.target;
      },
      exists: () => Promise.resolve(existsSync(path)),
      watch: () => sqliteDriver.watch?.(`sqlite:${path}`, env),
      injectFailure: (n) => Promise.resolve(sqliteFault(path, n)),
      teardown: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
});

describeTargetConformance({
  name: 'in-memory live target (not atomic, history in a SQLite store)',
  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'permctl-conf-memory-'));
    const shared: MemoryTarget = memoryTarget();
    return Promise.resolve({
      open: () => Promise.resolve(shared),
      injectFailure: (n) => {
        shared.failAfter(n);
        return Promise.resolve(() => Promise.resolve(shared.failAfter(undefined)));
      },
      async history() {
        const o = await openHistory(`sqlite:${join(dir, 'history.db')}`, { env: {}, cwd: dir }, { create: true });
        if (!o.ok) throw new Error(JSON.stringify(o.diagnostic));
        return o.history;
      },
      teardown: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
});
