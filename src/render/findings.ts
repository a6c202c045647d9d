// Diagnostics become the plan file's findings: data plus their rendered message, so a saved
// plan and a PR comment read the same without re-running the compiler.
import type { Diagnostic } from '../diagnostics/types.ts';
import { SEVERITY_RANK } from '../diagnostics/types.ts';
import type { Finding } from '../plan/types.ts';
import { describe } from './messages.ts';

export function toFindings(diagnostics: readonly Diagnostic[]): Finding[] {
  return [...diagnostics]
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
    .map((d) => {
      const { message, hint } = describe(d);
      return { severity: d.severity, code: d.code, message: hint === undefined ? message : `${message}; ${hint}`, file: d.file ?? null, line: d.line ?? null };
    });
}
