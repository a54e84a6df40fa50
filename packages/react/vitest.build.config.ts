import { defineConfig } from 'vitest/config';

/** `pnpm test:build`: the built `dist` as hosts get it (no source condition). */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.build.test.ts'],
    testTimeout: 120_000,
  },
});
