// `permctl history`: the recorded applies, newest first.
import type { HistoryRecord } from '../targets/contract.ts';

export function renderHistoryText(records: readonly HistoryRecord[]): string {
  if (records.length === 0) return 'No applies recorded.';
  return records
    .map((r) => {
      const s = r.summary;
      const head = `#${r.id}  ${r.appliedAt}  by ${r.actor}${r.gitCommit ? `  commit ${r.gitCommit.slice(0, 12)}` : ''}`;
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
