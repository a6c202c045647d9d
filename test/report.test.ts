// permctl report: the data, the CSV matrix (golden), HTML that keeps hostile names inert,
// changes since a history entry against a real SQLite store, and its errors.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../src/render/report/csv.ts';
import { inertJson } from '../src/render/report/html.ts';
import { expectGolden } from './golden.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

const FIXED = { SOURCE_DATE_EPOCH: '1767225600', GITHUB_SHA: 'c0ffee' };

describe('permctl report --format csv', () => {
  it('is the users × permissions matrix of examples/acme', async () => {
    const r = await runCli(['report', 'examples/acme', '--format', 'csv'], { env: FIXED });
    expect(r.code).toBe(0);
    expectGolden('report-acme.csv', r.stdout);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['line\nbreak', '"line\nbreak"'],
  ])('escapes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('permctl report --html', () => {
  it('writes one self-contained page with the citation details', async () => {
    const file = join(tempDir(), 'r.html');
    const r = await runCli(['report', 'examples/acme', '--html', file], { env: FIXED });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Wrote the access report of 4 users');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<dt>Generated</dt><dd>2026-01-01T00:00:00.000Z</dd>');
    expect(html).toContain('<dt>Commit</dt><dd>c0ffee</dd>');
    expect(html).toMatch(/<dt>Policy fingerprint<\/dt><dd>sha256:[0-9a-f]{64}<\/dd>/);
    // Nothing from elsewhere: no src/href to another document, and a CSP that allows no fetch.
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:|\/\/)/);
    expect(html).toContain('content="default-src &#39;none&#39;;');
  });

  it('keeps hostile names inert', async () => {
    const repo = join(tempDir(), 'repo');
    cpSync(join(ROOT, 'examples/minimal'), repo, { recursive: true });
    const evil = '</script><img src=x onerror=alert(1)><!--';
    writeFileSync(join(repo, 'users.yaml'), `kind: Users\ndefaults: { routingProfile: Basic }\nusers:\n  - login: admin@example.com\n    name: ${JSON.stringify(evil)}\n    securityProfiles: [Admin]\n    hierarchy: "a&b/<b>x</b>"\n`);
    const r = await runCli(['report', repo, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/<\/script>/g)).toHaveLength(2); // the data element's and the script's own
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).not.toContain('<b>x');
    expect(r.stdout).not.toContain('<!--');
    expect(inertJson({ s: evil })).toBe('{"s":"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u003c!--"}');
    expect(JSON.parse(inertJson({ s: evil }))).toEqual({ s: evil });
  });

  it('lists the applies after --since from the target, with its fingerprint', async () => {
    const dir = tempDir();
    const repo = join(dir, 'repo');
    cpSync(join(ROOT, 'examples/acme'), repo, { recursive: true });
    const target = `sqlite:${join(dir, 'store.db')}`;
    expect((await runCli(['apply', repo, '--auto-approve', '--target', target], { env: { PERMCTL_ACTOR: 'first' } })).code).toBe(0);
    const users = join(repo, 'users/emea.yaml');
    writeFileSync(users, readFileSync(users, 'utf8').replace('name: Ben Okafor', 'name: Ben O.'));
    expect((await runCli(['apply', repo, '--auto-approve', '--target', target], { env: { PERMCTL_ACTOR: 'second' } })).code).toBe(0);
    const r = await runCli(['report', repo, '--format', 'html', '--target', target, '--since', '1']);
    expect(r.code).toBe(0);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(r.stdout)?.[1] ?? 'null') as { changes: unknown[][] };
    expect(data.changes.map((c) => [c[0], c[2], c[5]])).toEqual([[2, 'second', [['update', 'user', 'ben@example.com']]]]);
    expect(r.stdout).toMatch(/<dt>Target fingerprint<\/dt><dd>sha256:[0-9a-f]{64}<\/dd>/);
  });

  it.each([
    [['report', 'examples/broken', '--format', 'csv'], /error PC304: unknown security profile "Agnet"/],
    [['report', 'examples/acme', '--format', 'pdf'], /argument 'pdf' is invalid/],
    [['report', 'examples/acme', '--html', '/nonexistent-dir/r.html'], /error PC922: cannot write the report to \/nonexistent-dir\/r\.html/],
    [['report', 'examples/acme', '--html', 'x.html', '--format', 'csv'], /error PC901: --html writes HTML/],
    [['report', 'examples/acme', '--format', 'csv', '--since', 'last'], /option '--since <id>' argument 'last' is invalid. expected a whole number of 0 or more/],
    [['report', 'examples/acme', '--format', 'csv', '--target', 'ftp://x'], /error PC606/],
  ])('fails with a located message: %j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
