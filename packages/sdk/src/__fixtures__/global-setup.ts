/**
 * Vitest global setup: one real grants server (@grantkit/server, PGlite in memory) on
 * 127.0.0.1 for every test file, in a process of its own (opening PGlite takes seconds,
 * and the client's resource counts stay free of the server's). Each test file works
 * with its own users of the world, so files can run side by side.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    grants: { url: string; secret: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@grantkit/source',
      '--import',
      'tsx',
      fileURLToPath(new URL('./serve.ts', import.meta.url)),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the grants server exited with ${code}`)));
  });
  project.provide('grants', JSON.parse(line) as { url: string; secret: string });
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
}
