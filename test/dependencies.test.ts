// Every dependency rule, its justification and the edges it produces over the catalog.
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { buildDependencyGraph } from '../src/compile/dependencies.ts';
import type { DependencyRule } from '../src/compile/dependencies.ts';
import { compileProfiles } from '../src/compile/profiles.ts';

const builtin = loadBuiltin();
const graph = buildDependencyGraph(builtin.dependencyRules, builtin.catalog);

// rule id → edges it must produce (a sample for pattern rules, all for explicit ones).
const TABLE: Record<string, readonly (readonly [string, string])[]> = {
  'edit-implies-view': [['Users.Edit', 'Users.View'], ['RoutingPolicies.Edit', 'RoutingPolicies.View'], ['TeamCalendar.Edit', 'TeamCalendar.View'], ['StaffCalendar.Edit', 'StaffCalendar.View']],
  'create-implies-view': [['Queues.Create', 'Queues.View'], ['Cases.Create', 'Cases.View']],
  'delete-implies-view': [['Prompts.Delete', 'Prompts.View'], ['MetricsReports.Delete', 'MetricsReports.View']],
  'publish-implies-view': [['ContactFlows.Publish', 'ContactFlows.View'], ['Scheduling.Publish', 'Scheduling.View']],
  'enable-disable-implies-view': [['Queues.EnableAndDisable', 'Queues.View'], ['AgentStates.EnableAndDisable', 'AgentStates.View']],
  'claim-implies-view': [['PhoneNumbers.Claim', 'PhoneNumbers.View']],
  'release-implies-view': [['PhoneNumbers.Release', 'PhoneNumbers.View']],
  'publish-implies-edit-planning': [['Forecasting.Publish', 'Forecasting.Edit'], ['Capacity.Publish', 'Capacity.Edit'], ['Scheduling.Publish', 'Scheduling.Edit']],
  'edit-permission-implies-edit': [['Users.EditPermission', 'Users.Edit']],
  'agent-states-enable-disable-implies-edit': [['AgentStates.EnableAndDisable', 'AgentStates.Edit']],
  'user-pages-show-profiles': [['Users.Edit', 'SecurityProfiles.View'], ['Users.Edit', 'RoutingPolicies.View'], ['Users.Edit', 'AgentGrouping.View']],
  'user-create-shows-profiles': [['Users.Create', 'SecurityProfiles.View']],
  'routing-profile-pages-show-queues': [['RoutingPolicies.Edit', 'Queues.View']],
  'delete-recordings-implies-download': [['DeleteCallRecordings', 'DownloadCallRecordings']],
  'download-recordings-implies-listen': [['DownloadCallRecordings', 'ListenCallRecordings']],
  'chat-test-mode-implies-flows-view': [['ChatTestMode', 'ContactFlows.View']],
  'contact-search-access-implies-view': [['ContactSearchWithKeywords.Access', 'ContactSearchWithKeywords.View'], ['ContactSearchWithCharacteristics.Access', 'ContactSearchWithCharacteristics.View']],
  'contact-search-access-implies-search': [['ContactSearchWithKeywords.Access', 'ContactSearch.View'], ['ContactSearchWithCharacteristics.Access', 'ContactSearch.View']],
  'saved-reports-create-row': [['MetricsReports.Create', 'MetricsReports.Share']],
  'saved-reports-schedule-row': [['MetricsReports.Schedule', 'MetricsReports.Publish'], ['MetricsReports.Schedule', 'ReportSchedules.View']],
  'perform-evaluations-row': [['Evaluation.Create', 'Evaluation.Delete']],
  'manage-evaluation-forms-row': [['EvaluationForms.Create', 'EvaluationForms.Edit']],
};

const edgeSet = new Set(graph.edges.map((e) => `${e.rule}:${e.from}>${e.to}`));

describe('dependency rules', () => {
  it('the table covers exactly the rules in policies/dependencies.yaml', () => {
    expect(Object.keys(TABLE).sort()).toEqual(builtin.dependencyRules.map((r) => r.id).sort());
  });

  it.each(builtin.dependencyRules.map((r) => [r.id, r] as const))('%s is justified and produces its edges', (id, rule) => {
    expect(rule.because.length).toBeGreaterThan(40);
    expect(rule.because).toMatch(/\d{3}_[0-9a-f]{16}\.txt|SPEC\.md/);
    for (const [from, to] of TABLE[id] ?? []) expect(edgeSet.has(`${id}:${from}>${to}`), `${from} → ${to}`).toBe(true);
  });

  it('no pattern rule reaches outside the catalog, and no edge points at itself', () => {
    for (const e of graph.edges) {
      expect(builtin.catalog.permissions.has(e.to)).toBe(true);
      expect(e.from).not.toBe(e.to);
    }
  });

  it('Views.View and Users.View are not implied by anything unrelated', () => {
    expect(graph.edges.filter((e) => e.to === 'Users.View').map((e) => e.from).sort()).toEqual(['Users.Create', 'Users.Delete', 'Users.Edit']);
  });

  it('the shipped rules are acyclic; a cyclic rule set is reported, not looped on', () => {
    expect(graph.diagnostics).toEqual([]);
    const cyclic: DependencyRule[] = [...builtin.dependencyRules, { id: 'bad', from: 'Users.View', to: 'Users.EditPermission', because: 'test' }];
    const bad = buildDependencyGraph(cyclic, builtin.catalog);
    expect(bad.diagnostics).toEqual([{ code: 'PC504', severity: 'error', args: { cycle: ['Users.View', 'Users.EditPermission', 'Users.Edit', 'Users.View'] } }]);
  });

  it.each([
    ['DeleteCallRecordings', ['DeleteCallRecordings', 'DownloadCallRecordings', 'ListenCallRecordings']],
    ['Users.EditPermission', ['AgentGrouping.View', 'RoutingPolicies.View', 'SecurityProfiles.View', 'Users.Edit', 'Users.EditPermission', 'Users.View']],
    ['AgentStates.EnableAndDisable', ['AgentStates.Edit', 'AgentStates.EnableAndDisable', 'AgentStates.View']],
    ['Forecasting.Publish', ['Forecasting.Edit', 'Forecasting.Publish', 'Forecasting.View']],
    ['MetricsReports.Create', ['MetricsReports.Create', 'MetricsReports.Share', 'MetricsReports.View']],
    ['ContactSearchWithKeywords.Access', ['ContactSearch.View', 'ContactSearchWithKeywords.Access', 'ContactSearchWithKeywords.View']],
  ])('%s expands transitively to %j', (perm, expected) => {
    const { profiles } = compileProfiles([{ value: { kind: 'SecurityProfile', name: 'P', permissions: [perm as never] }, origin: { file: 'p.yaml', doc: 0, path: [] } }], [], builtin.catalog, graph);
    expect([...(profiles.get('P')?.permissions.keys() ?? [])]).toEqual(expected);
  });

  it('more than 500 permissions after expansion is an error (PC402)', () => {
    const names = Array.from({ length: 501 }, (_, i) => `R${i}.View`);
    const catalog = { ...builtin.catalog, names, permissions: new Map(names.map((n) => [n, builtin.catalog.permissions.get('Users.View')!])) };
    const { diagnostics } = compileProfiles([{ value: { kind: 'SecurityProfile', name: 'Big', permissions: names as never[] }, origin: { file: 'p.yaml', doc: 0, path: [] } }], [], catalog, { edges: [], out: new Map(), diagnostics: [] });
    expect(diagnostics.map((d) => [d.code, d.code === 'PC402' ? d.args.count : undefined])).toEqual([['PC402', 501]]);
  });
});
