import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Store tests start real databases; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A throwaway PostgreSQL server (or PERMCTL_TEST_PG_URL) for test/**/postgres*.test.ts.
    globalSetup: ['test/pg/global-setup.ts'],
  },
});
