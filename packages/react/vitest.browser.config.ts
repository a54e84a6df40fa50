import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

/**
 * `pnpm test:browser`: behaviour only a real browser shows (focus, hover, keyboard
 * activation, link navigation, the accessibility tree), in Debian's Chromium driven by
 * playwright-core (`CHROMIUM_PATH`, default /usr/bin/chromium).
 */
export default defineConfig({
  ...sourceConditions,
  test: {
    environment: 'node',
    include: ['src/**/*.browser.test.ts'],
    reporters: ['default', ['json', { outputFile: '.reports/browser.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
