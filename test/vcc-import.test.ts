// Importing a VCC account's line permissions into the existing acme repository: the edited
// YAML validates, compiles to the account's lines, keeps comments; unknown lines and users
// are reported.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLinePermissions } from '../src/import/line-permissions.ts';
import { runValidate } from '../src/pipeline.ts';
import type { TargetState, UserState } from '../src/plan/state.ts';
import { ROOT, tempDir } from './helpers.ts';

const user = (login: string, lines: string[]): UserState => ({ login, securityProfiles: [], recordings: { role: 'normal', viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines } });
const ACCOUNT: TargetState = {
  profiles: [], routingProfiles: [], queues: [],
  lines: [{ id: '+15550000000', number: '+15550000000' }, { id: '+34910000000', number: '+34910000000' }, { id: '+442079460000', number: '+442079460000' }],
  users: [user('ANA@example.com', ['+34910000000', '+442079460000']), user('ben@example.com', ['+15550000000', '+442079460000']), user('chloe@example.com', ['+34910000000', '+442079460000']), user('zed@example.com', [])],
};

const hearLines = (v: ReturnType<typeof runValidate>): Set<string> => new Set(v.compiled.policy.users.filter((u) => u.recordings?.scope === 'lines').map((u) => u.login));

describe('import of line permissions into an existing repository', () => {
  it('reports an account line no repository line has', () => {
    const repo = join(ROOT, 'examples/acme');
    const v = runValidate(repo);
    const texts = new Map(v.loaded.files.map((f) => [f.file, readFileSync(join(repo, f.file), 'utf8')]));
    const account = { ...ACCOUNT, users: [user('ana@example.com', ['+15550000000', '+442079460000'])] };
    const result = importLinePermissions({ model: v.validated.model, texts, hearLines: hearLines(v), account, target: 'vcc://emea' });
    expect(result.diagnostics.filter((d) => d.code === 'PC633').map((d) => d.args)).toEqual([{ target: 'vcc://emea', line: '+15550000000', logins: ['ana@example.com'] }]);
    expect(result.files.size).toBe(0); // ana's repository lines already are [support-uk]
  });

  it('writes the account\'s lines onto the repository\'s users, and the repository then compiles to them', () => {
    const repo = join(tempDir('permctl-vcc-import-'), 'repo');
    cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
    const before = runValidate(repo);
    const texts = new Map(before.loaded.files.map((f) => [f.file, readFileSync(join(repo, f.file), 'utf8')]));
    const result = importLinePermissions({ model: before.validated.model, texts, hearLines: hearLines(before), account: ACCOUNT, target: 'vcc://emea' });
    expect([...result.files.keys()]).toEqual(['users/emea.yaml']);
    expect(result.users).toBe(1); // ana gains sales-es; chloe already matches
    expect(result.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.args)}`)).toEqual([
      'PC634 {"target":"vcc://emea","login":"ben@example.com","count":2}', // ben cannot hear recordings
      'PC632 {"target":"vcc://emea","login":"dan@example.com"}',
    ]);
    for (const [file, text] of result.files) writeFileSync(join(repo, file), text);
    const text = readFileSync(join(repo, 'users/emea.yaml'), 'utf8');
    expect(text).toContain('# yaml-language-server: $schema=');
    const after = runValidate(repo);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lines = Object.fromEntries(after.compiled.policy.users.map((u) => [u.login, u.recordings?.lines ?? []]));
    expect(lines).toEqual({ 'ana@example.com': ['sales-es', 'support-uk'], 'ben@example.com': [], 'chloe@example.com': ['sales-es', 'support-uk'], 'dan@example.com': [] });
    // Idempotent: a second import changes nothing.
    const again = importLinePermissions({ model: after.validated.model, texts: new Map(after.loaded.files.map((f) => [f.file, readFileSync(join(repo, f.file), 'utf8')])), hearLines: hearLines(after), account: ACCOUNT, target: 'vcc://emea' });
    expect(again.files.size).toBe(0);
  });
});
