// What every semantic rule sees: the model, the catalog and the instance settings.
import type { Catalog } from '../../catalog/catalog.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import type { Settings } from '../../model/settings.ts';
import type { PolicyModel } from '../../model/types.ts';

export type { Settings };

export interface RuleContext {
  readonly model: PolicyModel;
  readonly catalog: Catalog;
  readonly settings: Settings;
  /** Names of the built-in default profiles (Admin, Agent, …). */
  readonly builtinProfiles: ReadonlySet<string>;
  /** Names of the baseline guardrails shipped in policies/. */
  readonly baselineGuardrails: ReadonlySet<string>;
}

export interface Rule {
  readonly name: string;
  /** Reference rules are skipped while the repository has shape errors: a document that
   *  failed its schema is not in the model, and every reference to it would be reported. */
  readonly references?: boolean;
  readonly check: (ctx: RuleContext) => Diagnostic[];
}
