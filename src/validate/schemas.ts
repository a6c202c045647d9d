// ajv, compiled once per process, with one validator per file kind. The schemas are the
// published files in schemas/, registered under their file names so their relative $refs
// resolve the same way an editor resolves them.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

export const SCHEMAS_DIR = new URL('../../schemas/', import.meta.url);

export const KIND_SCHEMA = {
  Config: 'permctl.schema.json',
  SecurityProfile: 'security-profile.schema.json',
  Users: 'users.schema.json',
  Lines: 'lines.schema.json',
  Queues: 'queues.schema.json',
  RoutingProfile: 'routing-profile.schema.json',
  Guardrail: 'guardrail.schema.json',
} as const;

export type Kind = keyof typeof KIND_SCHEMA;
export const KINDS = Object.keys(KIND_SCHEMA) as Kind[];

let validators: ReadonlyMap<Kind, ValidateFunction> | undefined;

export function validatorFor(kind: Kind): ValidateFunction {
  validators ??= compileAll();
  const v = validators.get(kind);
  if (!v) throw new Error(`no validator for kind ${kind}`);
  return v;
}

function compileAll(): ReadonlyMap<Kind, ValidateFunction> {
  // verbose: errors carry their parentSchema, which lists the known fields for suggestions.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  const load = (file: string): object => JSON.parse(readFileSync(new URL(file, SCHEMAS_DIR), 'utf8')) as object;
  ajv.addSchema(load('definitions.schema.json'), 'definitions.schema.json');
  const out = new Map<Kind, ValidateFunction>();
  for (const kind of KINDS) out.set(kind, ajv.compile(load(KIND_SCHEMA[kind])));
  return out;
}
