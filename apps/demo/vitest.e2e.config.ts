import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

/**
 * End-to-end tests: the real demo (scripts/start.ts: grants server on PGlite + Vite) started
 * once by e2e/setup.ts, driven in Debian's Chromium through playwright-core. One file at a
 * time (2 cores), long timeouts, a JSON report for the summary of `npm test`.
 */
export default defineConfig({
  ...sourceConditions,
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', ['json', { outputFile: '.reports/e2e.json' }]],
  },
});
