// The GitOps loop on the example repository against a real SQLite store: plan, apply, plan
// again; stale plans; an injected failure; the safety rules; import; history.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../src/render/plan/escape.ts';
import { createSqliteTarget } from '../src/targets/sqlite/index.ts';
import { expectGolden } from './golden.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

let repo: string;
let db: string;
let target: string;

beforeEach(() => {
  const dir = tempDir('permctl-loop-');
  repo = join(dir, 'repo');
  cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
  db = join(dir, 'store.db');
  target = `sqlite:${db}`;
});

const cli = (...args: string[]) => runCli(args, { cwd: repo, env: { PERMCTL_ACTOR: 'ci-bot' } });
const edit = (file: string, from: string, to: string): void => {
  const path = join(repo, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};
const snapshot = async () => {
  const t = createSqliteTarget({ path: db, create: false });
  try {
    return { ...(await t.read()), history: await t.history?.query({ limit: 100 }) };
  } finally {
    await t.close();
  }
};
/** Temp paths and clocks vary; golden files hold placeholders. */
const normalise = (text: string): string => text.replaceAll(db, '<STORE>').replaceAll(escapeMarkdown(db), '<STORE>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<TIME>').replace(/sha256:[0-9a-f]{64}/g, 'sha256:<HASH>');

describe('plan → apply → plan', () => {
  it('shows changes (exit 2), applies them, then shows "No changes." (exit 0)', async () => {
    const first = await cli('plan', '--target', target, '--detailed-exitcode');
    expect(first.code).toBe(2);
    expectGolden('plan-acme-initial.txt', normalise(first.stdout));
    expectGolden('plan-acme-initial.md', normalise((await cli('plan', '--target', target, '--format', 'markdown')).stdout));
    const applied = await cli('apply', '.', '--auto-approve', '--target', target);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Apply complete: \d+ created, 0 updated, 0 deleted\. Recorded as history #1\./);
    const again = await cli('plan', '--target', target, '--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes. The target matches the policy.');
  });

  it('a change gives exit 2, and the plan says who gains what', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    edit('profiles/supervisors.yaml', '  - RealTimeMetrics.Access', '  - RealTimeMetrics.Access\n  - Users.Edit');
    const r = await cli('plan', '--target', target, '--detailed-exitcode');
    expect(r.code).toBe(2);
    expectGolden('plan-acme-update.txt', normalise(r.stdout));
    expectGolden('plan-acme-update.md', normalise((await cli('plan', '--target', target, '--format', 'markdown')).stdout));
  });

  it('a saved plan applies to its target, from the repository (where it is planned again and verified)', async () => {
    expect((await cli('plan', '--target', target, '--out', 'plan.json')).code).toBe(0);
    const r = await runCli(['apply', join(repo, 'plan.json'), '--target', target], { cwd: repo });
    expect(r.code).toBe(0);
    expect((await snapshot()).history).toHaveLength(1);
  });
});

describe('unmanaged objects (unmanaged: report) mean the target does not match the policy', () => {
  // Issue 9 item 12: a plan or apply that leaves an unmanaged user in place must not end
  // with "No changes. The target matches the policy." (text, Markdown, apply, PR comment).
  it('plan (text and Markdown), apply of the directory and of a saved plan, and the comment say so', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    const users = 'users/emea.yaml';
    const text = readFileSync(join(repo, users), 'utf8');
    writeFileSync(join(repo, users), text.replace(/ {2}- login: ben@example\.com\n(?: {4}.*\n)+/, ''));
    const plan = await cli('plan', '--target', target, '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('? user "ben@example.com" exists in the target but not in git (unmanaged: report)');
    expect(plan.stdout).toContain('No changes to apply, but the target does not match the policy: 1 unmanaged object is in the target and not in git');
    const md = (await cli('plan', '--target', target, '--format', 'markdown')).stdout;
    expect(md).toContain('**No changes to apply**, but 1 unmanaged object is in the target and not in git.');
    const applied = await cli('apply', '.', '--auto-approve', '--target', target);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('No changes to apply, but the target does not match the policy: 1 unmanaged object');
    expect((await cli('plan', '--target', target, '--out', 'plan.json')).code).toBe(0);
    const saved = await cli('apply', 'plan.json', '--target', target);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('No changes to apply, but the target does not match the policy');
    const comment = await cli('comment', '--plan', 'plan.json', '--no-post');
    expect(comment.stdout).toContain('**No changes to apply**, but 1 unmanaged object is in the target and not in git.');
    for (const out of [plan.stdout, md, applied.stdout, saved.stdout, comment.stdout]) expect(out).not.toContain('matches the policy');
  });
});

describe('stores are created by apply only', () => {
  it('plan, history and import against a missing store say it is empty and create nothing', async () => {
    const p = await cli('plan', '--target', target);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain(`info PC608: target sqlite:${db}: the store is empty; apply will create it`);
    const h = await cli('history', '--target', target);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('No applies recorded.');
    expect(h.stderr).toContain('the store is empty; apply will create it');
    expect(existsSync(db)).toBe(false);
    expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });
});

