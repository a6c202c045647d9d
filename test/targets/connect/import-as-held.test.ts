// Import from a live instance whose profiles do not follow permctl's dependency rules (Amazon
// Connect's API accepts Users.Edit without Users.View; the console would have added it): the
// imported repository describes each profile exactly as held, validates, plans empty, and the
// first apply after import widens nothing. Table-driven, then random permission subsets.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltin, withRepositoryPermissions } from '../../../src/catalog/builtin.ts';
import { buildDependencyGraph } from '../../../src/compile/dependencies.ts';
import { compileProfiles } from '../../../src/compile/profiles.ts';
import { impliedMissing } from '../../../src/import/repository.ts';
import type { SecurityProfile } from '../../../src/model/types.ts';
import type { TargetState } from '../../../src/plan/state.ts';
import { runCli, tempDir } from '../../helpers.ts';
import type { FakeConnect } from './fake-connect.ts';
import { startFakeConnect } from './fake-connect.ts';
import { fakeConnectHarness } from './cli-harness.ts';
import { seedData, smallState } from './seed.ts';
import { simClock } from './sim-clock.ts';

const URL_ = 'connect://inst-1?region=eu-west-1';
const { dirs, track } = fakeConnectHarness();
let fake: FakeConnect | undefined;

const WRITE = (op: string): boolean => !/^(List|Describe|Search)/.test(op);

/** smallState with `profiles` added (name → permissions as held), one user holding each. */
function withProfiles(profiles: Readonly<Record<string, readonly string[]>>): TargetState {
  const base = smallState(2);
  const names = Object.keys(profiles).sort();
  return {
    ...base,
    profiles: [...base.profiles, ...names.map((name) => ({ name, permissions: [...(profiles[name] ?? [])].sort() }))].sort((a, b) => (a.name < b.name ? -1 : 1)),
    users: [...base.users, ...names.map((name, i) => ({ login: `holder${String(i).padStart(3, '0')}`, securityProfiles: [name], routingProfile: 'Basic' }))].sort((a, b) => (a.login < b.login ? -1 : 1)),
  };
}

async function importAndPlan(state: TargetState): Promise<{ dir: string; plan: Awaited<ReturnType<typeof runCli>>; validate: Awaited<ReturnType<typeof runCli>> }> {
  fake = track(await startFakeConnect({ instanceId: 'inst-1', clock: simClock() }, seedData(state)));
  process.env.AWS_ENDPOINT_URL_CONNECT = fake.endpoint;
  const dir = tempDir('permctl-connect-held-');
  dirs.push(dir);
  const imported = await runCli(['import', '--target', URL_, '--out', dir]);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  const validate = await runCli(['validate', dir]);
  const plan = await runCli(['plan', dir, '--detailed-exitcode']);
  return { dir, plan, validate };
}

