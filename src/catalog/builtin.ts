// Reads permctl's built-in policy data from policies/ (shipped with the package). This is the
// only place that knows those files' layout; everything downstream takes plain data.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jsyaml from 'js-yaml';
import { isPlainYaml } from '../load/plain.ts';
import { parseSubset } from '../load/subset-parse.ts';
import { buildCatalog, withExtraPermissions } from './catalog.ts';
import type { Catalog, ExtraPermission, RiskEntry, SourceRow } from './catalog.ts';
import type { Equivalence } from './equivalence.ts';
import type { CatalogRow } from './extract-seed.ts';
import type { DependencyRule } from '../compile/dependencies.ts';
import type { Escalation } from '../compile/escalation.ts';
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
  /** Who administers, and the permissions that let a user become an administrator. */
  readonly escalation: Escalation;
  /** sha256 of the built-in policy files: part of every plan's policy fingerprint. */
  readonly fingerprint: string;
  /** default-profiles.yaml as written (`all` unresolved), to resolve against an extended catalog. */
  readonly rawProfiles: readonly RawProfile[];
}

// permctl's own, reviewed files, read by every command before the repository: with the subset
// parser where a file is plain block YAML (all but one are), else js-yaml; both apply the YAML
// 1.2 core rules (load/fast-parse.ts). The subset parser reads them in a fraction of cold
// js-yaml's time, and is then warm for the repository's files.
const sources = createHash('sha256');

function readPolicy<T>(file: string): T {
  const text = readFileSync(new URL(file, POLICIES_DIR), 'utf8');
  sources.update(`${file}\u0000${text.length}\u0000`).update(text);
  const docs = isPlainYaml(text) ? parseSubset(text) : undefined;
  return (docs?.length === 1 ? docs[0] : jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA })) as T;
}

let cached: Builtin | undefined;

export function loadBuiltin(): Builtin {
  if (cached) return cached;
  type RawRow = Omit<SourceRow, 'quirks'> & { quirks?: CatalogRow['quirks'] };
  const rows = readPolicy<{ rows: RawRow[] }>('catalog.yaml').rows;
  const current = readPolicy<{ rows: RawRow[]; equivalences: Equivalence[] }>('catalog-current.yaml');
  const { permissions: risk, recordings: recordingRisks } = readPolicy<{ permissions: Record<string, RiskEntry>; recordings: Record<string, RiskEntry> }>('risk.yaml');
  const restrictions = readPolicy<{ restrictions: Record<string, { source: string }> }>('restrictions.yaml').restrictions;
  const catalog = buildCatalog(
    [...rows, ...current.rows].map((r) => ({ ...r, quirks: r.quirks ?? [] })),
    risk,
    { restrictions, equivalences: current.equivalences, recordingRisks },
  );
  const raw = readPolicy<{ profiles: RawProfile[] }>('default-profiles.yaml');
  const defaultProfiles = resolveProfiles(raw.profiles, catalog);
  const baselineGuardrails = readPolicy<{ guardrails: BaselineGuardrail[] }>('guardrails.yaml').guardrails;
  const dependencyRules = readPolicy<{ rules: DependencyRule[] }>('dependencies.yaml').rules;
  const escalation = readPolicy<Escalation>('escalation.yaml');
  cached = { catalog, defaultProfiles, baselineGuardrails, dependencyRules, escalation, fingerprint: `sha256:${sources.digest('hex')}`, rawProfiles: raw.profiles };
  return cached;
}

type RawProfile = Omit<DefaultProfile, 'permissions'> & { permissions: string[] | 'all' };

/** `all` is every permission that grants something: restrictions narrow access, so Admin
 *  ("permission to perform all actions") does not hold them. */
function resolveProfiles(raw: readonly RawProfile[], catalog: Catalog): DefaultProfile[] {
  return raw.map((p) => ({ ...p, permissions: p.permissions === 'all' ? catalog.names.filter((n) => catalog.permissions.get(n)?.restriction !== true) : p.permissions }));
}

/** The built-in policies with a repository's extra permission names (permctl.yaml
 *  `extraPermissions`) added to the catalog, and so to Admin's "every permission". */
export function withRepositoryPermissions(builtin: Builtin, extras: readonly ExtraPermission[]): Builtin {
  const catalog = withExtraPermissions(builtin.catalog, extras);
  if (catalog === builtin.catalog) return builtin;
  return { ...builtin, catalog, defaultProfiles: resolveProfiles(builtin.rawProfiles, catalog) };
}
