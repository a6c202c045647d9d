// The Connect target against the shared target conformance suite: the real SDK over HTTP to
// the local Connect-like server, found through AWS_ENDPOINT_URL_CONNECT by the driver itself,
// history in a SQLite store (Connect keeps none of its own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openHistory, openTarget } from '../../../src/targets/registry.ts';
import { describeTargetConformance } from '../conformance.ts';
import { newId, startFakeConnect } from './fake-connect.ts';
import { simClock } from './sim-clock.ts';

const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-never-printed';
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  process.env = saved;
});

describeTargetConformance({
  name: 'connect (real SDK, local Connect-like server)',
  timeout: 60_000,
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'permctl-conf-connect-'));
    const fake = await startFakeConnect({ instanceId: 'conformance-1', clock: simClock() });
    process.env.AWS_ENDPOINT_URL_CONNECT = fake.endpoint;
    const env = { env: process.env, cwd: dir };
    return {
      async open() {
        // Rates far above the defaults: the suite's real-time run should not wait on them
        // (the rate limit itself is tested on a simulated clock in http.test.ts).
        const o = await openTarget('connect://conformance-1?region=eu-west-1&readRate=10000&writeRate=10000&burst=100&concurrency=1', env, { create: false, config: { connect: { userDefaults: { phoneType: 'SOFT_PHONE' } } } });
        if (!o.ok) throw new Error(JSON.stringify(o.diagnostic));
        return o.target;
      },
      injectFailure: (n) => {
        const undo = fake.failAfter(n);
        return Promise.resolve(() => Promise.resolve(undo()));
      },
      // Queues cannot be created through permctl (hours of operation, flows): put them in place.
      seed(state) {
        const have = new Set([...fake.data.queues.values()].map((q) => q.name));
        for (const q of state.queues) {
          if (have.has(q.name)) continue;
          const id = newId('q');
          fake.data.queues.set(id, { id, name: q.name, ...(q.description ? { description: q.description } : {}) });
        }
        return Promise.resolve();
      },
      async history() {
        const o = await openHistory(`sqlite:${join(dir, 'history.db')}`, { env: {}, cwd: dir }, { create: true });
        if (!o.ok) throw new Error(JSON.stringify(o.diagnostic));
        return o.history;
      },
      async teardown() {
        delete process.env.AWS_ENDPOINT_URL_CONNECT;
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  // (no skips: concurrent applies are serialised by the history store's lock, as in `permctl apply`)
});
