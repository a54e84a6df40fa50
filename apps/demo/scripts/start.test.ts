import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts README command 1's process on a fresh data directory and waits for its URL. */
function startDemo(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@grantkit/source', '--import', 'tsx', 'scripts/start.ts'],
    {
      cwd: appDir,
      env: { ...process.env, GRANTKIT_DATA_DIR: dataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`demo did not print its URL:\n${out}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = /Grantkit demo: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
}

describe('README command 1 (the demo)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantkit-demo-'));
  let demo: { child: ChildProcess; url: string };
  beforeAll(async () => {
    demo = await startDemo(dataDir);
  }, 150_000);
  afterAll(async () => {
    if (demo?.child.exitCode === null) {
      const exited = new Promise((done) => demo.child.once('exit', done));
      demo.child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the app on 127.0.0.1', async () => {
    const res = await fetch(demo.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root"></div>');
  });

  it('proxies the grants server, which answers from PGlite', async () => {
    const res = await fetch(new URL('/api/health', demo.url));
    expect(await res.json()).toEqual({ ok: true, storage: 'pglite' });
  });
});
