// The hardened parse reads YAML 1.2 core values: the classic YAML 1.1 traps stay strings.
import { describe, expect, it } from 'vitest';
import { parseYamlFile } from '../src/load/parse-yaml.ts';

const value = (text: string): unknown => {
  const parsed = parseYamlFile('t.yaml', text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.documents[0]?.value;
};

describe('hardened YAML parse', () => {
  it.each([
    ['no', 'no'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['NO', 'NO'],
    ['0123', 123],
    ['"0123"', '0123'],
    ['0o17', 15],
    ['1_000', '1_000'],
    ['12:30', '12:30'],
    ['~', null],
    ['true', true],
  ])('%s reads as %j', (text, expected) => {
    expect(value(`v: ${text}\n`)).toEqual({ v: expected });
  });

  it('reads several documents and skips none', () => {
    const parsed = parseYamlFile('t.yaml', 'a: 1\n---\nb: 2\n---\n');
    expect(parsed.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }, null]);
  });

  it('allows a few aliases', () => {
    expect(value('a: &x [1, 2]\nb: *x\n')).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('locates a path, and a key, inside a document', () => {
    const parsed = parseYamlFile('t.yaml', 'a: 1\n---\nusers:\n  - login: x\n    name: y\n');
    expect(parsed.locate(1, ['users', 0, 'name'], false)).toEqual({ line: 5, col: 11 });
    expect(parsed.locate(1, ['users', 0, 'name'], true)).toEqual({ line: 5, col: 5 });
    expect(parsed.locate(1, ['users', 0, 'missing'], false)).toEqual({ line: 4, col: 5 });
  });

  it('does not let __proto__ reach an object prototype', () => {
    const parsed = parseYamlFile('t.yaml', '__proto__: {isAdmin: true}\n');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['PC107']);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
