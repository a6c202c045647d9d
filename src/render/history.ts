// `permctl history`: the recorded applies, newest first. An apply that did not complete (a live
// target's failure half-way) says so, with what was applied, and marks each change that was not.
import type { ChangeOutcome, HistoryRecord } from '../targets/contract.ts';
import { countOutcomes } from '../targets/outcomes.ts';

/** What became of one change, when it was not applied: a suffix for its line. */
function notApplied(o: ChangeOutcome | undefined): string {
  if (o === undefined || o.status === 'applied') return '';
  if (o.status === 'failed') return `  failed${o.error === undefined ? '' : `: ${JSON.stringify(o.error.slice(0, 200))}`}`;
  return o.status === 'skipped' ? '  not attempted' : '  rolled back';
}

function statusLine(r: HistoryRecord): string[] {
  if (r.status === 'applied') return [];
  const n = countOutcomes(r.outcomes);
  return [`    ${r.status}: ${n.applied} applied, ${n.failed} failed, ${n.skipped + n['rolled-back']} not applied`];
}

/** `user`: the --user filter, so an empty answer says what it is about. */
export function renderHistoryText(records: readonly HistoryRecord[], user?: string): string {
  if (records.length === 0) return user === undefined ? 'No applies recorded.' : `No recorded apply changed user ${JSON.stringify(user)}.`;
  return records
    .map((r) => {
      const s = r.summary;
      // "unknown" is what an apply records when none of PERMCTL_ACTOR, GITHUB_ACTOR, USER is set.
      const head = `#${r.id}  ${r.appliedAt}  by ${r.actor === 'unknown' || r.actor === '' ? '(actor not recorded)' : r.actor}${r.gitCommit ? `  commit ${r.gitCommit.slice(0, 12)}` : ''}`;
      const counts = `    ${s.create} created, ${s.update} updated, ${s.delete} deleted; ${s.usersGaining} users gained and ${s.usersLosing} lost access${s.riskyGrants > 0 ? `; ${s.riskyGrants} risky grants` : ''}`;
      const outcome = new Map(r.outcomes.map((o) => [`${o.kind}\u0000${o.name}\u0000${o.action}`, o]));
      const changes = r.changes.slice(0, 10).map((c) => `    ${c.action === 'create' ? '+' : c.action === 'delete' ? '-' : '~'} ${c.kind} ${JSON.stringify(c.name)}${notApplied(outcome.get(`${c.kind}\u0000${c.name}\u0000${c.action}`))}`);
      const more = r.changes.length > 10 ? [`    … and ${r.changes.length - 10} more changes`] : [];
      return [head, ...statusLine(r), counts, ...changes, ...more, `    plan ${r.planHash.slice(0, 19)}…`].join('\n');
    })
    .join('\n\n');
}

export function renderHistoryJson(records: readonly HistoryRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
