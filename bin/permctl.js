#!/usr/bin/env -S node --min-semi-space-size=64
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

// The shebang starts Node with a full-size young generation (--min-semi-space-size=64): permctl
// builds large, long-lived structures, and starting at full size saves most early scavenges
// (about a tenth of `plan`'s time at 50,000 users; npm run bench measures with it).
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
