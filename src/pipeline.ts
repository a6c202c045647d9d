// The orchestrator: chains the stages and nothing else. Each command of the CLI calls one of
// these and renders the result.
import { loadBuiltin, withRepositoryPermissions } from './catalog/builtin.ts';
import type { ExtraPermission } from './catalog/catalog.ts';
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
  const loaded = loadRepository(vfs, root);
  // permctl.yaml may name permissions the catalog does not know yet: they extend it for this
  // repository (schema errors in the list are reported by validation; bad entries are skipped).
  const builtin = withRepositoryPermissions(loadBuiltin(), extraPermissionsOf(loaded));
  onStage?.('validating');
  const validated = validateRepository(loaded, builtin);
  onStage?.('compiling');
  // The compiler tolerates what validation rejected (unknown names are skipped), so guardrail
  // and advisory findings show up in the same run as the errors.
  const compiled = compilePolicy(validated.model, validated.context.settings, builtin);
  const diagnostics = sortDiagnostics(resolvePositions([...validated.diagnostics, ...compiled.diagnostics], loaded.files));
  return { builtin, loaded, validated, compiled, diagnostics };
}

const EXTRA_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

function extraPermissionsOf(loaded: LoadedRepository): ExtraPermission[] {
  const config = loaded.files.find((f) => f.file === 'permctl.yaml')?.documents[0]?.value as { extraPermissions?: unknown } | undefined;
  const list = config?.extraPermissions;
  if (!Array.isArray(list)) return [];
  return list.flatMap((e: unknown): ExtraPermission[] => (typeof e === 'string' && e.length <= 128 && EXTRA_NAME.test(e) ? [{ name: e }] : []));
}
