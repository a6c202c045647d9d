// Run by sqlite-busy.test.ts as a process of its own: `node read-while-locked.ts DRIVER_URL DIR`.
// Creates a rollback-journal database, starts a second process that holds an EXCLUSIVE lock on
// it for 300 ms, and while it holds it opens the database read-only through the store's driver
// in a third process; prints that reader's outcome as JSON.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const [driver = '', dir = ''] = process.argv.slice(2);
const path = join(dir, 'rollback-journal.db');
const setup = new DatabaseSync(path);
setup.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
setup.close();
const holder = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(${JSON.stringify(path)});
db.exec('BEGIN EXCLUSIVE'); db.exec('INSERT INTO t VALUES (2)'); process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`;
const reader = `import { openDb } from ${JSON.stringify(driver)};
try {
  const db = openDb(${JSON.stringify(path)}, { readOnly: true });
  process.stdout.write(JSON.stringify({ rows: db.tuples('SELECT count(*) FROM t') }));
  db.close();
} catch (e) { process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) })); }`;
const child = spawn(process.execPath, ['-e', holder], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.once('data', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', reader], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
});
