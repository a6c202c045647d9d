// permctl validate [DIR] [--format text|json|github] [--strict]
import { hasErrors } from '../../diagnostics/types.ts';
import { runValidate } from '../../pipeline.ts';
import { renderDiagnosticsGithub } from '../../render/diagnostics/github.ts';
import { renderDiagnosticsJson } from '../../render/diagnostics/json.ts';
import { renderDiagnosticsText, summary } from '../../render/diagnostics/text.ts';
import { paintFor } from '../../render/style.ts';
import { EXIT } from '../io.ts';
import { workspacePrefix } from '../workspace.ts';
import type { Io } from '../io.ts';
import { repositoryRoot } from '../fs-errors.ts';
import { reportDiagnostics } from '../report.ts';

export interface ValidateOptions {
  readonly format: 'text' | 'json' | 'github';
  readonly strict: boolean;
  readonly maxErrors: number;
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function validateCommand(dir: string | undefined, opts: ValidateOptions, io: Io): number {
  const root = repositoryRoot(dir, io);
  if (!root.ok) {
    reportDiagnostics([root.diagnostic], io);
    return EXIT.error;
  }
  const result = runValidate(root.value);
  const failed = hasErrors(result.diagnostics, opts.strict);
  const paint = paintFor(io.color);
  switch (opts.format) {
    case 'json':
      io.out(renderDiagnosticsJson(result.diagnostics, !failed));
      break;
    case 'github':
      if (result.diagnostics.length > 0) io.out(renderDiagnosticsGithub(result.diagnostics, { prefix: workspacePrefix(root.value, io) }));
      break;
    case 'text': {
      if (result.diagnostics.length > 0) io.out(renderDiagnosticsText(result.diagnostics, { paint, max: opts.maxErrors }));
      const m = result.validated.model;
      const counts = `${count(result.loaded.files.length, 'file')}, ${count(m.profiles.length, 'profile')}, ${count(m.users.length, 'user')}`;
      io.out(failed ? paint('red', `✗ invalid (${summary(result.diagnostics)}) — ${counts}`) : paint('green', `✓ valid — ${counts}${result.diagnostics.length > 0 ? ` (${summary(result.diagnostics)})` : ''}`));
      break;
    }
  }
  return failed ? EXIT.error : EXIT.ok;
}
