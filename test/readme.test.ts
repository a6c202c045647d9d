// README and docs/ stand alone for a user who has only the package: every relative link
// points at a file inside the repository that exists.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const DOCS = ['README.md', 'docs/modelling.md'];

describe('documentation links', () => {
  it.each(DOCS)('%s links only to files of this repository', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const links = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1] ?? '').filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) {
      const target = join(dirname(join(ROOT, doc)), link);
      expect(relative(ROOT, target).startsWith('..'), `${link} leaves the repository`).toBe(false);
      expect(existsSync(target), `${link} exists`).toBe(true);
    }
  });
});
