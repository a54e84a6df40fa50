/**
 * `pnpm bench [name-filter...] [--json FILE]`: runs every `bench/*.bench.ts`, each in a
 * process of its own, prints a table of figures and optionally writes them as
 * `{ "figure.name": number }` JSON so runs can be compared.
 *
 * Every ratio is measured side by side inside one bench file's process. Files do not share
 * a process: one file's heap (the scale bench keeps ~250 MB) and the type feedback it left
 * in shared code made the next file's nanosecond checks slower in one run than alone
 * (`snapshot.check.ratio_map` 1.88 after the others, 1.30–1.44 alone).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHarness, type Figure } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

/** Child mode (`--file NAME --out FILE`): runs one bench file and writes its figures. */
const fileAt = args.indexOf('--file');
if (fileAt >= 0) {
  const figures: Figure[] = [];
  const mod = (await import(pathToFileURL(join(here, args[fileAt + 1]!)).href)) as {
    default: (h: ReturnType<typeof createHarness>) => Promise<void>;
  };
  await mod.default(createHarness(figures));
  writeFileSync(args[args.indexOf('--out') + 1]!, JSON.stringify(figures));
  // servers and timers a bench left open must not keep its process
  process.exit(0);
}

const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) {
  console.error('usage: pnpm bench [filter...] [--json FILE]');
  process.exit(2);
}
const filters = jsonAt < 0 ? args : args.filter((_, i) => i !== jsonAt && i !== jsonAt + 1);

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const figures: Figure[] = [];
const dir = mkdtempSync(join(tmpdir(), 'grantkit-bench-'));
let failed = 0;
try {
  for (const file of files) {
    const started = performance.now();
    process.stdout.write(`› ${file} … `);
    const out = join(dir, `${file}.json`);
    // the same node flags (`--conditions`, `--import tsx`, `--hash-seed`…) as this process
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--file', file, '--out', out],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (child.status !== 0) {
      failed++;
      console.log(`failed (exit ${child.status ?? child.signal})`);
      continue;
    }
    figures.push(...(JSON.parse(readFileSync(out, 'utf8')) as Figure[]));
    console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...figures.map((f) => f.name.length), 6);
const fmt = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(12)}  unit     target`);
for (const f of figures) {
  console.log(
    `${f.name.padEnd(width)}  ${fmt(f.value).padStart(12)}  ${f.unit.padEnd(7)}  ${f.target ?? ''}`,
  );
}
if (jsonFile) {
  const out = Object.fromEntries(figures.map((f) => [f.name, f.value]));
  writeFileSync(
    resolve(process.env.INIT_CWD ?? process.cwd(), jsonFile),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  console.log(`\nwrote ${Object.keys(out).length} figures to ${jsonFile}`);
}
if (failed > 0) process.exit(1);
