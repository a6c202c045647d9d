// `permctl import`: a policy repository written from a target's state, such that planning it
// against the same target shows no changes. Pure: state in, file contents out. Profiles are
// written with their expanded permissions (a target does not know how they were composed).
// A profile the target holds without a permission the dependency rules imply (Amazon Connect's
// API takes Users.Edit without Users.View) is written `exact: true`: the repository describes
// it as held, so the plan is empty and the first apply does not widen it (docs/targets.md).
// The layout is `permctl init`'s (src/init/layout.ts): one file per kind, each with the
// modeline of its own kind's schema, the schemas beside them, and the .gitignore.
import { stringify } from 'yaml';
import { loadBuiltin, withRepositoryPermissions } from '../catalog/builtin.ts';
import type { Builtin } from '../catalog/builtin.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { buildDependencyGraph } from '../compile/dependencies.ts';
import type { DependencyGraph } from '../compile/dependencies.ts';
import { KIND_SCHEMA, modeline } from '../init/layout.ts';
import type { InstanceState, ProfileState, TargetState } from '../plan/state.ts';

const doc = (value: unknown): string => stringify(value, { lineWidth: 0 });

function config(instance: InstanceState | undefined, targetUrl: string, extraPermissions: readonly string[]): string {
  const settings = instance ? { screenRecordings: instance.screenRecordings, conversationAnalyzer: instance.conversationAnalyzer, agentRecordingAccess: instance.agentRecordingAccess } : undefined;
  return doc({ instance: instance?.instance ?? 'imported', target: targetUrl, ...(settings ? { settings } : {}), unmanaged: 'report', ...(extraPermissions.length > 0 ? { extraPermissions } : {}) });
}

export const IMPORT_GITIGNORE = '# permctl: local stores and saved plans are not policy\n.permctl/\n*.db\n*.db-wal\n*.db-shm\nplan.json\n*.plan.json\n';

/** Permission names the target's profiles hold and the catalog does not know (a newer Amazon
 *  Connect): written to permctl.yaml `extraPermissions`, so the imported repository validates
 *  and nothing the target holds is lost. */
export function unknownPermissions(state: Pick<TargetState, 'profiles'>, catalog: Pick<Catalog, 'permissions'>): string[] {
  const out = new Set<string>();
  for (const p of state.profiles) for (const n of p.permissions) if (!catalog.permissions.has(n)) out.add(n);
  return [...out].sort();
}

/** What the dependency rules would add to `permissions` (transitively), sorted; empty when the
 *  set is closed under them. A worklist over the graph: linear in the edges reached. */
export function impliedMissing(permissions: readonly string[], graph: Pick<DependencyGraph, 'out'>): string[] {
  const held = new Set(permissions);
  const seen = new Set(permissions);
  const queue = [...permissions];
  for (let i = 0; i < queue.length; i++) {
    for (const e of graph.out.get(queue[i] ?? '') ?? []) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return [...seen].filter((p) => !held.has(p)).sort();
}

/** A profile's document: `exact: true` (with a comment saying what the rules would add) when
 *  the target holds it without permissions the rules imply. */
function profileDoc(p: ProfileState, graph: Pick<DependencyGraph, 'out'>): string {
  const missing = impliedMissing(p.permissions, graph);
  if (missing.length === 0) return doc({ kind: 'SecurityProfile', ...p });
  const { permissions, ...rest } = p;
  return `# Imported as the target holds it. Without \`exact: true\`, permctl's dependency rules would add: ${missing.join(', ')}.\n${doc({ kind: 'SecurityProfile', ...rest, exact: true, permissions })}`;
}

/** Repository-relative paths (POSIX) to contents. `extra` (the schemas) is copied as is.
 *  `builtin`: the catalog and dependency rules the imported repository will compile with. */
export function repositoryFiles(state: TargetState, targetUrl: string, extra: ReadonlyMap<string, string> = new Map(), builtin: Builtin = loadBuiltin()): Map<string, string> {
  const files = new Map<string, string>();
  const put = (path: string, kind: string, docs: readonly string[]): void => {
    if (docs.length > 0) files.set(path, modeline(path, KIND_SCHEMA[kind] ?? 'policy.schema.json') + docs.join('---\n'));
  };
  const extraPermissions = unknownPermissions(state, builtin.catalog);
  // The rules over the catalog as the repository extends it (its extraPermissions), as compile sees them.
  const extended = withRepositoryPermissions(builtin, extraPermissions.map((name) => ({ name })));
  const graph = buildDependencyGraph(extended.dependencyRules, extended.catalog);
  files.set('permctl.yaml', modeline('permctl.yaml', KIND_SCHEMA.Config ?? '') + config(state.instance, targetUrl, extraPermissions));
  put('profiles/security-profiles.yaml', 'SecurityProfile', state.profiles.map((p) => profileDoc(p, graph)));
  put('users/users.yaml', 'Users', [doc({ kind: 'Users', users: state.users })]);
  put('routing/queues.yaml', 'Queues', [doc({ kind: 'Queues', queues: state.queues })]);
  put('routing/routing-profiles.yaml', 'RoutingProfile', state.routingProfiles.map((r) => doc({ kind: 'RoutingProfile', ...r })));
  put('lines.yaml', 'Lines', [doc({ kind: 'Lines', lines: state.lines })]);
  files.set('.gitignore', IMPORT_GITIGNORE);
  for (const [path, text] of extra) files.set(path, text);
  return files;
}
