// Permission names permctl does not know yet (issue 9, item 9): declared in permctl.yaml they
// are valid and kept; importing a target that holds them writes them there, so the imported
// repository validates and plans with no changes.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unknownPermissions } from '../src/import/repository.ts';
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

describe('extraPermissions', () => {
  it('undeclared, a newer name is unknown; declared, it is valid, applied, imported and planned without changes', async () => {
    const repo = join(tempDir('permctl-extra-'), 'repo');
    cpSync(join(ROOT, 'test/fixtures/validate/valid-extra-permissions'), repo, { recursive: true });
    writeFileSync(join(repo, 'r.yaml'), 'kind: Queues\nqueues: [{name: Q}]\n---\nkind: RoutingProfile\nname: R\ndefaultOutboundQueue: Q\nqueues: [{queue: Q, priority: 1, delay: 0}]\n---\nkind: Users\nusers:\n  - {login: root@x.com, securityProfiles: [Admin], routingProfile: R}\n  - {login: r@x.com, securityProfiles: [Reviewer], routingProfile: R}\n');
    const config = readFileSync(join(repo, 'permctl.yaml'), 'utf8');
    writeFileSync(join(repo, 'permctl.yaml'), 'instance: test\n');
    expect((await runCli(['validate', repo])).stdout).toMatch(/PC301: unknown permission "CallRecordings.Listen"/);
    writeFileSync(join(repo, 'permctl.yaml'), config);
    const target = `sqlite:${join(repo, 'store.db')}`;
    expect((await runCli(['apply', repo, '--auto-approve', '--target', target])).code).toBe(0);
    const out = join(tempDir('permctl-extra-'), 'imported');
    expect((await runCli(['import', '--target', target, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'permctl.yaml'), 'utf8')).toContain('extraPermissions:\n  - CallRecordings.Listen\n  - FutureFeature.View\n');
    expect((await runCli(['validate', out])).code).toBe(0);
    const plan = await runCli(['plan', out, '--target', target, '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('unknownPermissions lists the names a state holds beyond the catalog, once, sorted', () => {
    const state = { profiles: [{ name: 'A', permissions: ['Users.View', 'Z.New', 'A.New'] }, { name: 'B', permissions: ['A.New'] }] };
    expect(unknownPermissions(state, loadBuiltin().catalog)).toEqual(['A.New', 'Z.New']);
  });
});
