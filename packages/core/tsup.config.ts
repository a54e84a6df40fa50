import { defineConfig } from 'tsup';

export default defineConfig({
  // `snapshot`: the lean browser entry (@grantkit/core/snapshot), for @grantkit/sdk.
  entry: { index: 'src/index.ts', snapshot: 'src/snapshot/browser.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
