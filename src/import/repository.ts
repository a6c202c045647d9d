// `permctl import`: a policy repository written from a target's state, such that planning it
// against the same target shows no changes. Pure: state in, file contents out. Profiles are
// written with their expanded permissions (a target does not know how they were composed).
import { stringify } from 'yaml';
import { loadBuiltin } from '../catalog/builtin.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { InstanceState, TargetState } from '../plan/state.ts';

const schema = (file: string): string => `# yaml-language-server: $schema=schemas/${file}\n`;
const doc = (value: unknown): string => stringify(value, { lineWidth: 0 });

function config(instance: InstanceState | undefined, targetUrl: string, extraPermissions: readonly string[]): string {
  const settings = instance ? { screenRecordings: instance.screenRecordings, conversationAnalyzer: instance.conversationAnalyzer, agentRecordingAccess: instance.agentRecordingAccess } : undefined;
  return `${schema('permctl.schema.json')}${doc({ instance: instance?.instance ?? 'imported', target: targetUrl, ...(settings ? { settings } : {}), unmanaged: 'report', ...(extraPermissions.length > 0 ? { extraPermissions } : {}) })}`;
}

/** Permission names the target's profiles hold and the catalog does not know (a newer Amazon
 *  Connect): written to permctl.yaml `extraPermissions`, so the imported repository validates
 *  and nothing the target holds is lost. */
export function unknownPermissions(state: Pick<TargetState, 'profiles'>, catalog: Pick<Catalog, 'permissions'>): string[] {
  const out = new Set<string>();
  for (const p of state.profiles) for (const n of p.permissions) if (!catalog.permissions.has(n)) out.add(n);
  return [...out].sort();
}

export function repositoryFiles(state: TargetState, targetUrl: string, catalog: Pick<Catalog, 'permissions'> = loadBuiltin().catalog): Map<string, string> {
  const files = new Map<string, string>();
  files.set('permctl.yaml', config(state.instance, targetUrl, unknownPermissions(state, catalog)));
  files.set('profiles.yaml', schema('security-profile.schema.json') + state.profiles.map((p) => doc({ kind: 'SecurityProfile', ...p })).join('---\n'));
  files.set('users.yaml', schema('users.schema.json') + doc({ kind: 'Users', users: state.users }));
  const routing = [doc({ kind: 'Queues', queues: state.queues }), ...state.routingProfiles.map((r) => doc({ kind: 'RoutingProfile', ...r }))];
  files.set('routing.yaml', schema('routing-profile.schema.json') + routing.join('---\n'));
  files.set('lines.yaml', schema('lines.schema.json') + doc({ kind: 'Lines', lines: state.lines }));
  if (state.profiles.length === 0) files.delete('profiles.yaml');
  return files;
}
