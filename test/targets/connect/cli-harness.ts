// Hooks shared by the tests that run permctl against the local Connect-like server: test
// credentials in the environment for the SDK's default chain (restored after the file), and
// after each test the servers it started closed and its temp directories removed.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FakeConnect } from './fake-connect.ts';

export interface Harness {
  /** Temp directories to remove after the test. */
  readonly dirs: string[];
  /** Registers a server to close after the test; returns it. */
  track(this: void, fake: FakeConnect): FakeConnect;
}

export function fakeConnectHarness(secret = 'test-secret'): Harness {
  const saved = { ...process.env };
  const fakes: FakeConnect[] = [];
  const dirs: string[] = [];
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
    process.env.AWS_SECRET_ACCESS_KEY = secret;
    delete process.env.AWS_PROFILE;
  });
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  afterAll(() => {
    process.env = saved;
  });
  return {
    dirs,
    track: (fake) => {
      fakes.push(fake);
      return fake;
    },
  };
}
