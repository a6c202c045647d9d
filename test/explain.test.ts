// explain and who-can answer with reasons, not only names.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

describe('permctl explain', () => {
  it('explains a user permission by permission, with chains', async () => {
    const r = await runCli(['explain', 'ana@example.com', 'examples/acme']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('RoutingPolicies.View\n      via SupervisorEMEA: implied by RoutingPolicies.Edit (rule edit-implies-view) ← RoutingPolicies.Edit declared in SupervisorEMEA');
    expect(r.stdout).toContain('via SupervisorEMEA: SupervisorEMEA extends Agent ← BasicAgentAccess in built-in profile Agent');
    expect(r.stdout).toContain('recordings: role nominee; view yes, outbound yes, screen no, delete no; lines support-uk; transcripts yes');
  });

  it('finds users case-insensitively and profiles by name, as JSON too', async () => {
    const j = JSON.parse((await runCli(['explain', 'ANA@example.com', 'examples/acme', '--format', 'json'])).stdout) as { permissions: { name: string; via: { profile: string; chain: { reason: { type: string } }[] }[] }[] };
    const view = j.permissions.find((p) => p.name === 'RoutingPolicies.View');
    expect(view?.via[0]?.chain.map((s) => s.reason.type)).toEqual(['implied', 'declared']);
    const p = await runCli(['explain', 'IdentityAdmin', 'examples/acme']);
    expect(p.stdout).toContain('Users.Edit [high risk]\n      via IdentityAdmin: implied by Users.EditPermission (rule edit-permission-implies-edit) ← Users.EditPermission declared in IdentityAdmin');
  });

  it('an unknown name exits 1 with suggestions', async () => {
    const r = await runCli(['explain', 'SupervisorEMA', 'examples/acme']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did you mean "SupervisorEMEA"');
  });
});

describe('permctl who-can', () => {
  it('lists holders and the profile each holds it through', async () => {
    const r = await runCli(['who-can', 'ListenCallRecordings', 'examples/acme']);
    expect(r.stdout).toBe('2 users can ListenCallRecordings\n  chloe@example.com\n      via Compliance: declared in Compliance\n  dan@example.com\n      via Admin: in built-in profile Admin\n');
  });

  it('follows implications: Users.View through Users.Create', async () => {
    const r = await runCli(['who-can', 'Users.View', 'examples/acme', '--format', 'json']);
    const j = JSON.parse(r.stdout) as { holders: { login: string; via: { profile: string; chain: { permission: string }[] }[] }[] };
    expect(j.holders.map((h) => h.login)).toEqual(['dan@example.com']);
  });

  it('--line keeps users whose recording access covers the line', async () => {
    expect((await runCli(['who-can', 'viewCallRecordings', 'examples/acme', '--line', 'support-uk'])).stdout).toMatch(/^2 users can viewCallRecordings on line support-uk\n {2}ana@example\.com\n[\s\S]* {2}chloe@example\.com/);
    expect((await runCli(['who-can', 'viewCallRecordings', 'examples/acme', '--line', 'sales-es'])).stdout).toMatch(/^1 user can viewCallRecordings on line sales-es\n {2}chloe@example\.com/);
  });

  it('answers a UI name with the API name, and an unknown line with exit 1', async () => {
    const ui = await runCli(['who-can', 'Users - Edit', 'examples/acme']);
    expect(ui.code).toBe(1);
    expect(ui.stderr).toContain('"Users - Edit" is a UI name; use the API name Users.Edit');
    expect((await runCli(['who-can', 'ListenCallRecordings', 'examples/acme', '--line', 'nope'])).code).toBe(1);
  });
});

describe('escalation: who can become an administrator (issue 9, item 5)', () => {
  const dir = 'test/fixtures/validate/PC514-max-admins-pass';

  it('who-can Admin lists administrators first, then who can make themselves one, and through what', async () => {
    const r = await runCli(['who-can', 'Admin', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      '2 users administer the instance or can become an administrator',
      '  root@x.com',
      '      administrator: holds Users.EditPermission and SecurityProfiles.Edit',
      '  helpdesk@x.com',
      '      can become an administrator through Users.Edit, Users.EditPermission: can give any user, themselves included, full access',
      '',
    ].join('\n'));
  });

  it('explain says so for the user', async () => {
    expect((await runCli(['explain', 'helpdesk@x.com', dir])).stdout).toContain('  can become an administrator through Users.Edit, Users.EditPermission');
    expect((await runCli(['explain', 'a@x.com', dir])).stdout).not.toContain('administrator');
  });
});

describe('who-can knows renamed permissions (issue 9, item 9)', () => {
  const dir = 'test/fixtures/who-can/renamed';
  const ask = async (name: string): Promise<string> => (await runCli(['who-can', name, dir])).stdout;

  it('asked by a new name, lists who holds it under the legacy name, and says so', async () => {
    expect(await ask('CallRecordings.Unredacted.Access')).toBe([
      '3 users can CallRecordings.Unredacted.Access',
      '  audio@x.com',
      '      via AudioOnly: declared in AudioOnly',
      '  legacy@x.com',
      '      via LegacyListener as ListenCallRecordings (the same permission, renamed): declared in LegacyListener',
      '  migrated@x.com',
      '      via MigratedListener: declared in MigratedListener',
      '',
    ].join('\n'));
    expect(await ask('AccessMetrics.RealTimeMetrics.Access')).toContain('  legacy@x.com\n      via OldMetrics as RealTimeMetrics.Access (the same permission, renamed)');
  });

  it('asked by a legacy name split in several, lists who holds all of its successors, not one of them', async () => {
    const out = await ask('ListenCallRecordings');
    expect(out).toMatch(/^2 users can ListenCallRecordings\n/);
    expect(out).toContain('  migrated@x.com\n      via MigratedListener as CallRecordings.Unredacted.Access + ContactTranscripts.Unredacted.Access (the same permission, renamed)');
    expect(out).not.toContain('audio@x.com');
  });
});
