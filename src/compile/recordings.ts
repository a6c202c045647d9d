// Effective recording-archive access of one user (004_796ebaf054c3e6af.txt): role defaults,
// explicit settings, the viewCallRecordings gate, screen recordings only when the instance
// has them, agents only when agentRecordingAccess allows, and what a delete also deletes.
import { roleDefaults } from '../model/recordings.ts';
import type { Settings } from '../model/settings.ts';
import type { Recordings } from '../model/types.ts';
import type { EffectiveRecordings } from './types.ts';

export function effectiveRecordings(rec: Recordings, settings: Settings): EffectiveRecordings {
  const role = rec.role ?? 'normal';
  const base = roleDefaults(role, settings);
  const agentOff = role === 'agent' && settings.agentRecordingAccess === 'none';
  const view = !agentOff && (rec.viewCallRecordings ?? base.viewCallRecordings);
  // "View Call Recordings permission must be set to yes for any of the following to take effect."
  const gated = (v: boolean | undefined, d: boolean): boolean => view && (v ?? d);
  const deleteCallRecordings = gated(rec.deleteCallRecordings, base.deleteCallRecordings);
  const scope = !view ? 'none' : role === 'agent' ? settings.agentRecordingAccess === 'all' ? 'all' : 'own' : 'lines';
  return {
    role,
    viewCallRecordings: view,
    viewOutboundCallRecordings: gated(rec.viewOutboundCallRecordings, base.viewOutboundCallRecordings),
    viewScreenRecordings: settings.screenRecordings && gated(rec.viewScreenRecordings, base.viewScreenRecordings),
    deleteCallRecordings,
    scope,
    lines: scope === 'lines' ? [...new Set(rec.lines ?? [])].sort() : [],
    transcripts: view && settings.conversationAnalyzer,
    // "Deleting a call recording deletes an associated screen recording even if the user doesn't
    // have access to view screen recordings"; with Conversation Analyzer, transcripts too.
    deleteAlso: deleteCallRecordings ? ['screen recordings', ...(settings.conversationAnalyzer ? ['transcripts and categorization results'] : [])] : [],
  };
}

/** May this user hear recordings of this line? */
export function canAccessLine(r: EffectiveRecordings | undefined, line: string): boolean {
  if (!r || !r.viewCallRecordings) return false;
  return r.scope === 'all' || (r.scope === 'lines' && r.lines.includes(line));
}
