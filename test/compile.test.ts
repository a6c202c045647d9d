// `permctl compile`: golden output for the example, and byte-identical output under any
// permutation of files, documents and list entries.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderCompiledJson } from '../src/render/compiled-json.ts';
import { runValidate } from '../src/pipeline.ts';
import { expectGolden } from './golden.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

const EXAMPLE = join(ROOT, 'examples/acme');

function compiledJson(dir: string): string {
  const r = runValidate(dir);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return renderCompiledJson(r.compiled.policy, r.builtin.catalog);
}

function yamlFiles(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(dir, join(rel, e.name)) : e.name.endsWith('.yaml') && e.name !== 'permctl.yaml' ? [join(rel, e.name)] : []));
}

// Lists whose order carries no meaning, by the key that holds them.
const UNORDERED = new Set(['users', 'lines', 'queues', 'permissions', 'extends', 'securityProfiles', 'rules', 'onlyProfiles', 'requires', 'forbidTogether']);

function shuffleDeep(value: unknown, rand: () => number, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => shuffleDeep(v, rand));
    if (UNORDERED.has(key)) for (let i = items.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [items[i], items[j]] = [items[j], items[i]]; }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, shuffleDeep(v, rand, k)] as const);
    for (let i = entries.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [entries[i], entries[j]] = [entries[j]!, entries[i]!]; }
    return Object.fromEntries(entries);
  }
  return value;
}

/** The example's documents, shuffled inside and spread over randomly named files. */
function permutedRepo(seed: number): string {
  let s = seed;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const docs = yamlFiles(EXAMPLE).flatMap((f) => parseAllDocuments(readFileSync(join(EXAMPLE, f), 'utf8')).map((d) => d.toJS() as unknown));
  const dir = tempDir('permctl-perm-');
  writeFileSync(join(dir, 'permctl.yaml'), readFileSync(join(EXAMPLE, 'permctl.yaml')));
  const files = new Map<string, unknown[]>();
  for (const doc of docs) {
    const name = `d${Math.floor(rand() * 4)}/f${Math.floor(rand() * 3)}.yaml`;
    files.set(name, [...(files.get(name) ?? []), shuffleDeep(doc, rand)]);
  }
  for (const [name, list] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), list.map((d) => stringify(d)).join('---\n'));
  }
  return dir;
}

describe('permctl compile', () => {
  it('matches the golden output for examples/acme', async () => {
    const r = await runCli(['compile', 'examples/acme']);
    expect(r.code).toBe(0);
    expectGolden('compile-acme.json', r.stdout);
  });

  it('is byte-identical under any permutation of files and list entries', () => {
    const baseline = compiledJson(EXAMPLE);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => { expect(compiledJson(permutedRepo(seed))).toBe(baseline); }), { numRuns: 25, endOnFailure: true });
  });

  it('writes --out and refuses an invalid repository with exit 1', async () => {
    const out = join(tempDir(), 'c.json');
    expect((await runCli(['compile', 'examples/acme', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('format_version', '1.0');
    const bad = await runCli(['compile', 'examples/broken']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^profiles\.yaml:3:11: error PC304/m);
  });

  it('records every reason a profile holds a permission', () => {
    const policy = runValidate(EXAMPLE).compiled.policy;
    const sup = policy.profiles.get('SupervisorEMEA');
    expect(sup?.permissions.get('RoutingPolicies.View')).toEqual([{ type: 'implied', by: 'RoutingPolicies.Edit', rule: 'edit-implies-view' }]);
    expect(sup?.permissions.get('BasicAgentAccess')).toEqual([{ type: 'extends', profile: 'Agent' }]);
    expect(policy.profiles.get('Agent')?.permissions.get('BasicAgentAccess')).toEqual([{ type: 'default-profile' }]);
  });

  it('a repository profile replaces the built-in one of the same name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'permctl.yaml'), 'instance: t\n');
    writeFileSync(join(dir, 'agent.yaml'), 'kind: SecurityProfile\nname: Agent\npermissions: [BasicAgentAccess]\n');
    const agent = runValidate(dir).compiled.policy.profiles.get('Agent');
    expect(agent?.source).toBe('repository');
    expect([...(agent?.permissions.keys() ?? [])]).toEqual(['BasicAgentAccess']);
  });
});
