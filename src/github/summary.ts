// The job summary: the comment's Markdown appended to the file GITHUB_STEP_SUMMARY names.
// GitHub shows at most 1 MiB per step, so an append that would pass it is refused (a warning),
// not cut mid-table.
import { appendFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/types.ts';

export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export function appendStepSummary(path: string, markdown: string): Diagnostic | null {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    size = 0; // not there yet: the append creates it
  }
  const bytes = size + Buffer.byteLength(markdown, 'utf8') + 1;
  if (bytes > STEP_SUMMARY_LIMIT) return { code: 'PC702', severity: 'warning', args: { bytes } };
  appendFileSync(path, `${markdown}\n`);
  return null;
}
