import { defaultClientConditions, defaultServerConditions } from 'vite';
import type { ViteUserConfig } from 'vitest/config';

/** Resolve workspace packages to their `src` (the `@grantkit/source` export condition). */
export const sourceConditions = {
  resolve: { conditions: ['@grantkit/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@grantkit/source', ...defaultServerConditions] } },
} satisfies ViteUserConfig;

export interface SharedTestOptions {
  environment: 'node' | 'jsdom';
  /** Extra test settings merged in. */
  test?: NonNullable<ViteUserConfig['test']>;
}

/** The vitest settings every package shares: source resolution, type tests, a JSON report. */
export function sharedTestConfig({ environment, test }: SharedTestOptions): ViteUserConfig {
  return {
    ...sourceConditions,
    test: {
      environment,
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
      passWithNoTests: false,
      // Real databases, servers and property searches run here; CI is a busy 2-core machine, so
      // timeouts only catch hangs, never a slow but correct run.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      ...test,
    },
  };
}
