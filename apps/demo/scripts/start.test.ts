import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo, stopDemo } from './spawnDemo.ts';

describe('README command 1 (the demo)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantkit-demo-'));
  let demo: RunningDemo | undefined;
  beforeAll(async () => {
    demo = await startDemo(dataDir);
  }, 150_000);
  afterAll(async () => {
    await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the app on 127.0.0.1', async () => {
    const res = await fetch(demo!.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root"></div>');
  });

  it('proxies the grants server, which answers from PGlite', async () => {
    const res = await fetch(new URL('/api/health', demo!.url));
    expect(await res.json()).toMatchObject({ ok: true, storage: 'pglite' });
  });

  it('seeds the demo tenant on first run and signs in any seeded user (dev only)', async () => {
    expect(demo!.output()).toContain('seeded tenant "acme"');
    const login = await fetch(new URL('/api/dev/login', demo!.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'eve' }),
    });
    const { token } = (await login.json()) as { token: string };
    const grants = await fetch(new URL('/api/grants', demo!.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    const snapshot = (await grants.json()) as { tenant: string; user: string; menu: string[][] };
    expect(snapshot).toMatchObject({ tenant: 'acme', user: 'eve' });
    expect(snapshot.menu.map(([id]) => id)).toContain('dashboards');
  });
});
