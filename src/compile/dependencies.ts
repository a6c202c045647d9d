// Dependency rules (policies/dependencies.yaml) made concrete over the catalog: each pattern
// rule becomes the edges it actually produces. Pure: rules and catalog in, edges out. A cycle
// among the edges is reported (PC504), never looped on.
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostics/types.ts';

export interface DependencyRule {
  readonly id: string;
  readonly from: string;
  /** One target, or (for a UI row with several API names) a list. */
  readonly to: string | readonly string[];
  readonly resources?: readonly string[];
  readonly because: string;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly rule: string;
}

export interface DependencyGraph {
  readonly edges: readonly Edge[];
  /** Edges by their `from` permission. */
  readonly out: ReadonlyMap<string, readonly Edge[]>;
  readonly diagnostics: readonly Diagnostic[];
}

function edgesOf(rule: DependencyRule, catalog: Catalog): Edge[] {
  if (typeof rule.to !== 'string') {
    const from = rule.from;
    return catalog.permissions.has(from) ? rule.to.filter((to) => catalog.permissions.has(to)).map((to) => ({ from, to, rule: rule.id })) : [];
  }
  if (!rule.from.includes('{R}')) {
    return catalog.permissions.has(rule.from) && catalog.permissions.has(rule.to) ? [{ from: rule.from, to: rule.to, rule: rule.id }] : [];
  }
  const [prefix = '', suffix = ''] = rule.from.split('{R}');
  const edges: Edge[] = [];
  for (const name of catalog.names) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length <= prefix.length + suffix.length) continue;
    const resource = name.slice(prefix.length, name.length - suffix.length);
    if (rule.resources && !rule.resources.includes(resource)) continue;
    const to = rule.to.replace('{R}', resource);
    if (to !== name && catalog.permissions.has(to)) edges.push({ from: name, to, rule: rule.id });
  }
  return edges;
}

export function buildDependencyGraph(rules: readonly DependencyRule[], catalog: Catalog): DependencyGraph {
  const edges = rules.flatMap((r) => edgesOf(r, catalog));
  const out = new Map<string, Edge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const cycle = findCycle(out);
  const diagnostics: Diagnostic[] = cycle ? [{ code: 'PC504', severity: 'error', args: { cycle } }] : [];
  return { edges, out, diagnostics };
}

/** Depth-first search with colours; returns the first cycle as a list of names, or undefined. */
function findCycle(out: ReadonlyMap<string, readonly Edge[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'visiting') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'visiting');
    stack.push(n);
    for (const e of out.get(n) ?? []) {
      const c = visit(e.to);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of [...out.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}
