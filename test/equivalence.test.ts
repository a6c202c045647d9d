// Renamed permissions: a legacy name and what Amazon Connect migrates it to are equivalent.
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { canonicalPermissions, equivalents, isCited, samePermissions } from '../src/catalog/equivalence.ts';
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

  it('every equivalence names catalog permissions, cites its source, and is either cited (with the sentence) or a decision (with the reason)', () => {
    for (const e of catalog.equivalences) {
      expect(catalog.permissions.has(e.legacy)).toBe(true);
      for (const c of e.current) expect(catalog.permissions.has(c)).toBe(true);
      expect(e.source).not.toBe('');
      if (e.basis === 'cited') {
        expect(isCited(e)).toBe(true);
        // The sentence names what the legacy permission becomes, by the UI names of the current ones.
        for (const c of e.current) for (const ui of catalog.permissions.get(c)?.uiNames ?? []) expect(e.quote).toContain(ui);
      } else {
        expect(e.basis).toBe('decision');
        expect(e.reason).toMatch(/Decision/);
      }
    }
  });

  // Amazon Connect's page, "Legacy permissions": "If you edit a security profile containing the
  // Recorded conversations (unredacted) - View permission, it will automatically be migrated to
  // contain the new corresponding permissions (Call recordings (unredacted) - Access and Contact
  // transcripts (unredacted) - Access) when you choose Save".
  it.each([
    ['ListenCallRecordings', ['CallRecordings.Unredacted.Access', 'ContactTranscripts.Unredacted.Access']],
    ['RedactedData.View', ['CallRecordings.Redacted.Access', 'ContactTranscripts.Redacted.Access']],
    ['DownloadCallRecordings', ['CallRecordings.Redacted.DownloadButton', 'CallRecordings.Unredacted.DownloadButton', 'ContactTranscripts.Unredacted.DownloadButton']],
  ])('the recording names split as the page states (cited): %s', (legacy, current) => {
    const e = catalog.equivalences.find((x) => x.legacy === legacy);
    expect(e && isCited(e)).toBe(true);
    expect(equivalents(catalog, legacy)).toEqual(current);
    // A profile saved in the console (migrated) holds the same access as the declared legacy name.
    expect(samePermissions(catalog, ['BasicAgentAccess', legacy], ['BasicAgentAccess', ...current])).toBe(true);
    expect(samePermissions(catalog, [legacy], current.slice(1))).toBe(false);
  });

  it.each(['RealTimeMetrics.Access', 'HistoricalMetrics.Access', 'AgentActivityAudit.Access'])('%s → AccessMetrics.%s is permctl\'s decision, not a citation', (legacy) => {
    const e = catalog.equivalences.find((x) => x.legacy === legacy);
    expect(e?.current).toEqual([`AccessMetrics.${legacy}`]);
    expect(e && isCited(e)).toBe(false);
  });

  it('permctl catalog shows which names count as the same, and which mappings are cited and which permctl decided', async () => {
    const text = (await runCli(['catalog'])).stdout;
    expect(text).toMatch(/ RealTimeMetrics\.Access +Real-time metrics \[same as AccessMetrics\.RealTimeMetrics\.Access; permctl's decision\]/);
    expect(text).toMatch(/ ListenCallRecordings +.*\[same as CallRecordings\.Unredacted\.Access \+ ContactTranscripts\.Unredacted\.Access; cited\]/);
    expect(text).toMatch(/ CallRecordings\.Unredacted\.Access +.*\[part of legacy ListenCallRecordings; cited\]/);
    expect(text).toContain('  ListenCallRecordings → CallRecordings.Unredacted.Access + ContactTranscripts.Unredacted.Access\n    cited: "If you edit a security profile containing the Recorded conversations (unredacted) - View permission');
    expect(text).toMatch(/ {2}RealTimeMetrics\.Access → AccessMetrics\.RealTimeMetrics\.Access\n {4}permctl's decision: /);
    expect(text).toMatch(/6 renames \(3 cited, 3 permctl's decision\)/);
    const json = JSON.parse((await runCli(['catalog', '--format', 'json'])).stdout) as { equivalences: { legacy: string; basis: string }[] };
    expect(json.equivalences.map((e) => `${e.legacy}:${e.basis}`)).toEqual(['ListenCallRecordings:cited', 'RedactedData.View:cited', 'DownloadCallRecordings:cited', 'RealTimeMetrics.Access:decision', 'HistoricalMetrics.Access:decision', 'AgentActivityAudit.Access:decision']);
  });
});
