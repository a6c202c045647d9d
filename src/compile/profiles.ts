// Expands every security profile: declared permissions, those inherited through `extends`
// and those implied by dependency rules (unless the profile is `exact`), each with the reasons
// it is there. `extends` cycles are reported (PC310) and broken, never looped on. Built-in
// default profiles exist unless the repository defines a profile of the same name.
import type { DefaultProfile } from '../catalog/builtin.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SecurityProfile, Sourced } from '../model/types.ts';
import type { DependencyGraph } from './dependencies.ts';
import type { CompiledProfile, Reason } from './types.ts';

export const MAX_PERMISSIONS_PER_PROFILE = 500;

/** A profile as written: everything but what expansion computes. */
type Definition = Omit<CompiledProfile, 'permissions'>;

const REASON_ORDER: Record<Reason['type'], number> = { declared: 0, 'default-profile': 1, extends: 2, implied: 3 };
const reasonKey = (r: Reason): string => `${REASON_ORDER[r.type]}:${r.type === 'extends' ? r.profile : r.type === 'implied' ? `${r.by}:${r.rule}` : ''}`;

function definitions(repo: readonly Sourced<SecurityProfile>[], defaults: readonly DefaultProfile[], catalog: Catalog): Map<string, Definition> {
  const defs = new Map<string, Definition>();
  const known = (ps: readonly string[] | undefined): string[] => [...new Set((ps ?? []).filter((p) => catalog.permissions.has(p)))].sort();
  for (const d of defaults) defs.set(d.name, { name: d.name, source: 'builtin', description: d.description, extends: [], declared: known(d.permissions) });
  // First definition wins when a repository defines a name twice (validate reports PC308).
  const seen = new Set<string>();
  for (const { value: p, origin } of repo) {
    if (seen.has(p.name)) continue;
    seen.add(p.name);
    defs.set(p.name, { name: p.name, source: 'repository', origin, ...(p.description !== undefined ? { description: p.description } : {}), extends: [...new Set(p.extends ?? [])].sort(), declared: known(p.permissions), ...(p.exact === true ? { exact: true } : {}) });
  }
  return defs;
}

export function compileProfiles(repo: readonly Sourced<SecurityProfile>[], defaults: readonly DefaultProfile[], catalog: Catalog, graph: DependencyGraph): { profiles: Map<string, CompiledProfile>; diagnostics: Diagnostic[] } {
  const defs = definitions(repo, defaults, catalog);
  const done = new Map<string, CompiledProfile>();
  const visiting: string[] = [];
  const diagnostics: Diagnostic[] = [];

  const expand = (name: string): CompiledProfile | undefined => {
    const finished = done.get(name);
    if (finished) return finished;
    const def = defs.get(name);
    if (!def) return undefined; // unknown: validate reports it
    if (visiting.includes(name)) {
      const cycle = [...visiting.slice(visiting.indexOf(name)), name];
      const o = def.origin;
      diagnostics.push({ code: 'PC310', severity: 'error', ...(o ? { file: o.file, doc: o.doc, path: ['extends'] } : {}), args: { cycle } });
      return undefined;
    }
    visiting.push(name);
    const reasons = new Map<string, Map<string, Reason>>();
    const add = (perm: string, r: Reason): boolean => {
      const isNew = !reasons.has(perm);
      const m = reasons.get(perm) ?? new Map<string, Reason>();
      m.set(reasonKey(r), r);
      reasons.set(perm, m);
      return isNew;
    };
    for (const p of def.declared) add(p, def.source === 'builtin' ? { type: 'default-profile' } : { type: 'declared' });
    for (const parent of def.extends) for (const p of expand(parent)?.permissions.keys() ?? []) add(p, { type: 'extends', profile: parent });
    // `exact: true`: the profile as written (a live profile imported as the target holds it).
    if (def.exact !== true) closeOver(reasons, add, graph);
    visiting.pop();
    const permissions = new Map([...reasons.keys()].sort().map((p) => [p, [...(reasons.get(p) ?? new Map<string, Reason>()).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r)] as const));
    const compiled: CompiledProfile = { ...def, permissions };
    done.set(name, compiled);
    return compiled;
  };

  for (const name of [...defs.keys()].sort()) expand(name);
  for (const p of done.values()) {
    if (p.permissions.size > MAX_PERMISSIONS_PER_PROFILE && p.origin) {
      diagnostics.push({ code: 'PC402', severity: 'error', file: p.origin.file, doc: p.origin.doc, path: ['name'], args: { profile: p.name, count: p.permissions.size, limit: MAX_PERMISSIONS_PER_PROFILE } });
    }
  }
  return { profiles: new Map([...done.entries()].sort(([a], [b]) => (a < b ? -1 : 1))), diagnostics };
}

/** Transitive closure: every permission reached through a rule gets an `implied` reason for
 *  each permission that implies it. A worklist visits each permission once. */
function closeOver(reasons: Map<string, unknown>, add: (p: string, r: Reason) => boolean, graph: DependencyGraph): void {
  const queue = [...reasons.keys()];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] ?? '';
    for (const e of graph.out.get(from) ?? []) if (add(e.to, { type: 'implied', by: from, rule: e.rule })) queue.push(e.to);
  }
}
