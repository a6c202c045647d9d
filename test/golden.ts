// Golden files: compare rendered output with a committed file. UPDATE_GOLDEN=1 rewrites them
// (review the diff before committing).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './helpers.ts';

export function expectGolden(name: string, actual: string): void {
  const path = join(ROOT, 'test/golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) throw new Error(`golden file ${name} is missing`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
