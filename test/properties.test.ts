// Properties over generated repositories (fast-check), each against the real pipeline and a
// real SQLite store:
// 1. compile is deterministic under any permutation of files, documents and list entries;
// 2. plan after apply is empty, and the store verifies;
// 3. import → plan is empty;
// 4. random edits of a valid repository never crash: exit 0 or 1, never an internal error;
// 5. no input pollutes Object.prototype or any other global (@fast-check/poisoning).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoPoisoning } from '@fast-check/poisoning';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/plan/fingerprint.ts';
import { desiredState } from '../src/plan/index.ts';
import { runValidate } from '../src/pipeline.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

/** Runs per property; docs/reliability.md quotes these. */
export const RUNS = { permutation: 40, applyThenPlan: 15, importThenPlan: 15, randomEdits: 300, poisoning: 200 } as const;

const PERMISSIONS = ['Users.View', 'Users.Edit', 'RealTimeMetrics.Access', 'ContactSearch.View', 'Queues.View', 'Queues.Edit', 'ListenCallRecordings', 'ManagerListenIn', 'BasicAgentAccess', 'HistoricalMetrics.Access'];

interface Repo {
  readonly profiles: readonly { name: string; permissions: readonly string[] }[];
  readonly users: readonly { login: string; profiles: readonly string[]; hierarchy?: string }[];
}

const repoArb: fc.Arbitrary<Repo> = fc
  .record({
    profiles: fc.array(fc.subarray(PERMISSIONS, { minLength: 1 }), { minLength: 1, maxLength: 4 }),
    users: fc.array(fc.record({ picks: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }), hierarchy: fc.option(fc.constantFrom('EMEA/Madrid', 'NA/Austin/Team-1'), { nil: undefined }) }), { minLength: 1, maxLength: 12 }),
  })
  .map(({ profiles, users }) => {
    const names = profiles.map((_, i) => `P${i}`);
    return {
      profiles: profiles.map((permissions, i) => ({ name: names[i] ?? 'P0', permissions })),
      users: [
        { login: 'admin@example.com', profiles: ['Admin'] }, // keeps PC601 (no administrator) out of the way
        ...users.map((u, i) => ({ login: `u${i}@example.com`, profiles: [...new Set(u.picks.map((p) => names[p % names.length] ?? 'P0'))], ...(u.hierarchy !== undefined ? { hierarchy: u.hierarchy } : {}) })),
      ],
    };
  });

const BASE = 'kind: Queues\nqueues: [{name: Q}]\n---\nkind: RoutingProfile\nname: R\ndefaultOutboundQueue: Q\nqueues: [{queue: Q, priority: 1, delay: 0}]\n';

