/**
 * `pnpm bench [name-filter...] [--json FILE]`: runs every `bench/*.bench.ts`
 * in one process, prints a table of figures and optionally writes them as
 * `{ "figure.name": number }` JSON so runs can be compared.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHarness, type Figure, type Harness } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
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
const harness = createHarness(figures);
for (const file of files) {
  const started = performance.now();
  process.stdout.write(`› ${file} … `);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as {
    default: (h: Harness) => Promise<void>;
  };
  await mod.default(harness);
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
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
