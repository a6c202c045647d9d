// Runs one permctl command in this process, exactly as bin/permctl.js does, then reports its
// wall time and peak RSS on fd 3 — so the benchmark measures whole processes (Node start-up,
// module loading, the command) without a hook in permctl itself.
import { writeSync } from 'node:fs';
import module from 'node:module';

module.enableCompileCache?.(); // as bin/permctl.js does

const start = performance.now();
const { main } = await import('../src/cli/main.ts');
const quiet = { out: () => undefined, err: (t: string) => process.stderr.write(t), color: false, env: process.env, cwd: process.cwd() };
const code = await main(process.argv.slice(2), quiet);
const ms = performance.now() - start;
writeSync(3, JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
