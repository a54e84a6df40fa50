import { createRequire } from 'node:module';
import { defineConfig, type Options } from 'tsup';

/** What this config uses of rollup. */
interface Rollup {
  rollup(options: {
    input: string[];
    external: (id: string) => boolean;
    plugins: {
      name: string;
      resolveId: (id: string) => string | false;
      load: (id: string) => { code: string; map: never } | null;
    }[];
    treeshake: false;
    preserveEntrySignatures: 'exports-only';
    onwarn: (warning: { code?: string }, warn: (warning: { code?: string }) => void) => void;
  }): Promise<{
    generate(options: {
      format: 'es';
      banner: string;
      sourcemap: 'hidden';
      interop: 'auto';
    }): Promise<{ output: [{ code: string; map: unknown }] }>;
  }>;
}

/** tsup's own rollup (the one its `treeshake` option runs): no dependency of its own. */
const { rollup } = createRequire(createRequire(import.meta.url).resolve('tsup'))(
  'rollup',
) as Rollup;

type Plugin = NonNullable<Options['plugins']>[number];

/**
 * One `import` statement per external module: esbuild writes one per source file, and a
 * host's bundler keeps every one of them (an external import may have side effects), so
 * the default client paid ~90 B min+gzip for repeated `from "react"` lines. Rollup merges
 * them (the ESM build, which hosts bundle); it drops the module-level `'use client'` directive, so `banner` writes it back.
 * The sources import React as a namespace (`import * as React from 'react'`, as TanStack
 * Query does): a host's bundler keeps every specifier of an external import, so one merged
 * named import would keep the hooks of every export in a bundle that uses three of them.
 */
const mergeImports = (banner: string): Plugin => ({
  name: 'merge-imports',
  async renderChunk(code, info) {
    if (this.format !== 'esm' || !info.path.endsWith('.js')) return;
    const bundle = await rollup({
      input: [info.path],
      external: (id) => id !== info.path,
      plugins: [
        {
          name: 'chunk',
          resolveId: (id) => (id === info.path ? id : false),
          load: (id) => (id === info.path ? { code, map: info.map as never } : null),
        },
      ],
      treeshake: false,
      preserveEntrySignatures: 'exports-only',
      onwarn: (w, warn) => void (w.code === 'MODULE_LEVEL_DIRECTIVE' || warn(w)),
    });
    const { output } = await bundle.generate({
      format: 'es',
      banner,
      sourcemap: 'hidden', // tsup writes the map and its comment
      interop: 'auto',
    });
    return { code: output[0].code, map: output[0].map as never };
  },
});

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
  plugins: [mergeImports("'use client';")],
});
