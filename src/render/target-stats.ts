// `plan --stats`: the API calls a live target's read needed, one line, largest first.
import type { TargetStats } from '../targets/contract.ts';

export function renderTargetStats(stats: TargetStats | undefined): string {
  if (stats === undefined) return 'API calls: none (this target is a store, not an API)';
  const entries = Object.entries(stats.calls).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  const per = entries.map(([op, c]) => `${op} ${c}`).join(', ');
  return `API calls: ${total}${per === '' ? '' : ` (${per})`}; throttled and retried: ${stats.throttled}`;
}
