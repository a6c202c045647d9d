// The words of findings a user meets (issue 9, item 11): one fixture folder per scenario, the
// exact rendered lines in expect.txt. Duplicate keys name the key and its first place; "listed
// twice" counts; no regular expressions; YAML 1.1 booleans explained; indentation errors point
// at the wrong line in plain words; one schema error does not hide the document's other findings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../src/pipeline.ts';
import { diagnosticLine } from '../src/render/diagnostics/text.ts';
import { paintFor } from '../src/render/style.ts';
import { ROOT } from './helpers.ts';

const FIXTURES = join(ROOT, 'test/fixtures/messages');

describe('messages', () => {
  it.each(readdirSync(FIXTURES).sort())('%s', (name) => {
    const dir = join(FIXTURES, name);
    const expected = readFileSync(join(dir, 'expect.txt'), 'utf8').split('\n').filter(Boolean);
    const lines = runValidate(dir).diagnostics.map((d) => diagnosticLine(d, paintFor(false)));
    expect(lines).toEqual(expected);
    for (const line of lines) expect(line).not.toMatch(/\^\[|\$\/|\\\./); // no regular expressions
  });
});
