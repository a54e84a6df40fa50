import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * Property names of the interfaces between the client's own modules (holder, scheduler,
 * stream, store), shortened in the build as esbuild's `mangleProps` does for Preact's
 * private fields: ~100 B of the default client. `scripts/internal-props.mjs` (in
 * `test:build`) fails when a public type names one.
 */
const internal: string[] = JSON.parse(
  readFileSync(new URL('./scripts/internal-props.json', import.meta.url), 'utf8'),
);

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
    options.mangleProps = new RegExp(`^(${internal.join('|')})$`);
  },
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
