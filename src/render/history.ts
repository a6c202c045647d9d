// `permctl history`: the recorded applies, newest first.
import type { HistoryRecord } from '../targets/contract.ts';

/** `user`: the --user filter, so an empty answer says what it is about. */
export function renderHistoryText(records: readonly HistoryRecord[], user?: string): string {
  if (records.length === 0) return user === undefined ? 'No applies recorded.' : `No recorded apply changed user ${JSON.stringify(user)}.`;
  return records
    .map((r) => {
      const s = r.summary;
      // "unknown" is what an apply records when none of PERMCTL_ACTOR, GITHUB_ACTOR, USER is set.
      const head = `#${r.id}  ${r.appliedAt}  by ${r.actor === 'unknown' || r.actor === '' ? '(actor not recorded)' : r.actor}${r.gitCommit ? `  commit ${r.gitCommit.slice(0, 12)}` : ''}`;
      const counts = `    ${s.create} created, ${s.update} updated, ${s.delete} deleted; ${s.usersGaining} users gained and ${s.usersLosing} lost access${s.riskyGrants > 0 ? `; ${s.riskyGrants} risky grants` : ''}`;
      const changes = r.changes.slice(0, 10).map((c) => `    ${c.action === 'create' ? '+' : c.action === 'delete' ? '-' : '~'} ${c.kind} ${JSON.stringify(c.name)}`);
      const more = r.changes.length > 10 ? [`    … and ${r.changes.length - 10} more changes`] : [];
      return [head, counts, ...changes, ...more, `    plan ${r.planHash.slice(0, 19)}…`].join('\n');
    })
    .join('\n\n');
}

export function renderHistoryJson(records: readonly HistoryRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
