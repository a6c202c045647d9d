// permctl validate [DIR] [--format text|json|github] [--strict]
import { hasErrors } from '../../diagnostics/types.ts';
import { nodeVfs } from '../../load/vfs.ts';
import { runValidate } from '../../pipeline.ts';
import { VALIDATE_RENDERERS } from '../../render/registries.ts';
import type { ValidateFormat } from '../../render/registries.ts';
import { renderWith } from '../../render/registry.ts';
import { paintFor } from '../../render/style.ts';
import { EXIT } from '../io.ts';
import { workspacePrefix } from '../workspace.ts';
import { startProgress } from '../progress.ts';
import type { Io } from '../io.ts';
import { repositoryRoot } from '../fs-errors.ts';
import { reportDiagnostics } from '../report.ts';

export interface ValidateOptions {
  readonly format: ValidateFormat;
  readonly strict: boolean;
  readonly maxErrors: number;
}

export function validateCommand(dir: string | undefined, opts: ValidateOptions, io: Io): number {
  const root = repositoryRoot(dir, io);
  if (!root.ok) {
    reportDiagnostics([root.diagnostic], io);
    return EXIT.error;
  }
  const progress = startProgress(io, 'validating');
  const result = runValidate(root.value, nodeVfs, (stage) => progress.stage(stage));
  progress.done(); // before any output
  const failed = hasErrors(result.diagnostics, opts.strict);
  const m = result.validated.model;
  // Annotations name files from the workspace root (policies may live in a subfolder).
  const where = opts.format === 'github' ? { workspacePrefix: workspacePrefix(root.value, io) } : {};
  const validation = { diagnostics: result.diagnostics, failed, files: result.loaded.files.length, profiles: m.profiles.length, users: m.users.length, ...where };
  const text = renderWith(VALIDATE_RENDERERS, opts.format, validation, { paint: paintFor(io.color), maxErrors: opts.maxErrors });
  if (text !== '') io.out(text);
  return failed ? EXIT.error : EXIT.ok;
}
