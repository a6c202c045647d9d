// Machine-readable diagnostics: the data plus the rendered message and hint.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { describe } from '../messages.ts';

export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[], valid: boolean): string {
  const items = diagnostics.map((d) => {
    const { message, hint } = describe(d);
    return {
      code: d.code,
      severity: d.severity,
      file: d.file ?? null,
      line: d.line ?? null,
      col: d.col ?? null,
      path: d.path ?? null,
      message,
      hint: hint ?? null,
      args: d.args,
      related: d.related ? { file: d.related.file, line: d.related.line ?? null, col: d.related.col ?? null } : null,
    };
  });
  return `${JSON.stringify({ valid, diagnostics: items }, null, 2)}\n`;
}
