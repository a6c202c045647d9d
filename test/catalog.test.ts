// The catalog holds every permission row of the seed tables, with the source's quirks kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { plainText } from '../src/catalog/extract-seed.ts';
import { ROOT, runCli } from './helpers.ts';

// The table rows of policies/sources/002_…txt, copied verbatim (header and separator rows removed).
const SEED_ROWS = readFileSync(join(ROOT, 'test/data/seed-002-permission-rows.txt'), 'utf8').split('\n').filter(Boolean);
const { catalog } = loadBuiltin();

describe('catalog', () => {
  const seedRows = catalog.rows.filter((r) => r.line > 0);

  it('has one row per seed table row, in order, with the same UI and API names', () => {
    expect(seedRows).toHaveLength(SEED_ROWS.length);
    expect(SEED_ROWS).toHaveLength(132);
    SEED_ROWS.forEach((line, i) => {
      const [ui = '', api = ''] = line.split(/(?<!\\)\|/).slice(1, 3).map(plainText);
      expect(catalog.rows[i]?.ui).toBe(ui);
      expect(catalog.rows[i]?.api.join(' ')).toBe(api);
    });
  });

  it.each([
    ['Saved reports - Create', 'several-api-names'],
    ['Recorded conversations (unredacted) - Access', 'shared-api-name'],
    ['Forecast and schedule interval', 'shared-api-name'],
    ['Team calendar', 'shared-ui-name'],
    ['Restrict contact access', 'shared-ui-name'],
    ['Campaigns - View', 'no-api-name'],
  ])('flags the quirk of %s: %s', (ui, quirk) => {
    expect(catalog.rows.find((r) => r.ui === ui)?.quirks).toContain(quirk);
  });

  it('flags the second Voice ID row as a duplicate, and only that one', () => {
    const dups = catalog.rows.filter((r) => r.quirks.includes('duplicate-row'));
    expect(dups.map((r) => r.ui)).toEqual(['Voice ID - attributes and search']);
  });

  it('one API name shared by two UI names is one permission with both UI names', () => {
    expect(catalog.permissions.get('ListenCallRecordings')?.uiNames).toEqual(['Recorded conversations (unredacted) - View', 'Recorded conversations (unredacted) - Access']);
  });

  it.each([
    ['Users.EditPermission', 'high'],
    ['SecurityProfiles.Edit', 'high'],
    ['ListenCallRecordings', 'high'],
    ['DeleteCallRecordings', 'high'],
    ['DownloadCallRecordings', 'medium'],
    ['Queues.View', 'low'],
  ])('%s is %s risk', (api, risk) => {
    expect(catalog.permissions.get(api)?.risk).toBe(risk);
  });

  it('every row cites its line in the source', () => {
    const source = readFileSync(join(ROOT, 'policies/sources/002_fe9a974f038a9ec4.txt'), 'utf8').split('\n');
    for (const row of seedRows) expect(plainText(source[row.line - 1] ?? '')).toContain(row.ui);
  });

  it('every row beyond the seed cites the page it came from, and comes after the seed', () => {
    const added = catalog.rows.filter((r) => r.line === 0);
    expect(added.length).toBeGreaterThan(0);
    expect(catalog.rows.slice(SEED_ROWS.length)).toEqual(added);
    for (const row of added) expect(row.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    for (const api of added.flatMap((r) => r.api)) expect(catalog.permissions.get(api)?.origin).toBe('current');
  });

  it("knows today's recording permission and rates it by what it exposes", () => {
    // "If users have permission to view screen recordings, they can listen to the unredacted audio."
    expect(catalog.permissions.get('ScreenRecording.Access')?.risk).toBe('high');
    expect(catalog.permissions.get('QConnectAIAgents.Edit')?.rows).toEqual([134]);
  });

  // Item 9's families: today's Amazon Connect names are known (not "unknown"), each cites the
  // page, and the recording and transcript ones have risk classes by what they expose.
  it.each([
    ['CallRecordings.Unredacted.Access', 'high'],
    ['ContactTranscripts.Unredacted.Access', 'high'],
    ['AutomatedVoiceInteraction.Recordings.Unredacted.Access', 'high'],
    ['AutomatedVoiceInteraction.Transcripts.Unredacted.Access', 'high'],
    ['CallRecordings.Redacted.Access', 'medium'],
    ['ContactTranscripts.Redacted.Access', 'medium'],
    ['CallRecordings.Unredacted.DownloadButton', 'medium'],
    ['ContactTranscripts.Unredacted.DownloadButton', 'medium'],
    ['ScreenRecording.Redacted.Access', 'medium'],
    ['Workspaces.Assign', 'low'],
    ['AccessMetrics.Dashboards.Access', 'low'],
  ])("today's %s is in the catalog, cited, %s risk", (api, risk) => {
    const p = catalog.permissions.get(api);
    expect(p?.origin).toBe('current');
    expect(p?.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/connect\/latest\/adminguide\/security-profile-list\.html/);
    expect(p?.risk).toBe(risk);
  });

  it('the page misprints the redacted transcripts row: the row keeps the real name and flags the quirk', () => {
    const row = catalog.rows.find((r) => r.ui === 'Contact transcripts (redacted) - Access');
    expect(row?.api).toEqual(['ContactTranscripts.Redacted.Access']);
    expect(row?.quirks).toContain('api-name-misprinted');
  });

  it('every permission beyond the seed has a source, and every risk entry cites one', () => {
    for (const name of catalog.names) {
      const p = catalog.permissions.get(name);
      if (p?.origin === 'current') expect(p.source, name).toMatch(/^https:\/\//);
    }
  });

  it.each(['RestrictTaskCreation.Access', 'RestrictContactAccessByHierarchy.View', 'ContactRecording.Access'])('%s is a restriction: low risk, not held by Admin', (name) => {
    const p = catalog.permissions.get(name);
    expect(p?.restriction).toBe(true);
    expect(p?.risk).toBe('low');
    expect(loadBuiltin().defaultProfiles.find((d) => d.name === 'Admin')?.permissions).not.toContain(name);
  });

  it('CallCenterManager monitors with ManagerListenIn (000: the manager reviews and monitors)', () => {
    expect(loadBuiltin().defaultProfiles.find((d) => d.name === 'CallCenterManager')?.permissions).toContain('ManagerListenIn');
  });

  it('permctl catalog marks restrictions and aligns the rows without an API name', async () => {
    const text = (await runCli(['catalog'])).stdout.split('\n');
    expect(text.find((l) => l.includes('RestrictTaskCreation.Access'))).toContain('[restriction]');
    const column = (l: string | undefined): number => (l ?? '').indexOf('Routing profiles - Create') >= 0 ? (l ?? '').indexOf('Routing profiles - Create') : -1;
    const uiColumn = column(text.find((l) => l.includes('RoutingPolicies.Create')));
    expect(text.find((l) => l.includes('(no API name)'))?.indexOf('Campaigns - View')).toBe(uiColumn);
    expect(text.find((l) => l.includes('ScreenRecording.Access'))).toContain('security-profile-list');
  });

  it('permctl catalog lists every API name, as text and JSON', async () => {
    const text = await runCli(['catalog']);
    expect(text.code).toBe(0);
    for (const name of catalog.names) expect(text.stdout).toContain(name);
    const json = JSON.parse((await runCli(['catalog', '--format', 'json'])).stdout) as { permissions: { api: string }[] };
    expect(json.permissions.map((p) => p.api)).toEqual(catalog.names);
  });
});
