// Printing diagnostics from commands other than validate: text lines on stderr, so stdout
// carries only the command's output (a plan, JSON) and can be piped.
import type { Diagnostic } from '../diagnostics/types.ts';
import { renderDiagnosticsText } from '../render/diagnostics/text.ts';
import { paintFor } from '../render/style.ts';
import type { Io } from './io.ts';

export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: Io, onlyErrors = true): void {
  const shown = onlyErrors ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  if (shown.length > 0) io.err(renderDiagnosticsText(shown, { paint: paintFor(false), max: 50 }));
}
