// Phone numbers are E.164: a plus sign, a non-zero country code digit, at most 15 digits.
import type { Diagnostic } from '../../diagnostics/types.ts';
import type { Rule } from './context.ts';

const E164 = /^\+[1-9]\d{1,14}$/;

export const lineNumbers: Rule = {
  name: 'line-numbers',
  check: ({ model }) =>
    model.lines.flatMap(({ value, origin }): Diagnostic[] =>
      E164.test(value.number) ? [] : [{ code: 'PC409', severity: 'error', file: origin.file, doc: origin.doc, path: [...origin.path, 'number'], args: { number: value.number, id: value.id } }],
    ),
};
