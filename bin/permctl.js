#!/usr/bin/env -S node --max-semi-space-size=8
// permctl's entry point. Installed (under node_modules) it runs the compiled JavaScript in
// dist/, built by `npm pack`/`npm publish` (prepack), because Node does not strip types under
// node_modules. In a checkout it runs the TypeScript source directly (Node's type stripping).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The oldest Node permctl runs on: node:sqlite's StatementSync#setReturnArrays arrived in 22.16.
// Said in one line here, before anything else can fail with `bad option` or a crash.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (!((major === 22 && minor >= 16) || major >= 24)) {
  process.stderr.write(`permctl needs Node ≥ 22.16 (22.x from 22.16, or 24 and later); this is ${process.version}\n`);
  process.exit(1);
}

// Node 22 calls node:sqlite experimental and says so on every run; that line is noise in CI
// logs. Other warnings are still shown.
if (major === 22) {
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name !== 'ExperimentalWarning') process.stderr.write(`(node) ${w.name}: ${w.message}\n`);
  });
}

// `permctl … | head` closes stdout early: stop quietly, as Unix tools do.
process.stdout.on('error', (/** @type {NodeJS.ErrnoException} */ e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const self = fileURLToPath(import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);
let useSource = !self.split(sep).includes('node_modules') && existsSync(source) && process.env.PERMCTL_USE_DIST !== '1';
// Node strips types without a flag from 22.18; the type stripper of 22.16 and 22.17 fails on
// permctl's largest (generated) source file. There a checkout runs its compiled dist/.
const stripsTypes = (major === 22 && minor >= 18) || major >= 24;
if (useSource && !stripsTypes) {
  if (!existsSync(compiled)) {
    process.stderr.write(`permctl: running the TypeScript source needs Node ≥ 22.18; this is ${process.version}. Run \`npm run build\` to use the compiled dist/ on this Node.\n`);
    process.exit(1);
  }
  useSource = false;
}

// The shebang caps the young generation's semi-spaces at 8 MB (--max-semi-space-size=8; V8
// sizes them from the machine's memory, to 32 MB and more on a large runner). permctl builds
// large, long-lived structures: every object that survives is copied out of the young
// generation whatever its size, and a large one only adds fresh pages, which a virtual machine
// can make costly (~11 µs each measured on one). At 50,000 users `plan` took 11% less time and
// 100 MB less peak RSS than with 64 MB semi-spaces, validate 20% less, 200,000 users no more
// (interleaved runs; npm run bench measures with these flags).
// Cache compiled modules on disk: start-up drops by about a third after the first run.
// Off with NODE_DISABLE_COMPILE_CACHE=1.
module.enableCompileCache?.();
// Which module is a run-time choice, so its type is not inferred; both export main(argv).
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
const { main } = /** @type {{ main: (argv: string[]) => Promise<number> }} */ (await import(useSource ? source.href : compiled.href));
process.exitCode = await main(process.argv.slice(2));
