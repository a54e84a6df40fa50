/**
 * Host-developer figures (issue 11). `host.readme.snippets.failing`: the README snippets
 * that fail the check of `scripts/readme-snippets.mjs` (type errors, or a runnable snippet
 * that throws), the same check `npm test` runs; also how many were checked and run.
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
}
