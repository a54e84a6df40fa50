import { configDefaults, defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineProject(
  sharedTestConfig({
    environment: 'jsdom',
    // Real Chromium tests run apart (`pnpm test:browser`, vitest.browser.config.ts).
    test: {
      exclude: [...configDefaults.exclude, 'src/**/*.browser.test.ts', 'src/**/*.build.test.ts'],
    },
  }),
);
