// `file:line:col: error CODE: message; hint` — one finding per line, the shape compilers use,
// so editors and CI logs turn them into links. Capped, with an "and N more" line.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { lineStart } from '../inert.ts';
import { describe } from '../messages.ts';
import type { Paint } from '../style.ts';

export interface TextOptions {
  readonly paint: Paint;
  readonly max: number;
}

export function location(d: Diagnostic): string {
  if (d.file === undefined) return 'permctl';
  return `${lineStart(d.file)}:${d.line ?? 1}:${d.col ?? 1}`;
}

export function diagnosticLine(d: Diagnostic, paint: Paint): string {
  const { message, hint } = describe(d);
  const sev = d.severity === 'error' ? paint('red', 'error') : d.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'info');
  return `${location(d)}: ${sev} ${d.code}: ${message}${hint === undefined ? '' : `; ${hint}`}`;
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const count = (s: Diagnostic['severity']): number => diagnostics.filter((d) => d.severity === s).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('info'), 'note'],
  ] as const;
  return parts.map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`).join(', ');
}

export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], opts: TextOptions): string {
  const shown = diagnostics.slice(0, opts.max);
  const lines = shown.map((d) => diagnosticLine(d, opts.paint));
  if (diagnostics.length > shown.length) lines.push(`... and ${diagnostics.length - shown.length} more`);
  return lines.join('\n');
}
