import { defineConfig } from 'tsup';

export default defineConfig({
  // `snapshot`: the lean browser entry (@grantkit/core/snapshot), for @grantkit/sdk.
  entry: { index: 'src/index.ts', snapshot: 'src/snapshot/browser.ts' },
  format: ['esm', 'cjs'],
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
