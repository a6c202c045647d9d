// Renamed permissions: a legacy name and what Amazon Connect migrates it to are equivalent.
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { canonicalPermissions, equivalents, samePermissions } from '../src/catalog/equivalence.ts';
import { runCli } from './helpers.ts';

const { catalog } = loadBuiltin();
// A one-to-several split, as data: what `equivalences` rows of that shape mean.
const split = { equivalences: [{ legacy: 'Old.Listen', current: ['New.Listen', 'New.Transcripts'], source: 'test' }] };

describe('permission equivalences', () => {
  it('one to one: RealTimeMetrics.Access and AccessMetrics.RealTimeMetrics.Access', () => {
    expect(equivalents(catalog, 'RealTimeMetrics.Access')).toEqual(['AccessMetrics.RealTimeMetrics.Access']);
    expect(equivalents(catalog, 'AccessMetrics.RealTimeMetrics.Access')).toEqual(['RealTimeMetrics.Access']);
    expect(samePermissions(catalog, ['BasicAgentAccess', 'RealTimeMetrics.Access'], ['AccessMetrics.RealTimeMetrics.Access', 'BasicAgentAccess'])).toBe(true);
    expect(samePermissions(catalog, ['RealTimeMetrics.Access'], ['HistoricalMetrics.Access'])).toBe(false);
  });

  it('one to several: the legacy name equals all of its successors, not one of them', () => {
    expect(equivalents(split, 'Old.Listen')).toEqual(['New.Listen', 'New.Transcripts']);
    expect(equivalents(split, 'New.Listen')).toEqual([]);
    expect(canonicalPermissions(split, ['Old.Listen', 'A'])).toEqual(['A', 'New.Listen', 'New.Transcripts']);
    expect(samePermissions(split, ['Old.Listen'], ['New.Transcripts', 'New.Listen'])).toBe(true);
    expect(samePermissions(split, ['Old.Listen'], ['New.Listen'])).toBe(false);
  });

  it('every equivalence names catalog permissions and cites its source', () => {
    for (const e of catalog.equivalences) {
      expect(catalog.permissions.has(e.legacy)).toBe(true);
      for (const c of e.current) expect(catalog.permissions.has(c)).toBe(true);
      expect(e.source).not.toBe('');
    }
  });

  it('permctl catalog shows which names count as the same', async () => {
    const text = (await runCli(['catalog'])).stdout;
    expect(text).toMatch(/ RealTimeMetrics\.Access +Real-time metrics \[same as AccessMetrics\.RealTimeMetrics\.Access\]/);
  });
});