describe('import from live: profiles as held, whatever the dependency rules say', () => {
  const cases: { name: string; profiles: Record<string, string[]> }[] = [
    { name: 'Edit without View', profiles: { Editor: ['Users.Edit'] } },
    { name: 'a cross-resource rule not followed (Users.Edit without SecurityProfiles.View)', profiles: { Editor: ['Users.Edit', 'Users.View'] } },
    { name: 'a chain (Users.EditPermission alone)', profiles: { Grantor: ['Users.EditPermission'] } },
    { name: 'recordings (DeleteCallRecordings without Download/Listen)', profiles: { Deleter: ['BasicAgentAccess', 'DeleteCallRecordings'] } },
    { name: 'one profile as held beside one closed under the rules', profiles: { Editor: ['Users.Edit'], Viewer: ['Users.View'] } },
  ];
  it.each(cases)('$name: validates clean, plans empty, sends no write', async ({ profiles }) => {
    const { dir, plan, validate } = await importAndPlan(withProfiles(profiles));
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
    expect(fake?.log.filter((r) => WRITE(r.op))).toEqual([]);
    // Only the profiles the rules would widen say `exact: true`.
    const docs = readFileSync(join(dir, 'profiles', 'security-profiles.yaml'), 'utf8').split('---\n');
    const exact = docs.filter((d) => d.includes('exact: true')).map((d) => /name: (\S+)/.exec(d)?.[1]).sort();
    const graph = buildDependencyGraph(loadBuiltin().dependencyRules, loadBuiltin().catalog);
    expect(exact).toEqual(Object.keys(profiles).filter((n) => impliedMissing(profiles[n] ?? [], graph).length > 0).sort());
    expect(exact.length).toBeGreaterThan(0);
  });

  it('the marker is what keeps the plan empty: without it the plan shows what the rules add', async () => {
    const { dir } = await importAndPlan(withProfiles({ Editor: ['Users.Edit'] }));
    const file = join(dir, 'profiles', 'security-profiles.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain("# Imported as the target holds it. Without `exact: true`, permctl's dependency rules would add: AgentGrouping.View, RoutingPolicies.View, SecurityProfiles.View, Users.View.\nkind: SecurityProfile\nname: Editor\nexact: true\npermissions:\n  - Users.Edit\n");
    writeFileSync(file, text.replace('exact: true\n', ''));
    const plan = await runCli(['plan', dir, '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/~ security profile "Editor"\n\s+\+ AgentGrouping\.View\n\s+\+ RoutingPolicies\.View\n\s+\+ SecurityProfiles\.View\n\s+\+ Users\.View\n/);
  });

  it('the first apply after import changes what git changed and widens nothing', async () => {
    const { dir } = await importAndPlan(withProfiles({ Editor: ['Users.Edit'] }));
    const file = join(dir, 'profiles', 'security-profiles.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Editor\n', 'name: Editor\ndescription: Edits users\n'));
    const applied = await runCli(['apply', dir, '--auto-approve', '--history', `sqlite:${join(dir, 'history.db')}`]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const editor = [...(fake?.data.profiles.values() ?? [])].find((p) => p.name === 'Editor');
    expect(editor?.description).toBe('Edits users');
    expect(editor?.permissions).toEqual(['Users.Edit']);
    expect((await runCli(['plan', dir, '--detailed-exitcode'])).code).toBe(0);
  });

  // Random permission subsets (seeded, so a failure names its seed): any instance imports into a
  // repository that validates and plans empty.
  it.each([1, 2, 3, 4, 5, 6])('random profiles (seed %i): validate clean, plan empty', async (seed) => {
    const rand = mulberry32(seed);
    // Names outside the catalog too: declared on import, and the rules' patterns reach them
    // (Brand.Edit implies Brand.View once both are declared).
    const names = [...loadBuiltin().catalog.names, 'Brand.Edit', 'Brand.View', 'Brand.Create'];
    const profiles: Record<string, string[]> = {};
    for (let i = 0; i < 5; i++) {
      const size = 1 + Math.floor(rand() * 10);
      profiles[`Random-${i}`] = [...new Set(Array.from({ length: size }, () => names[Math.floor(rand() * names.length)] ?? 'Users.View'))];
    }
    const { dir, plan, validate } = await importAndPlan(withProfiles(profiles));
    // The seeds give profiles the rules would widen, and the import marks exactly those.
    const declared = [...new Set(Object.values(profiles).flat().filter((p) => p.startsWith('Brand.')))];
    const extended = withRepositoryPermissions(loadBuiltin(), declared.map((name) => ({ name })));
    const graph = buildDependencyGraph(extended.dependencyRules, extended.catalog);
    const widened = Object.keys(profiles).filter((n) => impliedMissing(profiles[n] ?? [], graph).length > 0);
    expect(widened.length).toBeGreaterThan(0);
    const text = readFileSync(join(dir, 'profiles', 'security-profiles.yaml'), 'utf8');
    expect(text.split('\nexact: true\n').length - 1).toBe(widened.length);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).not.toMatch(/error PC/);
    expect(plan.stdout, JSON.stringify(profiles)).toContain('No changes');
    expect(plan.code).toBe(0);
    expect(fake?.log.filter((r) => WRITE(r.op))).toEqual([]);
  });
});

describe('exact profiles compile as written', () => {
  const builtin = loadBuiltin();
  const graph = buildDependencyGraph(builtin.dependencyRules, builtin.catalog);
  const origin = { file: 'profiles/p.yaml', doc: 0, path: [] };
  const table: { name: string; profiles: { name: string; permissions: string[]; extends?: string[]; exact?: boolean }[]; profile: string; grants: string[] }[] = [
    { name: 'exact: only what is listed', profiles: [{ name: 'E', permissions: ['Users.Edit'], exact: true }], profile: 'E', grants: ['Users.Edit'] },
    { name: 'not exact: the rules add', profiles: [{ name: 'E', permissions: ['Users.Edit'] }], profile: 'E', grants: ['AgentGrouping.View', 'RoutingPolicies.View', 'SecurityProfiles.View', 'Users.Edit', 'Users.View'] },
    { name: 'exact extends a profile: the parent as it grants, nothing added to the child', profiles: [{ name: 'P', permissions: ['Queues.Edit'] }, { name: 'E', permissions: ['Users.Edit'], extends: ['P'], exact: true }], profile: 'E', grants: ['Queues.Edit', 'Queues.View', 'Users.Edit'] },
    { name: 'a profile extending an exact one adds its rules to everything', profiles: [{ name: 'P', permissions: ['Users.Edit'], exact: true }, { name: 'C', permissions: [], extends: ['P'] }], profile: 'C', grants: ['AgentGrouping.View', 'RoutingPolicies.View', 'SecurityProfiles.View', 'Users.Edit', 'Users.View'] },
  ];
  it.each(table)('$name', ({ profiles, profile, grants }) => {
    const repo = profiles.map((p) => ({ value: { kind: 'SecurityProfile', ...p } as SecurityProfile, origin }));
    const { profiles: compiled, diagnostics } = compileProfiles(repo, [], builtin.catalog, graph);
    expect(diagnostics).toEqual([]);
    expect([...(compiled.get(profile)?.permissions.keys() ?? [])]).toEqual(grants);
  });
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
