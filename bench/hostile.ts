// npm run bench:hostile — the bounded-input ceilings of docs/reliability.md, measured: each
// worst case, at the 16 MiB file cap, loaded (read + parse) in a fresh process; wall time
// and peak RSS of that process. Run on a quiet machine: the figures are what the docs quote.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const CAP = 16 * MiB - 64;
const fill = (head: string, unit: string, tail = ''): string => head + unit.repeat(Math.floor((CAP - head.length - tail.length) / unit.length)) + tail;
const user = (i: number): string => `  - login: user${i}@example.com\n    name: User Number ${i}\n    securityProfiles: [Agent]\n    routingProfile: Basic\n    hierarchy: EMEA/Madrid/Team-3\n`;
const users = (comment: string): string => {
  let s = `${comment}kind: Users\nusers:\n`;
  for (let i = 0; s.length + 200 < CAP; i++) s += user(i);
  return s;
};

const CASES: Record<string, () => string> = {
  'users, plain (fast path)': () => users(''),
  'users, & ? * in a comment (event path)': () => users('# Smith & Co? *really*\n'),
  'flow list at the value cap': () => fill('kind: Queues\nqueues: [', 'abcdefg,', 'a]\n'),
  'flow list just under the value cap': () => fill('kind: Queues\nqueues: [', 'abcdefghij,', 'a]\n'),
  'flow mappings just under the value cap': () => fill('kind: Queues\nqueues: [', '{ab: cdefghijklmnopqrstuvwxyz0123456789abcd},', '{}]\n'),
  'one 16 MiB scalar': () => fill('kind: SecurityProfile\nname: ', 'x', '\n'),
  'a 16 MiB key': () => fill('kind: Queues\n', 'k', ': 1\n'),
  'brackets 16 MiB deep': () => fill('kind: Queues\nqueues: ', '['),
  'aliases, 16 MiB': () => fill('kind: Queues\nq: &a [x]\nqueues: [', '*a,             ', '*a]\n'),
  'block sequences nested per line': () => fill('kind: Queues\nqueues:\n', '- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - a\n'),
  'keys, 16 MiB': () => { let s = 'kind: Queues\nqueues: []\n'; for (let i = 0; s.length + 40 < CAP; i++) s += `key-${i}-padding-padding: ${i}\n`; return s; },
  'subset parser at 256 KiB: short quoted strings': () => { let s = 'kind: Queues\nqueues:\n'; while (s.length + 10 < 256 * 1024) s += '  - "q"\n'; return s; },
  'subset parser at 256 KiB: a list without a colon': () => { let s = 'kind: SecurityProfile\nname: p\npermissions:\n'; while (s.length + 10 < 256 * 1024) s += '  - x\n'; return s; },
  'hardened parse at its 256 KiB limit': () => { let s = '# &\nkind: Queues\nqueues: []\n'; for (let i = 0; s.length + 20 < 256 * 1024; i++) s += `k${i}: [a, b]\n`; return s; },
};

const CHILD = `
import { loadRepository } from ${JSON.stringify(fileURLToPath(new URL('../src/load/index.ts', import.meta.url)))};
import { nodeVfs } from ${JSON.stringify(fileURLToPath(new URL('../src/load/vfs.ts', import.meta.url)))};
const t = performance.now();
const c = process.cpuUsage();
const r = loadRepository(nodeVfs, process.argv[1]);
const ms = performance.now() - t;
const cpu = process.cpuUsage(c);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024, codes: [...new Set(r.diagnostics.map((d) => d.code))] }));
`;

// CPU time is the figure to compare on a busy machine (wall time includes waiting for a core).
console.log('case | MiB | load wall ms | load CPU ms | peak RSS MB | result');
for (const [name, make] of Object.entries(CASES)) {
  const dir = mkdtempSync(join(tmpdir(), 'permctl-bench-hostile-'));
  writeFileSync(join(dir, 'permctl.yaml'), 'instance: bench\n');
  const text = make();
  writeFileSync(join(dir, 'a.yaml'), text);
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, dir], { encoding: 'utf8' });
  const m = JSON.parse(r.stdout || '{}') as { ms?: number; cpuMs?: number; rssMB?: number; codes?: string[] };
  console.log(`${name} | ${(text.length / MiB).toFixed(1)} | ${Math.round(m.ms ?? -1)} | ${Math.round(m.cpuMs ?? -1)} | ${Math.round(m.rssMB ?? -1)} | ${m.codes?.join(' ') || 'accepted'}${r.status !== 0 ? ` (exit ${r.status}: ${r.stderr.slice(0, 200)})` : ''}`);
}
