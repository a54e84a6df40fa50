import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineProject(
  sharedTestConfig({
    environment: 'node',
    test: {
      // Issue 3: line coverage of core ≥ 90 %, enforced on every run of `test`.
      coverage: {
        provider: 'v8',
        include: ['src/**/*.ts'],
        exclude: [
          'src/**/*.test.ts',
          'src/**/*.test-d.ts',
          'src/**/types.ts',
          'src/index.ts',
          'src/conformance/cli.ts',
        ],
        reporter: ['text-summary', 'json-summary'],
        reportsDirectory: 'coverage',
        thresholds: { lines: 90 },
      },
    },
  }),
);
