// Issue 9, "Done when": docs/modelling.md explains each modelling decision of items 1-5 with the
// source sentence behind it, and that sentence really is in the source it names; the catalog
// cites a source for every permission beyond the seed and `permctl catalog` marks restrictions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { plainText } from '../src/catalog/extract-seed.ts';
import { ROOT, runCli } from './helpers.ts';

const DOC = readFileSync(join(ROOT, 'docs/modelling.md'), 'utf8');
const SOURCES = join(ROOT, 'policies/sources');
/** A source's text as a reader sees it: Markdown escapes, links and bold removed, one line. */
const sourceText = (prefix: string): string => {
  const file = readdirSync(SOURCES).find((f) => f.startsWith(`${prefix}_`));
  expect(file, `policies/sources/${prefix}_…`).toBeDefined();
  return plainText(readFileSync(join(SOURCES, file ?? ''), 'utf8').replace(/\|/g, ' '));
};
const flat = (s: string): string => plainText(s).replace(/[“”]/g, '"');

/** The section of docs/modelling.md headed "## N. …". */
function section(n: number): string {
  const start = DOC.indexOf(`\n## ${n}. `);
  expect(start, `section ${n}`).toBeGreaterThan(0);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The quotations of a section: each blockquote paragraph (ended by a bare ">" or a line
 *  outside the quote) is one quotation, "…" — `NNN_…`. */
function quotations(text: string): { quote: string; source: string }[] {
  const groups: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (line.startsWith('>') && line.trim() !== '>') groups.at(-1)?.push(line.replace(/^>\s?/, ''));
    else if ((groups.at(-1)?.length ?? 0) > 0) groups.push([]);
  }
  return groups.filter((g) => g.length > 0).map((g) => {
    const joined = g.join(' ');
    const m = /^"(.*)"\s+—\s+`(\d{3})_…`/.exec(joined);
    expect(m, `a quotation with its source: ${joined}`).not.toBeNull();
    return { quote: m?.[1] ?? '', source: m?.[2] ?? '' };
  });
}

describe('docs/modelling.md: each decision of issue 9 items 1-5 with the sentence behind it', () => {
  it.each([1, 2, 3, 4, 5])('section %i quotes its sources word for word', (n) => {
    const qs = quotations(section(n));
    expect(qs.length).toBeGreaterThan(0);
    for (const { quote, source } of qs) {
      const text = sourceText(source);
      // A quotation may join the row's UI name and its text with " — " and skip words with " … ".
      for (const fragment of flat(quote).split(/\s(?:—|…)\s|:\s(?=[A-Z])/)) expect(text, `${source}: "${fragment}"`).toContain(fragment.trim());
    }
  });

  it.each([
    [1, ['recordingsGained', 'PC505', 'who-can', 'risk']],
    [2, ['ManagerListenIn', 'PC501', 'CallCenterManager']],
    [3, ['restrictions.yaml', 'Admin does not hold them', '[restriction]', 'widening']],
    [4, ['AgentStates.EnableAndDisable', 'dependencies.yaml', 'SecurityProfiles.View', 'Queues.View']],
    [5, ['escalation.yaml', 'who-can Admin', 'maxAdmins', 'PC601']],
  ] as const)('section %i says what permctl does and where the data is', (n, words) => {
    const text = section(n);
    for (const w of words) expect(text).toContain(w);
  });
});

describe('the catalog cites what it adds beyond the seed and marks restrictions', () => {
  const { catalog } = loadBuiltin();

  it('permctl catalog shows, for every permission beyond the seed, the page it came from', async () => {
    const lines = (await runCli(['catalog'])).stdout.split('\n');
    const added = catalog.names.filter((n) => catalog.permissions.get(n)?.origin === 'current');
    expect(added.length).toBeGreaterThan(20);
    for (const name of added) {
      const line = lines.find((l) => l.startsWith(`  ${name} `));
      expect(line, name).toBeDefined();
      expect(line).toContain(`(${catalog.permissions.get(name)?.source ?? '?'})`);
      expect(line).toMatch(/\(https:\/\/docs\.aws\.amazon\.com\/connect\//);
    }
  });

  it('permctl catalog marks exactly the restrictions, each citing its sentence in restrictions.yaml', async () => {
    const lines = (await runCli(['catalog'])).stdout.split('\n').filter((l) => /^ {2}\S/.test(l));
    const marked = lines.filter((l) => l.includes('[restriction]')).map((l) => l.trim().split(/\s+/)[0]).sort();
    const restrictions = catalog.names.filter((n) => catalog.permissions.get(n)?.restriction === true);
    expect(marked).toEqual(restrictions);
    expect(restrictions).toEqual(['ContactRecording.Access', 'RestrictContactAccessByHierarchy.View', 'RestrictTaskCreation.Access']);
    const yaml = readFileSync(join(ROOT, 'policies/restrictions.yaml'), 'utf8');
    for (const r of restrictions) expect(yaml).toMatch(new RegExp(`${r.replace('.', '\\.')}:\\n(?: +#.*\\n)* +source: "002_`));
  });
});
