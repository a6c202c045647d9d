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

  it('every validate and compile code has a fixture (or a case in another test)', () => {
    const covered = new Set(scenarios.flatMap((s) => readFileSync(join(FIXTURES, s, 'expect.txt'), 'utf8').match(/PC\d+/g) ?? []));
    // PC105/106/111: hostile-input.test.ts; PC402/504: dependencies.test.ts (need a synthetic
    // catalog or rule set); PC505 is a plan finding: plan.test.ts.
    // PC120–PC126: hostile-corpus.test.ts (links, FIFOs, bytes and sizes a fixture folder cannot hold).
    const elsewhere = ['PC105', 'PC106', 'PC111', 'PC402', 'PC504', 'PC505', 'PC120', 'PC121', 'PC122', 'PC123', 'PC124', 'PC125', 'PC126'];
    const codes = Object.keys(CODES).filter((c) => /^PC[1-5]/.test(c) && !elsewhere.includes(c));
    expect(codes.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('every guardrail rule type has a passing and a failing fixture', () => {
    for (const code of ['PC510', 'PC511', 'PC512', 'PC513', 'PC514']) {
      expect(scenarios.filter((s) => s.startsWith(code)).map((s) => s.replace(/^.*-/, '')).sort()).toEqual(['fail', 'pass']);
    }
  });
});
