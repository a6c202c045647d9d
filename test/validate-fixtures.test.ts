// One fixture folder per diagnostic: the repository in, the exact located codes out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/diagnostics/codes.ts';
import { runValidate } from '../src/pipeline.ts';
import { positions, ROOT } from './helpers.ts';

const FIXTURES = join(ROOT, 'test/fixtures/validate');
const scenarios = readdirSync(FIXTURES).sort();

describe('validate fixtures', () => {
  it.each(scenarios)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const expected = readFileSync(join(dir, 'expect.txt'), 'utf8').split('\n').filter(Boolean);
    expect(positions(runValidate(dir).diagnostics)).toEqual(expected);
  });

  it('every validation code has a fixture (or a generated case in hostile-input.test.ts)', () => {
    const covered = new Set(scenarios.flatMap((s) => readFileSync(join(FIXTURES, s, 'expect.txt'), 'utf8').match(/PC\d+/g) ?? []));
    const generated = ['PC105', 'PC106', 'PC111'];
    const compileStage = ['PC310', 'PC402'];
    const validateCodes = Object.keys(CODES).filter((c) => /^PC[1-4]/.test(c) && !generated.includes(c) && !compileStage.includes(c));
    expect(validateCodes.filter((c) => !covered.has(c))).toEqual([]);
  });
});
