// Reads permctl's built-in policy data from policies/ (shipped with the package). This is the
// only place that knows those files' layout; everything downstream takes plain data.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jsyaml from 'js-yaml';
import { buildCatalog } from './catalog.ts';
import type { Catalog, RiskEntry } from './catalog.ts';
import type { CatalogRow } from './extract-seed.ts';
import type { DependencyRule } from '../compile/dependencies.ts';
import type { GuardrailRuleDoc } from '../model/types.ts';

export const POLICIES_DIR = new URL('../../policies/', import.meta.url);

export interface DefaultProfile {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** Declared permissions; `all` is resolved to every catalog permission. */
  readonly permissions: readonly string[];
}

export interface BaselineGuardrail {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly rules: readonly GuardrailRuleDoc[];
}

export interface Builtin {
  readonly catalog: Catalog;
  readonly defaultProfiles: readonly DefaultProfile[];
  readonly baselineGuardrails: readonly BaselineGuardrail[];
  readonly dependencyRules: readonly DependencyRule[];
  /** sha256 of the built-in policy files: part of every plan's policy fingerprint. */
  readonly fingerprint: string;
}

// permctl's own, reviewed files: read with the fast parser (same YAML 1.2 core rules; see
// load/fast-parse.ts), which start-up notices.
const sources = createHash('sha256');

function readPolicy<T>(file: string): T {
  const text = readFileSync(new URL(file, POLICIES_DIR), 'utf8');
  sources.update(`${file}\u0000${text.length}\u0000`).update(text);
  return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }) as T;
}

let cached: Builtin | undefined;

export function loadBuiltin(): Builtin {
  if (cached) return cached;
  const rows = readPolicy<{ rows: (Omit<CatalogRow, 'quirks'> & { quirks?: CatalogRow['quirks'] })[] }>('catalog.yaml').rows;
  const risk = readPolicy<{ permissions: Record<string, RiskEntry> }>('risk.yaml').permissions;
  const catalog = buildCatalog(
    rows.map((r) => ({ ...r, quirks: r.quirks ?? [] })),
    risk,
  );
  const raw = readPolicy<{ profiles: (Omit<DefaultProfile, 'permissions'> & { permissions: string[] | 'all' })[] }>('default-profiles.yaml');
  const defaultProfiles = raw.profiles.map((p) => ({ ...p, permissions: p.permissions === 'all' ? catalog.names : p.permissions }));
  const baselineGuardrails = readPolicy<{ guardrails: BaselineGuardrail[] }>('guardrails.yaml').guardrails;
  const dependencyRules = readPolicy<{ rules: DependencyRule[] }>('dependencies.yaml').rules;
  cached = { catalog, defaultProfiles, baselineGuardrails, dependencyRules, fingerprint: `sha256:${sources.digest('hex')}` };
  return cached;
}
