// The fast path (js-yaml + event positions) must agree with the hardened `yaml` parse on every
// value, every diagnostic and every position, on every fixture, the examples, generated
// repositories and random documents.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateRepo, sizeFor } from '../bench/generate.ts';
import type { DocPath } from '../src/diagnostics/types.ts';
import { parseFile } from '../src/load/fast-parse.ts';
import { isPlainYaml } from '../src/load/plain.ts';
import { parseYamlFile } from '../src/load/parse-yaml.ts';
import { ROOT, tempDir } from './helpers.ts';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every path in a value, each with whether it is a mapping key. */
function paths(value: unknown, prefix: DocPath = []): [DocPath, boolean][] {
  if (Array.isArray(value)) return [[prefix, false], ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') {
    return [[prefix, false], ...Object.entries(value).flatMap(([k, v]) => [[[...prefix, k], true] as [DocPath, boolean], ...paths(v, [...prefix, k])])];
  }
  return [[prefix, false]];
}

function expectSame(file: string, text: string): void {
  const fast = parseFile(file, text);
  const reference = parseYamlFile(file, text);
  expect(fast.documents, file).toEqual(reference.documents);
  expect(fast.diagnostics, file).toEqual(reference.diagnostics);
  for (const doc of reference.documents) {
    for (const [path, atKey] of paths(doc.value)) {
      expect(fast.locate(doc.index, path, atKey), `${file} ${path.join('/')}`).toEqual(reference.locate(doc.index, path, atKey));
    }
    expect(fast.locate(doc.index, [...paths(doc.value).at(-1)![0], 'missing', 3], false)).toEqual(reference.locate(doc.index, [...paths(doc.value).at(-1)![0], 'missing', 3], false));
  }
}

describe('fast path and hardened parse agree', () => {
  const files = [...yamlFiles(join(ROOT, 'test/fixtures')), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'policies'))];

  it.each(files.map((f) => [f.slice(ROOT.length), f]))('%s', (_name, path) => {
    expectSame(path, readFileSync(path, 'utf8'));
  });

  it('on a generated 1,000-user repository, every file takes the fast path and agrees', () => {
    const dir = tempDir('permctl-gen-');
    generateRepo(dir, sizeFor(1000));
    const generated = yamlFiles(dir);
    expect(generated.length).toBeGreaterThan(5);
    for (const f of generated) {
      const text = readFileSync(f, 'utf8');
      expect(isPlainYaml(text), f).toBe(true);
      expectSame(f, text);
    }
  });

  const key = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_ .@-]{0,12}$/);
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constantFrom('no', 'yes', '0123', '1_000', '0o17', '0x1F', '.inf', '~', '', ' lead', 'a: b', '- x', '"q"', "it's", 'é €', 'line\nbreak'));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
  })).node;

  it('on random documents written by yaml and by js-yaml, in block and flow styles', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), { minLength: 1, maxLength: 3 }), fc.constantFrom('yaml', 'yaml-flow', 'js-yaml', 'js-yaml-flow'), (docs, writer) => {
        const text = docs
          .map((d) =>
            writer.startsWith('yaml')
              ? stringify(d, { collectionStyle: writer === 'yaml-flow' ? 'flow' : 'any', lineWidth: 0 })
              : jsyaml.dump(d, { flowLevel: writer === 'js-yaml-flow' ? 1 : -1, lineWidth: -1 }),
          )
          .join('---\n');
        if (isPlainYaml(text)) plain++;
        expectSame('random.yaml', text);
      }),
      { numRuns: 300 },
    );
    // The property is only worth something if most documents really take the fast path.
    expect(plain).toBeGreaterThan(100);
  });
});
