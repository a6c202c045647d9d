// The orchestrator: chains the stages and nothing else. Each command of the CLI calls one of
// these and renders the result.
import { loadBuiltin } from './catalog/builtin.ts';
import type { Builtin } from './catalog/builtin.ts';
import type { Diagnostic } from './diagnostics/types.ts';
import { sortDiagnostics } from './diagnostics/types.ts';
import { compilePolicy } from './compile/index.ts';
import type { Compiled } from './compile/index.ts';
import { loadRepository } from './load/index.ts';
import type { LoadedRepository } from './load/index.ts';
import type { Vfs } from './load/vfs.ts';
import { nodeVfs } from './load/vfs.ts';
import { resolvePositions } from './validate/positions.ts';
import { validateRepository } from './validate/index.ts';
import type { Validated } from './validate/index.ts';

export interface ValidateResult {
  readonly builtin: Builtin;
  readonly loaded: LoadedRepository;
  readonly validated: Validated;
  readonly compiled: Compiled;
  /** Every finding of validation and compilation, located and sorted. */
  readonly diagnostics: readonly Diagnostic[];
}

/** validate and compile share one run: load → validate → compile. */
export function runValidate(root: string, vfs: Vfs = nodeVfs, onStage?: (stage: 'loading' | 'validating' | 'compiling') => void): ValidateResult {
  onStage?.('loading');
  const builtin = loadBuiltin();
  const loaded = loadRepository(vfs, root);
  onStage?.('validating');
  const validated = validateRepository(loaded, builtin);
  onStage?.('compiling');
  // The compiler tolerates what validation rejected (unknown names are skipped), so guardrail
  // and advisory findings show up in the same run as the errors.
  const compiled = compilePolicy(validated.model, validated.context.settings, builtin);
  const diagnostics = sortDiagnostics(resolvePositions([...validated.diagnostics, ...compiled.diagnostics], loaded.files));
  return { builtin, loaded, validated, compiled, diagnostics };
}
