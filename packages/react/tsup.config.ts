import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
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
  // Every export is a hook or a client component: the Next.js app router may import the
  // package from a Server Component only through this boundary (esbuild drops the
  // directive from sources when it bundles, so it is written as a banner).
  banner: { js: "'use client';" },
});
