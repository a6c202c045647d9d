// Validate stage: shape (ajv) then semantics (named rules), over the loaded repository.
import type { Builtin } from '../catalog/builtin.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { hasErrors } from '../diagnostics/types.ts';
import type { LoadedRepository } from '../load/index.ts';
import { settingsOf } from '../model/settings.ts';
import type { PolicyModel } from '../model/types.ts';
import { buildModel } from './build-model.ts';
import type { RuleContext } from './rules/context.ts';
import { RULES } from './rules/index.ts';

export interface Validated {
  readonly model: PolicyModel;
  readonly context: RuleContext;
  readonly diagnostics: readonly Diagnostic[];
}

export function validateRepository(loaded: LoadedRepository, builtin: Builtin): Validated {
  const { model, diagnostics: shape, excluded } = buildModel(loaded.files, builtin.catalog);
  const context: RuleContext = {
    model,
    catalog: builtin.catalog,
    settings: settingsOf(model),
    builtinProfiles: new Set(builtin.defaultProfiles.map((p) => p.name)),
    baselineGuardrails: new Set(builtin.baselineGuardrails.map((g) => g.name)),
  };
  const broken = excluded > 0 || hasErrors(loaded.diagnostics);
  const semantic = RULES.filter((r) => !(broken && r.references)).flatMap((r) => r.check(context));
  return { model, context, diagnostics: [...loaded.diagnostics, ...shape, ...semantic] };
}
