// The access report in a real browser: Debian's chromium, headless, opened from file://.
// No console errors, no network request, a filter narrows the rows to the expected users,
// and a screenshot saved as a test artefact (test/artifacts/, gitignored).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from './browser/chromium.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

const ARTIFACTS = join(ROOT, 'test/artifacts');

async function rowLogins(page: Page): Promise<(string | null)[]> {
  const rows = page.locator('#user-table tbody tr:not(.detail)');
  const logins: (string | null)[] = [];
  for (let i = 0, n = await rows.count(); i < n; i++) logins.push(await rows.nth(i).getAttribute('data-login'));
  return logins;
}

describe.skipIf(CHROMIUM === undefined)('access report in chromium', () => {
  let browser: BrowserContext;
  let url: string;
  beforeAll(async () => {
    const file = join(tempDir(), 'report.html');
    const r = await runCli(['report', 'examples/acme-contact-center', '--html', file]);
    expect(r.code).toBe(0);
    url = pathToFileURL(file).href;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('loads from file:// without console errors or requests, and filters users', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (req) => {
      if (req.url() !== url) problems.push(`request: ${req.url()}`);
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.textContent('header h1')).toBe('Access review — acme-contact-center');
    expect(await page.textContent('#summary')).toContain('DeleteCallRecordings');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-summary.png'), fullPage: false });

    await page.click('nav button[data-tab="users"]');
    expect(await page.textContent('#user-count')).toBe('1–50 of 305 users');
    // Who may delete recordings: the profile filter narrows to the two compliance officers.
    await page.selectOption('#f-profile', 'Compliance');
    expect(await rowLogins(page)).toEqual(['compliance.analyst@acme.example', 'compliance.lead@acme.example']);
    // Filters combine: managers of the Madrid sales team who can hear sales-es.
    await page.click('text=Clear filters');
    await page.selectOption('#f-hierarchy', 'EMEA/Madrid');
    await page.selectOption('#f-line', 'sales-es');
    const madrid = await rowLogins(page);
    expect(madrid).toHaveLength(2); // the team's manager (nominee) and quality lead
    await page.selectOption('#f-permission', 'Users.Edit');
    expect(await rowLogins(page)).toEqual(['ines.rossi269@acme.example']); // the team's manager (CallCenterManager)
    await page.selectOption('#f-risk', '0');
    expect(await page.textContent('#user-count')).toBe('no users match');
    await page.click('text=Clear filters');
    await page.fill('#f-search', 'compliance');
    await page.locator('#user-table tbody tr').first().dispatchEvent('click'); // expands its permissions
    expect(await page.textContent('#user-table tr.detail')).toContain('ListenCallRecordings');
    await page.screenshot({ path: join(ARTIFACTS, 'report-users.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows hostile names as text: nothing they contain runs', async () => {
    const repo = join(tempDir(), 'repo');
    cpSync(join(ROOT, 'examples/minimal'), repo, { recursive: true });
    const evil = '<img src=x onerror="document.title=\'pwned\'"></script><script>document.title="pwned"</script>';
    writeFileSync(join(repo, 'users.yaml'), `kind: Users\ndefaults: { routingProfile: Basic }\nusers:\n  - login: admin@example.com\n    name: ${JSON.stringify(evil)}\n    securityProfiles: [Admin]\n`);
    const file = join(repo, 'report.html');
    expect((await runCli(['report', repo, '--html', file])).code).toBe(0);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="true"]');
    await page.click('nav button[data-tab="users"]');
    expect(await page.textContent('#user-table tbody tr td:nth-child(2)')).toBe(evil);
    expect(await page.title()).toBe('Access review — minimal');
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
