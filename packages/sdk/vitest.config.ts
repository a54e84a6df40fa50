import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineProject(
  sharedTestConfig({
    environment: 'jsdom',
    // One real grants server (PGlite in memory) for every test file: opening PGlite takes seconds.
    test: { globalSetup: ['src/__fixtures__/global-setup.ts'] },
  }),
);
