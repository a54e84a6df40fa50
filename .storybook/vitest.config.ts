import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../vitest.shared.ts';

/** Stories as tests: every story rendered in jsdom with an axe check (`pnpm test:stories`). */
export default defineConfig({
  ...sourceConditions,
  plugins: [react()],
  root: import.meta.dirname,
  test: {
    environment: 'jsdom',
    include: ['stories.test.tsx'],
    reporters: ['default', ['json', { outputFile: '.reports/stories.json' }]],
  },
});
