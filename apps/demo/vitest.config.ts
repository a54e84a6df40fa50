import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineProject(
  sharedTestConfig({
    environment: 'node',
    test: { include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] },
  }),
);
