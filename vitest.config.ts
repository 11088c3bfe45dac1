import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/api/{src,test}/**/*.test.ts', 'apps/web/test/**/*.test.ts', 'apps/wordpress-plugin/test/**/*.test.ts', 'test-support/**/*.test.ts'],
    // Two cores here: each test file opens its own database, so run files two at a time.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // API processes the tests start (server process, dashboard, WordPress) shed load on event-loop
    // delay only where a test asks for it: a stall of this shared machine is not an overload.
    env: { MAX_EVENT_LOOP_DELAY_MS: '60000' },
    hookTimeout: 120_000,
    // The second lists suites skipped for a missing real part (Chromium, WordPress, PostgreSQL) at
    // the end of the run; see test-support/real-parts.ts.
    reporters: ['default', './test-support/real-parts-reporter.ts'],
  },
});
