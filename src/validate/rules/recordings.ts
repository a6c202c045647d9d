// The recording-archive rules of 004_796ebaf054c3e6af.txt that can be checked on one user:
// "View Call Recordings permission must be set to yes for any of the following permissions to
// take effect"; "View Screen Recordings is only available if screen recordings are enabled";
// "By default, agent users do not have access to Call Recordings" unless enabled for the account.
import type { Diagnostic, Origin } from '../../diagnostics/types.ts';
import { fieldOrigin } from '../../model/types.ts';
import type { Recordings } from '../../model/types.ts';
import { roleDefaults } from '../../model/recordings.ts';
import type { Rule, Settings } from './context.ts';

const GATED = ['viewOutboundCallRecordings', 'viewScreenRecordings', 'deleteCallRecordings'] as const;
const SETTINGS = ['viewCallRecordings', ...GATED] as const;

function checkUser(rec: Recordings, o: Origin, settings: Settings, login: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (field: string): Pick<Diagnostic, 'file' | 'doc' | 'path'> => ({ file: o.file, doc: o.doc, path: [...o.path, field] });
  const role = rec.role ?? 'normal';
  if (role === 'agent' && settings.agentRecordingAccess === 'none') {
    // `role: agent` alone is the seed's default ("By default, agent users do not have access
    // to Call Recordings"): nothing to say. Settings beyond it have no effect: say so.
    const extra = SETTINGS.some((f) => rec[f] !== undefined) || rec.lines !== undefined;
    return extra ? [{ code: 'PC408', severity: 'warning', ...at('role'), args: { login } }] : [];
  }
  const view = rec.viewCallRecordings ?? roleDefaults(role, settings).viewCallRecordings;
  // Agents with access reach "all recordings in your account or just their own": lines do not
  // scope them, so lines given to them do nothing.
  if (role === 'agent' && (rec.lines?.length ?? 0) > 0) out.push({ code: 'PC412', severity: 'warning', ...at('lines'), args: { login, access: settings.agentRecordingAccess } });
  // A normal or nominee user reaches recordings through lines only ("To give a user access to
  // recordings of calls made to a specific line, add that line"): view with no line reaches none.
  if (role !== 'agent' && view && (rec.lines?.length ?? 0) === 0) out.push({ code: 'PC413', severity: 'warning', ...at(rec.viewCallRecordings === true ? 'viewCallRecordings' : 'role'), args: { login } });
  for (const field of GATED) {
    if (rec[field] === true && !view) out.push({ code: 'PC406', severity: 'warning', ...at(field), args: { field, login } });
  }
  if (rec.viewScreenRecordings === true && view && !settings.screenRecordings) out.push({ code: 'PC407', severity: 'warning', ...at('viewScreenRecordings'), args: { login } });
  if ((rec.lines?.length ?? 0) > 0 && !view) out.push({ code: 'PC411', severity: 'warning', ...at('lines'), args: { login } });
  return out;
}

export const recordingPermissions: Rule = {
  name: 'recording-permissions',
  check: ({ model, settings }) => {
    const reported = new Set<string>();
    return model.users.flatMap((u) => {
      const rec = u.value.recordings;
      if (rec === undefined) return [];
      const o = fieldOrigin(u, 'recordings');
      // Defaults shared by a whole file are reported once, where they are written.
      const key = `${o.file}#${o.doc}#${o.path.join('/')}`;
      if (reported.has(key)) return [];
      reported.add(key);
      return checkUser(rec, o, settings, u.value.login);
    });
  },
};
