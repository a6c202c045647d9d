// `permctl import`: a policy repository written from a target's state, such that planning it
// against the same target shows no changes. Pure: state in, file contents out. Profiles are
// written with their expanded permissions (a target does not know how they were composed).
import { stringify } from 'yaml';
import type { InstanceState, TargetState } from '../plan/state.ts';

const schema = (file: string): string => `# yaml-language-server: $schema=schemas/${file}\n`;
const doc = (value: unknown): string => stringify(value, { lineWidth: 0 });

function config(instance: InstanceState | undefined, targetUrl: string, extraPermissions: readonly string[]): string {
  const settings = instance ? { screenRecordings: instance.screenRecordings, conversationAnalyzer: instance.conversationAnalyzer, agentRecordingAccess: instance.agentRecordingAccess } : undefined;
  const extras = extraPermissions.length > 0 ? { extraPermissions } : {};
  return `${schema('permctl.schema.json')}${doc({ instance: instance?.instance ?? 'imported', target: targetUrl, ...(settings ? { settings } : {}), unmanaged: 'report', ...extras })}`;
}

/** `extraPermissions`: permission names the target holds that the catalog does not know; they
 *  are declared in permctl.yaml so the profiles that hold them validate. */
export function repositoryFiles(state: TargetState, targetUrl: string, extraPermissions: readonly string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  files.set('permctl.yaml', config(state.instance, targetUrl, extraPermissions));
  files.set('profiles.yaml', schema('security-profile.schema.json') + state.profiles.map((p) => doc({ kind: 'SecurityProfile', ...p })).join('---\n'));
  files.set('users.yaml', schema('users.schema.json') + doc({ kind: 'Users', users: state.users }));
  const routing = [doc({ kind: 'Queues', queues: state.queues }), ...state.routingProfiles.map((r) => doc({ kind: 'RoutingProfile', ...r }))];
  files.set('routing.yaml', schema('routing-profile.schema.json') + routing.join('---\n'));
  files.set('lines.yaml', schema('lines.schema.json') + doc({ kind: 'Lines', lines: state.lines }));
  if (state.profiles.length === 0) files.delete('profiles.yaml');
  return files;
}
