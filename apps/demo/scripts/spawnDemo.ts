/**
 * Runs README command 1's process (scripts/start.ts) as a child on a data directory and
 * waits for the URL it prints; used by the start test and the end-to-end tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningDemo {
  readonly child: ChildProcess;
  /** The app's URL, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Everything the process printed so far. */
  output(): string;
}

/** Starts the demo on `dataDir` with Vite on a free port (PORT=0). */
export function startDemo(dataDir: string, timeoutMs = 120_000): Promise<RunningDemo> {
  const child = spawn(
    process.execPath,
    ['--conditions=@grantkit/source', '--import', 'tsx', 'scripts/start.ts'],
    {
      cwd: appDir,
      env: { ...process.env, GRANTKIT_DATA_DIR: dataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`demo did not print its URL within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = /Grantkit demo: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${out}`));
    });
  });
}

/** Stops the demo (SIGTERM: it closes Vite, the grants server and PGlite) and waits for it. */
export async function stopDemo(demo: RunningDemo | undefined): Promise<void> {
  if (demo === undefined || demo.child.exitCode !== null) return;
  const exited = new Promise((done) => demo.child.once('exit', done));
  demo.child.kill('SIGTERM');
  const timer = setTimeout(() => demo.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