describe('saved plans name their target by identity', () => {
  it('records the identity (no secrets) and refuses --target naming another store (PC610)', async () => {
    expect((await cli('plan', '--target', 'sqlite:store.db', '--out', 'plan.json')).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(repo, 'plan.json'), 'utf8')) as { target: string };
    expect(saved.target).toBe(`sqlite:${join(repo, 'store.db')}`);
    const other = await cli('apply', 'plan.json', '--target', target);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`error PC610: this plan was made for sqlite:${join(repo, 'store.db')}, but the target given is sqlite:${db}`);
    expect(existsSync(db)).toBe(false);
    // The same store, written differently, is the same identity.
    expect((await cli('apply', 'plan.json', '--target', `sqlite:${join(repo, 'store.db')}`)).code).toBe(0);
  });
});

describe('safety', () => {
  it('a saved plan applied after someone else applied a change is refused as stale, store untouched', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    edit('routing/queues.yaml', '  - name: Basic Support', '  - name: Basic Support\n  - name: Overflow');
    expect((await cli('plan', '--target', target, '--out', 'mine.json')).code).toBe(0);
    edit('lines.yaml', '    description: Spanish sales line', '    description: Spanish sales');
    expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(0); // someone else
    const before = await snapshot();
    const stale = await cli('apply', 'mine.json', '--target', target);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/error PC603: saved plan is stale: the target changed since this plan was made, so it is not applied; run permctl plan again/);
    expect(await snapshot()).toEqual(before);
  });

  it('a failure in the middle of an apply leaves the store exactly as before', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    edit('users/emea.yaml', 'users:\n', 'users:\n  - login: aaron@example.com\n  - login: zed@example.com\n');
    const raw = new DatabaseSync(db);
    raw.exec("CREATE TRIGGER boom BEFORE INSERT ON users WHEN NEW.login = 'zed@example.com' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    raw.close();
    const before = await snapshot();
    const r = await cli('apply', '.', '--auto-approve', '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC607: apply failed and was rolled back; nothing was changed: .*injected failure/);
    expect(await snapshot()).toEqual(before);
  });

  it('removing the last administrator is refused', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    edit('users/emea.yaml', 'securityProfiles: [Admin]', 'securityProfiles: [Agent]');
    const r = await cli('plan', '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error PC601: this plan leaves no user holding Admin (or both Users.EditPermission and SecurityProfiles.Edit); keep at least one administrator');
    expect((await cli('apply', '.', '--auto-approve', '--target', target)).code).toBe(1);
  });

  it('revoking over maxRevokeRatio is refused unless --allow-mass-revoke', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    edit('permctl.yaml', 'unmanaged: report', 'unmanaged: revoke\nmaxRevokeRatio: 0.01');
    edit('profiles/supervisors.yaml', '  - ListenCallRecordings\n', '');
    edit('users/emea.yaml', '    securityProfiles: [Agent, SupervisorEMEA]\n', '');
    const r = await cli('plan', '--target', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC602: this plan revokes [\d.]+% of all granted access \(\d+ of \d+ grants\); the limit is 1% \(measured per grant\); check the plan, then apply with --allow-mass-revoke/);
    expect((await cli('plan', '--target', target, '--allow-mass-revoke')).code).toBe(0);
  });
});

describe('import and history', () => {
  it('importing and then planning against the same store shows no changes', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    const out = join(tempDir(), 'imported');
    const imp = await runCli(['import', '--target', target, '--out', out]);
    expect(imp.code).toBe(0);
    expect((await runCli(['validate', out])).code).toBe(0);
    const r = await runCli(['plan', out, '--detailed-exitcode']);
    expect(r.stdout).toContain('No changes.');
    expect(r.code).toBe(0);
  });

  it('history records every apply, newest first, filtered by user', async () => {
    await cli('apply', '.', '--auto-approve', '--target', target);
    edit('users/emea.yaml', '    hierarchy: EMEA/London/Team-1', '    hierarchy: EMEA/London/Team-2');
    await cli('apply', '.', '--auto-approve', '--target', target);
    const all = JSON.parse((await runCli(['history', '--target', target, '--format', 'json'])).stdout) as { id: number; actor: string; changes: { name: string }[] }[];
    expect(all.map((h) => h.id)).toEqual([2, 1]);
    expect(all[0]?.actor).toBe('ci-bot');
    expect(all[0]?.changes.map((c) => c.name)).toEqual(['ben@example.com']);
    const ben = JSON.parse((await runCli(['history', '--target', target, '--user', 'BEN@example.com', '--format', 'json'])).stdout) as unknown[];
    expect(ben).toHaveLength(2);
    const text = await runCli(['history', '--target', target, '--limit', '1']);
    expect(text.stdout).toMatch(/^#2 {2}\S+ {2}by ci-bot/);
  });
});

describe('command-line mistakes', () => {
  it.each([
    [['apply', '.'], /applying a directory needs --auto-approve/],
    [['apply', 'missing.json'], /missing\.json: no such plan file or directory/],
    [['plan', '--target', 'mysql://x'], /error PC606: target mysql:\/\/x: unknown target type/],
    [['plan', '--target', 'connect://u:secret@i-1?region=eu-west-1&token=secret'], /target connect:\/\/u@i-1\?region=eu-west-1&token=\*\*\*: credentials do not belong in a connect:\/\/ URL/],
  ])('%j', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('secret');
  });

  it('a plan file of an unknown major version is rejected', async () => {
    writeFileSync(join(repo, 'future.json'), JSON.stringify({ format_version: '2.0' }));
    const r = await cli('apply', 'future.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error PC605: plan file cannot be used: format_version 2\.0 is not supported/);
  });
});