/** The repository as documents, in the order `order` gives, spread over `files` files. */
function documents(repo: Repo, rand: () => number): string[] {
  const shuffle = <T>(xs: readonly T[]): T[] => xs.map((x) => [rand(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
  const profiles = repo.profiles.map((p) => `kind: SecurityProfile\nname: ${p.name}\npermissions: [${shuffle(p.permissions).join(', ')}]\n`);
  const users = shuffle(repo.users).map((u) => `  - login: ${u.login}\n    securityProfiles: [${shuffle(u.profiles).join(', ')}]\n${u.hierarchy !== undefined ? `    hierarchy: ${u.hierarchy}\n` : ''}`);
  const half = Math.floor(users.length * rand());
  const userDocs = [users.slice(0, half), users.slice(half)].filter((g) => g.length > 0).map((g) => `kind: Users\ndefaults: {routingProfile: R}\nusers:\n${g.join('')}`);
  return shuffle([BASE, ...profiles, ...userDocs]);
}

function writeRepo(docs: readonly string[], rand: () => number, target?: string): string {
  const dir = tempDir('permctl-prop-');
  writeFileSync(join(dir, 'permctl.yaml'), `instance: prop\n${target !== undefined ? `target: ${target}\n` : ''}`);
  const files = 1 + Math.floor(rand() * 3);
  const groups: string[][] = Array.from({ length: files }, () => []);
  docs.forEach((d) => groups[Math.floor(rand() * files)]?.push(d));
  groups.forEach((g, i) => {
    if (g.length === 0) return;
    mkdirSync(join(dir, `d${i}`), { recursive: true });
    writeFileSync(join(dir, `d${i}`, `f${Math.floor(rand() * 1000)}-${i}.yaml`), g.join('---\n'));
  });
  return dir;
}

const seeded = (seed: number): (() => number) => {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
};

function compiledState(dir: string): string {
  const r = runValidate(dir);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return canonicalJson(desiredState(r.compiled.policy));
}

describe('properties', () => {
  it('compile is deterministic under permutation of files, documents and list entries', () => {
    fc.assert(
      fc.property(repoArb, fc.integer(), fc.integer(), (repo, a, b) => {
        const one = compiledState(writeRepo(documents(repo, seeded(a)), seeded(a ^ 0x5bd1e995)));
        const two = compiledState(writeRepo(documents(repo, seeded(b)), seeded(b ^ 0x5bd1e995)));
        expect(two).toEqual(one);
      }),
      { numRuns: RUNS.permutation },
    );
  }, 300_000);

  it('plan after apply is empty, from any store state to any repository', async () => {
    await fc.assert(
      fc.asyncProperty(repoArb, repoArb, fc.integer(), async (first, second, seed) => {
        const target = `sqlite:${join(tempDir('permctl-prop-db-'), 's.db')}`;
        for (const repo of [first, second]) {
          const dir = writeRepo(documents(repo, seeded(seed)), seeded(seed + 1));
          const applied = await runCli(['apply', dir, '--auto-approve', '--allow-mass-revoke', '--target', target]);
          expect(applied.code, applied.stderr).toBe(0);
          const again = await runCli(['plan', dir, '--target', target, '--detailed-exitcode']);
          expect(again.code, again.stdout + again.stderr).toBe(0);
          // The fingerprint the apply recorded (predicted, then checked) is the store's.
          const verified = await runCli(['history', '--verify', '--target', target]);
          expect(verified.code, verified.stdout + verified.stderr).toBe(0);
        }
      }),
      { numRuns: RUNS.applyThenPlan },
    );
  }, 300_000);

  it('import then plan is empty', async () => {
    await fc.assert(
      fc.asyncProperty(repoArb, fc.integer(), async (repo, seed) => {
        const target = `sqlite:${join(tempDir('permctl-prop-db-'), 's.db')}`;
        const dir = writeRepo(documents(repo, seeded(seed)), seeded(seed + 1));
        expect((await runCli(['apply', dir, '--auto-approve', '--target', target])).code).toBe(0);
        const out = join(tempDir('permctl-prop-import-'), 'repo');
        const imported = await runCli(['import', '--target', target, '--out', out]);
        expect(imported.code, imported.stderr).toBe(0);
        const plan = await runCli(['plan', out, '--target', target, '--detailed-exitcode']);
        expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      }),
      { numRuns: RUNS.importThenPlan },
    );
  }, 300_000);

  const SNIPPETS = [': ', '- ', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '!x ', '__proto__: 1\n', 'constructor: {}\n', '\t', '\u0000', '"', "'", '\n  ', '\n', '<<: *a\n', '? ', '%YAML 1.1\n---\n', '---\n', '...\n', 'kind: Users\n', 'users: 0123\n', '#', '|\n', '>-\n', '\u202E', '\uFEFF', '\r', '\u2028', 'é', '😀', 'yes', '~', 'null', '1e9999'];
  const edit = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 })) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  );
  type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
  const apply = (text: string, e: Edit): string => {
    const at = text.length === 0 ? 0 : e.at % text.length;
    if (e.op === 'insert') return text.slice(0, at) + e.text + text.slice(at);
    if (e.op === 'delete') return text.slice(0, at) + text.slice(at + e.length);
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    const line = text.slice(start, end === -1 ? text.length : end + 1);
    return text.slice(0, start) + line + text.slice(start);
  };
  const EXAMPLE = join(ROOT, 'examples/acme');
  const exampleFiles = readdirSync(EXAMPLE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));

  it('random edits of a valid repository never crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...exampleFiles), fc.array(edit, { minLength: 1, maxLength: 4 }), async (file, edits) => {
        const dir = tempDir('permctl-prop-edit-');
        cpSync(EXAMPLE, dir, { recursive: true });
        writeFileSync(join(dir, file), edits.reduce(apply, readFileSync(join(dir, file), 'utf8')));
        for (const args of [['validate', dir], ['explain', 'ana@example.com', dir], ['compile', dir]]) {
          const r = await runCli(args);
          expect([0, 1]).toContain(r.code);
          expect(r.stderr).not.toMatch(/internal error/);
        }
      }),
      { numRuns: RUNS.randomEdits },
    );
  }, 300_000);

  const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'toString', 'hasOwnProperty', 'valueOf', 'name', 'kind', 'users');
  const hostileValue = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.constantFrom<unknown>(true, 1, 'x', null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(hostileKey, tie('node'), { maxKeys: 3 })),
  })).node;

  it('no input pollutes Object.prototype or any global', () => {
    fc.assert(
      fc.property(fc.dictionary(hostileKey, hostileValue, { minKeys: 1, maxKeys: 4 }), fc.constantFrom('Users', 'SecurityProfile', 'Queues', 'Config'), fc.boolean(), (doc, kind, flow) => {
        const dir = tempDir('permctl-prop-poison-');
        const body = JSON.stringify({ kind, ...doc }); // JSON is YAML: keys such as "__proto__" reach the parsers as written
        writeFileSync(join(dir, 'permctl.yaml'), kind === 'Config' ? body : 'instance: p\n');
        if (kind !== 'Config') writeFileSync(join(dir, 'a.yaml'), flow ? body : `# & hardened\n${body}`);
        runValidate(dir);
        expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
        // Node sets undici's global dispatcher lazily on its own; that is not the input's doing.
        assertNoPoisoning({ ignoredRootRegex: /^(__vitest|__VITEST|vi$|__coverage|jest|process$|_|Symbol\(undici)/ });
      }),
      { numRuns: RUNS.poisoning },
    );
  }, 300_000);
});
