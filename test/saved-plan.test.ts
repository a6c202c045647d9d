// A saved plan is an approval, not an instruction: `apply plan.json` plans again from the
// repository and the target and applies only what was approved. Every tampered plan file is
// refused, naming the first difference, and leaves the store as it was.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.ts';

let dir: string;
let repo: string;
let target: string;
let planFile: string;

type PlanJson = Record<string, unknown> & { changes: Record<string, unknown>[] };

const cli = (...args: string[]) => runCli(args, { cwd: repo });
const edit = (file: string, from: string, to: string): void => {
  const path = join(repo, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
};
/** What the store would be asked to change now: the plan's changes, as JSON. */
const pending = async (): Promise<string> => {
  const r = await cli('plan', '--target', target, '--format', 'json');
  return JSON.stringify((JSON.parse(r.stdout) as PlanJson).changes);
};
const historyCount = async (): Promise<number> => (JSON.parse((await cli('history', '--target', target, '--format', 'json')).stdout) as unknown[]).length;

beforeEach(async () => {
  dir = tempDir('permctl-saved-');
  repo = join(dir, 'repo');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
  target = `sqlite:${join(dir, 'store.db')}`;
  expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(0);
  // The reviewed change: supervisors gain Users.Edit.
  edit('profiles/supervisors.yaml', '  - RealTimeMetrics.Access', '  - RealTimeMetrics.Access\n  - Users.Edit');
  planFile = join(repo, 'plan.json');
  expect((await cli('plan', '--target', target, '--out', planFile)).code).toBe(0);
});

const change = (p: PlanJson, i = 0): Record<string, unknown> & { after: Record<string, unknown> } => p.changes[i] as Record<string, unknown> & { after: Record<string, unknown> };

interface Tamper {
  readonly name: string;
  readonly edit: (p: PlanJson) => unknown;
  readonly code: string;
  readonly says?: RegExp;
}

/** Hand edits of the plan file, as an attacker passing it between CI jobs would make them. */
const TAMPERS: readonly Tamper[] = [
  { name: 'a user put on Admin', edit: (p) => p.changes.push({ kind: 'user', name: 'ben@example.com', action: 'update', before: null, after: { login: 'ben@example.com', securityProfiles: ['Admin'] } }), code: 'PC640', says: /change 2: the saved plan has update user "ben@example\.com", a fresh plan has none/ },
  { name: 'an unknown user created with Admin', edit: (p) => p.changes.unshift({ kind: 'user', name: 'mallory', action: 'create', before: null, after: { login: 'mallory', securityProfiles: ['Admin'] } }), code: 'PC640', says: /change 1/ },
  { name: 'an unknown permission added', edit: (p) => (change(p).after.permissions as string[]).push('Secret.Backdoor'), code: 'PC640', says: /change 1 \(update profile "SupervisorEMEA"\): after differs/ },
  { name: 'Admin added to the profile being changed', edit: (p) => (change(p).after.permissions as string[]).push('Users.EditPermission', 'SecurityProfiles.Edit'), code: 'PC640' },
  { name: 'the approved change replaced by a removal of the last administrator', edit: (p) => (p.changes[0] = { kind: 'user', name: 'dan@example.com', action: 'update', before: null, after: { login: 'dan@example.com', securityProfiles: ['Agent'] } }), code: 'PC640' },
  { name: 'a change dropped', edit: (p) => p.changes.pop(), code: 'PC640', says: /the saved plan has none, a fresh plan has update profile/ },
  { name: 'action changed to delete', edit: (p) => (change(p).action = 'delete'), code: 'PC640', says: /action differs/ },
  { name: 'a change duplicated', edit: (p) => p.changes.push(p.changes[0] ?? {}), code: 'PC640' },
  { name: 'policy fingerprint zeroed', edit: (p) => (p.policyFingerprint = `sha256:${'0'.repeat(64)}`), code: 'PC640', says: /policy fingerprint differs/ },
  { name: 'target fingerprint zeroed', edit: (p) => (p.targetFingerprint = `sha256:${'0'.repeat(64)}`), code: 'PC603' },
  { name: 'target edited to another store', edit: (p) => (p.target = `sqlite:${join(dir, 'other.db')}`), code: 'PC610' },
  { name: 'target edited to a path outside', edit: (p) => (p.target = 'sqlite:/tmp/../etc/permctl.db'), code: 'PC610' },
  { name: 'instance edited', edit: (p) => (p.instance = 'other-prod'), code: 'PC640', says: /instance/ },
  { name: 'a __proto__ key in a change', edit: (p) => Object.defineProperty(change(p), '__proto__', { value: { action: 'delete' }, enumerable: true }), code: 'PC640' },
  { name: 'changes not a list', edit: (p) => (p.changes = {} as never), code: 'PC605' },
  { name: 'a change that is not an object', edit: (p) => (p.changes[0] = 'drop table' as never), code: 'PC640' },
  { name: 'format version from the future', edit: (p) => (p.format_version = '9.0'), code: 'PC605' },
];

describe('a saved plan is an approval, not an instruction', () => {
  it('the approved plan applies, and afterwards nothing is pending', async () => {
    const r = await cli('apply', planFile, '--target', target);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await pending())).toEqual([]);
  });

  it.each(TAMPERS)('tampered: $name', async (t) => {
    const before = await pending();
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as PlanJson;
    t.edit(plan);
    writeFileSync(planFile, JSON.stringify(plan));
    const r = await cli('apply', planFile, '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`error ${t.code}: `));
    if (t.says) expect(r.stderr).toMatch(t.says);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(await pending()).toBe(before);
    expect(await historyCount()).toBe(1);
  });

  it('the store changed since the plan: stale (PC603)', async () => {
    edit('users/emea.yaml', 'name: Ben Okafor', 'name: Ben O.');
    expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(0);
    edit('users/emea.yaml', 'name: Ben O.', 'name: Ben Okafor');
    const r = await cli('apply', planFile, '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC603: /);
  });

  it('the repository changed since the plan: refused (PC640)', async () => {
    edit('users/emea.yaml', 'name: Ben Okafor', 'name: Ben O.');
    const r = await cli('apply', planFile, '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC640: .*policy fingerprint differs/);
  });

  it('safety rules run at apply: a plan made with --allow-mass-revoke needs it again', async () => {
    for (const f of ['profiles/supervisors.yaml', 'profiles/admins.yaml']) edit(f, 'permissions:', 'permissions: []\nx-removed:');
    const mass = await cli('plan', '--target', target, '--out', planFile, '--allow-mass-revoke');
    if (mass.code !== 0) return expect(mass.stderr).toMatch(/error PC(20\d|60[12]): /); // the repository itself is refused
    const r = await cli('apply', planFile, '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC60[12]: /);
  });

  it('no target given: the plan\'s own is not followed (PC610)', async () => {
    const r = await cli('apply', planFile);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC610: /);
    expect(await historyCount()).toBe(1);
  });

  it('applied from outside a repository: refused (PC640)', async () => {
    const r = await runCli(['apply', planFile, '--target', target], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC640: .*no permctl\.yaml here/);
  });
});

describe('a plan set (several targets): re-planned whole, compared section by section', () => {
  const TWO = 'targets:\n  - url: sqlite:.permctl/a.db\n  - url: sqlite:.permctl/b.db\n';
  let set: string;
  beforeEach(async () => {
    const path = join(repo, 'permctl.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('target: sqlite:.permctl/acme-prod.db\n', TWO));
    set = join(repo, 'set.json');
    expect((await cli('plan', '--out', set)).code).toBe(0);
  });
  type SetJson = { plans: PlanJson[] };
  const tamperSet = (fn: (p: SetJson) => void): void => {
    const p = JSON.parse(readFileSync(set, 'utf8')) as SetJson;
    fn(p);
    writeFileSync(set, JSON.stringify(p));
  };

  it('the approved set applies to both targets', async () => {
    const r = await cli('apply', set);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/Apply complete/g)).toHaveLength(2);
  });

  it('the second section tampered: refused naming it (PC640), nothing applied to either', async () => {
    tamperSet((p) => p.plans[1]?.changes.pop());
    const r = await cli('apply', set);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC640: .*sqlite:.*b\.db: change \d+/);
    expect(r.stdout).not.toMatch(/Apply complete/);
  });

  it('a section redirected to another target: refused (PC610), the plan\'s own target is not followed', async () => {
    tamperSet((p) => p.plans[1] && (p.plans[1].target = `sqlite:${join(dir, 'elsewhere.db')}`));
    const r = await cli('apply', set);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC610: /);
  });
});

export const TAMPERED_PLAN_CASES = TAMPERS.length;
