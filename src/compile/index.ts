// Compile stage: from the validated model to what every profile grants and every user can
// do, with the advisories and guardrail findings that follow from it. Pure.
import type { Builtin } from '../catalog/builtin.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Settings } from '../model/settings.ts';
import type { PolicyModel } from '../model/types.ts';
import { advisories } from './advisories.ts';
import { combinationsOf } from './combinations.ts';
import { buildDependencyGraph } from './dependencies.ts';
import { checkGuardrails } from './guardrails.ts';
import { compileProfiles } from './profiles.ts';
import type { CompiledPolicy } from './types.ts';
import { compileUsers } from './users.ts';

export interface Compiled {
  readonly policy: CompiledPolicy;
  readonly diagnostics: readonly Diagnostic[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function compilePolicy(model: PolicyModel, settings: Settings, builtin: Builtin): Compiled {
  const graph = buildDependencyGraph(builtin.dependencyRules, builtin.catalog);
  const { profiles, diagnostics: profileDiagnostics } = compileProfiles(model.profiles, builtin.defaultProfiles, builtin.catalog, graph);
  const policy: CompiledPolicy = {
    instance: model.config?.value.instance ?? '',
    settings,
    profiles,
    users: compileUsers(model.users, profiles, settings),
    routingProfiles: model.routingProfiles.map((r) => ({ ...r.value, queues: [...r.value.queues].sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0)) })).sort(byName),
    queues: model.queues.map((q) => q.value).sort(byName),
    lines: model.lines.map((l) => l.value).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  const disabled = model.config?.value.disableGuardrails ?? [];
  const combinations = combinationsOf(policy.users);
  return {
    policy,
    diagnostics: [...graph.diagnostics, ...profileDiagnostics, ...advisories(policy, combinations), ...checkGuardrails(policy, combinations, model.guardrails, builtin.baselineGuardrails, disabled, builtin.escalation)],
  };
}
