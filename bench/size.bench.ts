/**
 * Client bundle figures, from `.size-limit.json` (min+gzip, react external): the default
 * entry points (`size.client.gz_bytes`) and each opt-in entry of `@grantkit/sdk`
 * (`size.client.<name>.gz_bytes`). An entry named `size.client.<name>: …` gives its figure;
 * core, sdk and react are built first so the figures are of the current source.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Harness } from './harness.ts';

const TARGETS: Record<string, string> = { 'size.client': '<= 6600' };

export default async function sizeBench(h: Harness): Promise<void> {
  const run = (args: string[]) =>
    execFileSync('pnpm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  for (const pkg of ['@grantkit/core', '@grantkit/sdk', '@grantkit/react'])
    run(['-s', '--filter', pkg, 'build']);
  const config = JSON.parse(readFileSync('.size-limit.json', 'utf8')) as { name: string }[];
  const results = JSON.parse(run(['-s', 'exec', 'size-limit', '--json'])) as {
    name: string;
    size: number;
  }[];
  for (const { name } of config) {
    const figure = /^(size\.client(?:\.[\w-]+)?):/.exec(name)?.[1];
    const size = results.find((r) => r.name === name)?.size;
    if (figure && size !== undefined) h.figure(`${figure}.gz_bytes`, size, 'B', TARGETS[figure]);
  }
}
