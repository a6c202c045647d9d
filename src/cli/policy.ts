// Shared by the commands that need a compiled policy: run load → validate → compile and,
// when the repository has errors, print them (to stderr, so stdout stays machine-readable).
import { hasErrors } from '../diagnostics/types.ts';
import { runValidate } from '../pipeline.ts';
import type { ValidateResult } from '../pipeline.ts';
import { renderDiagnosticsText, summary } from '../render/diagnostics/text.ts';
import { paintFor } from '../render/style.ts';
import { repositoryRoot } from './fs-errors.ts';
import type { Io } from './io.ts';
import { reportDiagnostics } from './report.ts';

export function compileOrReport(dir: string | undefined, io: Io): ValidateResult | undefined {
  const root = repositoryRoot(dir, io);
  if (!root.ok) {
    reportDiagnostics([root.diagnostic], io);
    return undefined;
  }
  const result = runValidate(root.value);
  if (!hasErrors(result.diagnostics)) return result;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  io.err(renderDiagnosticsText(errors, { paint: paintFor(false), max: 20 }));
  io.err(`✗ the policy repository is invalid (${summary(result.diagnostics)}); run permctl validate for details`);
  return undefined;
}
