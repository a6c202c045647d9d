// One validator per file kind: ajv's code for schemas/, precompiled into
// generated/validators.ts by `npm run generate` (see src/generate/validators.ts).
import type { ValidateFunction } from 'ajv';
import * as validators from './generated/validators.ts';
import type { Kind } from './kinds.ts';

const BY_KIND = validators as unknown as Readonly<Record<Kind, ValidateFunction>>;

export function validatorFor(kind: Kind): ValidateFunction {
  return BY_KIND[kind];
}
