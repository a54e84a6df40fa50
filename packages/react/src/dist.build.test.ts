/**
 * The built package as a host bundles it (`pnpm test:build`, after `pnpm build`): the
 * `'use client'` boundary of the Next.js app router in both formats, and the
 * development-only warnings and error advice gone from a production bundle.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

const UNKNOWN_ACTION = 'checks the unknown action';
const UNKNOWN_TYPE = 'on the unknown resource type';
const DISPOSED = 'was called on a disposed client';

/** The host's client bundle of every export of `@grantkit/react` (and the sdk and core it pulls in), in `mode`. */
async function bundle(mode: 'production' | 'development'): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    mode,
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    build: {
      write: false,
      minify: mode === 'production',
      lib: { entry: dist('index.js'), formats: ['es'], fileName: 'host' },
      rolldownOptions: { external: ['react', 'react/jsx-runtime', 'react-dom'] },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  return outputs
    .flatMap((o) => o.output)
    .map((chunk) => (chunk.type === 'chunk' ? chunk.code : ''))
    .join('\n');
}

describe('the built entry points', () => {
  it.each(['index.js', 'index.cjs'])(
    "finding 3: %s starts with the 'use client' directive (Next.js app router)",
    (file) => {
      const code = readFileSync(dist(file), 'utf8');
      expect(code.split('\n')[0]).toBe("'use client';");
    },
  );

  it('issue 15: the ESM entry imports React once, as a namespace (no unused hook import a host keeps)', () => {
    // A host's bundler keeps every specifier of an external import (esbuild, size-limit's
    // bundler, cannot drop an unused one), so named imports of the hooks only the other
    // exports use would stay in a bundle of `{ GrantkitProvider, Can, useCan }`.
    const code = readFileSync(dist('index.js'), 'utf8');
    const imports = code.match(/^import .* from 'react';$/gm);
    expect(imports).toHaveLength(1);
    expect(imports![0]).toMatch(/^import \* as \w+ from 'react';$/);
  });

  it('finding 10: a production bundle has none of the development-only warnings', async () => {
    const dev = await bundle('development');
    for (const text of [UNKNOWN_ACTION, UNKNOWN_TYPE, DISPOSED]) expect(dev).toContain(text);
    const prod = await bundle('production');
    for (const text of [UNKNOWN_ACTION, UNKNOWN_TYPE, DISPOSED]) expect(prod).not.toContain(text);
    expect(prod).not.toContain('process.env');
  });

  it("issue 15: a production bundle keeps the client's short error messages, not their development advice", async () => {
    // the advice of @grantkit/sdk's errors (what to check, the content type, the format read)
    const advice = [
      'not a grant snapshot: check baseUrl',
      'needs baseUrl or fetchSnapshot',
      '; check getToken',
      'update @grantkit/sdk',
    ];
    // what production keeps: the error codes and what happened
    const kept = [
      'refused malformed snapshot',
      'refused snapshot of',
      'getToken failed',
      'foreign-snapshot',
    ];
    const dev = await bundle('development');
    for (const text of [...advice, ...kept]) expect(dev).toContain(text);
    const prod = await bundle('production');
    for (const text of advice) expect(prod).not.toContain(text);
    for (const text of kept) expect(prod).toContain(text);
  });
});
