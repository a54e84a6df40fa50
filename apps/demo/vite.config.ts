import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sourceConditions } from '../../vitest.shared.ts';

/** The demo's Vite config; `scripts/start.ts` adds the proxy to the grants server. */
export default defineConfig({
  ...sourceConditions,
  plugins: [react()],
  server: { host: '127.0.0.1', strictPort: false },
});
