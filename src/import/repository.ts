// `permctl import`: a policy repository written from a target's state, such that planning it
// against the same target shows no changes. Pure: state in, file contents out. Profiles are
// written with their expanded permissions (a target does not know how they were composed).
// The layout is `permctl init`'s (src/init/layout.ts): one file per kind, each with the
// modeline of its own kind's schema, the schemas beside them, and the .gitignore.
import { stringify } from 'yaml';
import { loadBuiltin } from '../catalog/builtin.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { KIND_SCHEMA, modeline } from '../init/layout.ts';
import type { InstanceState, TargetState } from '../plan/state.ts';

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

/** Repository-relative paths (POSIX) to contents. `extra` (the schemas) is copied as is. */
export function repositoryFiles(state: TargetState, targetUrl: string, extra: ReadonlyMap<string, string> = new Map(), catalog: Pick<Catalog, 'permissions'> = loadBuiltin().catalog): Map<string, string> {
  const files = new Map<string, string>();
  const put = (path: string, kind: string, docs: readonly unknown[]): void => {
    if (docs.length > 0) files.set(path, modeline(path, KIND_SCHEMA[kind] ?? 'policy.schema.json') + docs.map(doc).join('---\n'));
  };
  files.set('permctl.yaml', modeline('permctl.yaml', KIND_SCHEMA.Config ?? '') + config(state.instance, targetUrl, unknownPermissions(state, catalog)));
  put('profiles/security-profiles.yaml', 'SecurityProfile', state.profiles.map((p) => ({ kind: 'SecurityProfile', ...p })));
  put('users/users.yaml', 'Users', [{ kind: 'Users', users: state.users }]);
  put('routing/queues.yaml', 'Queues', [{ kind: 'Queues', queues: state.queues }]);
  put('routing/routing-profiles.yaml', 'RoutingProfile', state.routingProfiles.map((r) => ({ kind: 'RoutingProfile', ...r })));
  put('lines.yaml', 'Lines', [{ kind: 'Lines', lines: state.lines }]);
  files.set('.gitignore', IMPORT_GITIGNORE);
  for (const [path, text] of extra) files.set(path, text);
  return files;
}
