import { defineConfig } from 'tsup';

export default defineConfig({
  // The default client, its opt-in parts and the admin ops client (each its own package export).
  entry: [
    'src/index.ts',
    'src/cross-tab.ts',
    'src/persist.ts',
    'src/explain.ts',
    'src/admin.ts',
    'src/activity.ts',
  ],
  format: ['esm', 'cjs'],
  // Shared modules (the error class, the cache format) in shared chunks, in both formats:
  // one copy at run time, so `instanceof GrantkitClientError` holds across entry points.
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: true,
  // The maps point into the shipped `src/` instead of embedding it again (issue 11: sources once).
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
