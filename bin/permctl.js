#!/usr/bin/env node
// permctl runs its TypeScript source directly (Node's type stripping). Node 22.13–22.17
// strips types only behind a flag, so re-run this file with it there.
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// `permctl … | head` closes stdout early: stop quietly, as Unix tools do.
process.stdout.on('error', (/** @type {NodeJS.ErrnoException} */ e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

if (process.features.typescript) {
  // Cache compiled (and type-stripped) modules on disk: start-up drops by about a third after
  // the first run. Off with NODE_DISABLE_COMPILE_CACHE=1.
  module.enableCompileCache?.();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} else {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
