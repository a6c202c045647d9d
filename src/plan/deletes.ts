// "Deleting a call recording deletes an associated screen recording even if the user doesn't
// have access to view screen recordings"; with Conversation Analyzer, its transcripts too
// (004_796ebaf054c3e6af.txt). SPEC.md: "the plan says so" — for the users who gain delete.
import type { Diagnostic } from '../diagnostics/types.ts';
import type { TargetState, UserState } from './state.ts';

export function recordingDeleteFindings(desired: TargetState, current: TargetState): Diagnostic[] {
  const before = new Map<string, UserState>();
  for (const u of current.users) if (u.recordings?.deleteCallRecordings) before.set(u.login, u);
  const gaining = desired.users.filter((u) => u.recordings?.deleteCallRecordings === true && !before.has(u.login)).map((u) => u.login);
  if (gaining.length === 0) return [];
  return [{ code: 'PC505', severity: 'warning', args: { logins: gaining.slice(0, 5), count: gaining.length, screen: desired.instance?.screenRecordings ?? false, transcripts: desired.instance?.conversationAnalyzer ?? false } }];
}
