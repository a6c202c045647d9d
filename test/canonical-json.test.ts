// canonicalJson is written out by hand (src/plan/fingerprint.ts) for speed and memory; it must
// give exactly what the original definition gives: JSON.stringify with a replacer that
// rebuilds every object from its sorted entries. canonicalHash must be sha256 of that text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson, sha256 } from '../src/plan/fingerprint.ts';

const reference = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

describe('canonicalJson', () => {
  it('equals the reference definition on arbitrary values, and canonicalHash hashes it', () => {
    const anything = fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withObjectString: true, withUnicodeString: true });
    fc.assert(
      fc.property(anything, (v) => {
        const text = reference(v);
        expect(canonicalJson(v)).toBe(text);
        if (text !== undefined) expect(canonicalHash(v)).toBe(sha256(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals the reference on long lists (written a slice at a time by JSON.stringify itself)', () => {
    const item = fc.oneof(
      fc.anything({ withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withDate: true, withUnicodeString: true, maxDepth: 2 }),
      fc.dictionary(fc.constantFrom('login', 'name', '2', '10', '__proto__', 'é', 'a', 'B', 'toString', 'length'), fc.oneof(fc.string(), fc.integer(), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }))),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 51, maxLength: 1300 }), fc.boolean(), (list, sparse) => {
        // A sparse list: a hole at index 3.
        const v: unknown[] = sparse ? new Array<unknown>(list.length) : list;
        if (sparse) list.forEach((x, i) => i !== 3 && (v[i] = x));
        const text = reference({ changes: v });
        expect(canonicalJson({ changes: v })).toBe(text);
        expect(canonicalHash({ changes: v })).toBe(sha256(text));
      }),
      { numRuns: 60 },
    );
  });

  it('orders keys by code unit, integer-like keys first, and drops undefined fields', () => {
    const v = { b: 1, a: [undefined, () => 0, 'x'], '10': 0, '2': 0, 'é': 1, '\u{1F600}': 2, '\uFFFF': 3, u: undefined, d: new Date(0) };
    expect(canonicalJson(v)).toBe(reference(v));
    expect(canonicalJson(v)).toBe('{"2":0,"10":0,"a":[null,null,"x"],"b":1,"d":"1970-01-01T00:00:00.000Z","é":1,"\u{1F600}":2,"\uFFFF":3}');
  });

  it('hashes text longer than one chunk the same as in one piece', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => ({ login: `user.${i}@example.com`, name: `Zoë ${i}`, securityProfiles: ['Agent', `P-${i % 7}`] }));
    expect(canonicalHash({ changes: big })).toBe(sha256(reference({ changes: big })));
    expect(canonicalJson({ changes: big })).toBe(reference({ changes: big }));
  });
});
