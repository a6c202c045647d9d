// `npm run bench:report [-- --users 50000]`: the access report at scale. Generates a repository
// (bench/generate.ts), times `permctl report --html` as a whole process, reports the file's
// size, then opens it from file:// in headless Debian chromium and times load (until the page
// has rendered) and one filter (profile) until the table shows the narrowed rows. Skipped,
// with a message, when chromium is not installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM, launchChromium } from '../test/browser/chromium.ts';
import { generateRepo, sizeFor } from './generate.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({ options: { users: { type: 'string', default: '50000' }, out: { type: 'string', default: join(HERE, 'out', 'report') } } });
const users = Number(args.users);
const dir = join(args.out, String(users));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const repo = join(dir, 'repo');
generateRepo(repo, sizeFor(users));
const html = join(dir, 'report.html');

const start = performance.now();
const r = spawnSync(process.execPath, [join(HERE, '../bin/permctl.js'), 'report', repo, '--html', html], { encoding: 'utf8' });
const reportMs = performance.now() - start;
if (r.status !== 0) throw new Error(`permctl report failed: ${r.stderr}`);
const sizeMb = statSync(html).size / 1e6;
console.log(`report of ${users} users: ${(reportMs / 1000).toFixed(2)} s to write, ${sizeMb.toFixed(1)} MB`);

if (CHROMIUM === undefined) {
  console.log('chromium is not installed: browser load and filter not measured (apt-get install -y chromium)');
} else {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = performance.now();
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
    const loadMs = performance.now() - t0;
    await page.click('nav button[data-tab="users"]');
    const before = await page.textContent('#user-count');
    const profile = await page.locator('#f-profile option').nth(1).getAttribute('value');
    const t1 = performance.now();
    await page.selectOption('#f-profile', profile ?? '');
    await page.waitForFunction(`document.getElementById('user-count').textContent !== ${JSON.stringify(before)}`);
    const filterMs = performance.now() - t1;
    const after = await page.textContent('#user-count');
    console.log(`chromium: load ${Math.round(loadMs)} ms, filter by profile ${JSON.stringify(profile)} ${Math.round(filterMs)} ms (${after ?? ''})${errors.length > 0 ? `; page errors: ${errors.join('; ')}` : ''}`);
  } finally {
    await browser.close();
  }
}
