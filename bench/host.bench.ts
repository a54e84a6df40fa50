/**
 * Host-developer figures (issue 11). `host.readme.snippets.failing`: the README snippets
 * that fail the check of `scripts/readme-snippets.mjs` (type errors, or a runnable snippet
 * that throws), the same check `npm test` runs; also how many were checked and run.
 * `host.tarball.bytes.<pkg>` and `size.host.gz_bytes`: from `scripts/examples.mjs --figures`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Harness } from './harness.ts';

export default async function hostBench(h: Harness): Promise<void> {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../scripts/readme-snippets.mjs', import.meta.url)), '--json'],
    {
      encoding: 'utf8',
    },
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  let counts: { checked: number; run: number; failing: number };
  try {
    counts = JSON.parse(line);
  } catch {
    throw new Error(`readme-snippets.mjs printed no counts (exit ${r.status}): ${r.stderr}`);
  }
  h.figure('host.readme.snippets.failing', counts.failing, '', '= 0');
  h.figure('host.readme.snippets.checked', counts.checked, '');
  h.figure('host.readme.snippets.run', counts.run, '');

  // The examples' figures (scripts/examples.mjs --figures: builds and packs the packages,
  // installs and builds examples/vite-react from the tarballs, and against a build with
  // Grantkit stubbed out). `host.tarball.bytes.<pkg>`: each packed tarball (report; the
  // script checks that none ships its sources twice). `size.host.gz_bytes`: what Grantkit
  // adds to the Vite example's client bundle (gzip of its JS and CSS; report).
  const ex = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../scripts/examples.mjs', import.meta.url)), '--figures'],
    { encoding: 'utf8' },
  );
  let figures: { tarballBytes: Record<string, number>; size: { added: number } };
  try {
    figures = JSON.parse(ex.stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    throw new Error(`examples.mjs --figures printed no figures (exit ${ex.status}): ${ex.stderr}`);
  }
  for (const [pkg, bytes] of Object.entries(figures.tarballBytes))
    h.figure(`host.tarball.bytes.${pkg}`, bytes, 'B');
  h.figure('size.host.gz_bytes', figures.size.added, 'B');
}
