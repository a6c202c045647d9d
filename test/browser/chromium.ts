// Debian's chromium driven by playwright-core (no browser download): the launch flags keep it
// off the network and out of the user's profile. Tests and the bench skip when it is absent.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

const CANDIDATES = [process.env.PERMCTL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
export const CHROMIUM = CANDIDATES.find((p): p is string => p !== undefined && p !== '' && existsSync(p));

/** A fresh profile directory each time (playwright passes it as --user-data-dir). */
export async function launchChromium(): Promise<BrowserContext> {
  if (CHROMIUM === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');
  const userDataDir = mkdtempSync(join(tmpdir(), 'permctl-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
