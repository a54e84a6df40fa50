/**
 * Hosts on other origins and under a path (issue 11, finding 4), over 127.0.0.1 with a real
 * PGlite: CORS through Hono's middleware with preflights answered before authentication,
 * and `basePath`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, gainsight, startApp } from './__fixtures__/world.ts';
import { createGrantsApp } from './app.ts';
import { createPGliteStorage } from './storage/pglite.ts';
import type { Storage } from './storage/types.ts';

const APP_ORIGIN = 'https://app.example.com';
let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage, {
    basePath: '/grantkit/',
    cors: { origin: [APP_ORIGIN], credentials: true },
  });
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

const token = () => auth.sign({ tenant: 'acme', userId: 'ann' });
const preflight = (path: string, origin: string) =>
  fetch(`${srv.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS (issue 11, finding 4)', () => {
  it('finding 4: a preflight is answered 204 with the allow headers, without credentials (not 401)', async () => {
    for (const path of ['/grantkit/grants', '/grantkit/ops/share', '/grantkit/grants/stream']) {
      const res = await preflight(path, APP_ORIGIN);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = res.headers.get('access-control-allow-headers')?.split(',') ?? [];
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type']));
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });

  it('finding 4: a cross-origin GET with a token is answered with the allow and expose headers', async () => {
    const res = await fetch(`${srv.url}/grantkit/grants`, {
      headers: { origin: APP_ORIGIN, authorization: `Bearer ${token()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toContain('etag');
    expect(await res.json()).toMatchObject({ tenant: 'acme', user: 'ann' });
    // a cross-origin request without a token is still refused
    const anonymous = await fetch(`${srv.url}/grantkit/grants`, {
      headers: { origin: APP_ORIGIN },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('finding 4: an origin not listed gets no allow header (the browser blocks it)', async () => {
    const pre = await preflight('/grantkit/grants', 'https://evil.example.com');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${srv.url}/grantkit/grants`, {
      headers: { origin: 'https://evil.example.com', authorization: `Bearer ${token()}` },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('without the cors option no CORS header is sent, and OPTIONS still needs no token', async () => {
    const app = createGrantsApp({ storage, schema: gainsight(), authenticate: auth.authenticate });
    try {
      const res = await app.fetch(
        new Request('http://local/grants', { method: 'OPTIONS', headers: { origin: APP_ORIGIN } }),
      );
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await app.close();
    }
  });
});

describe('basePath (issue 11, finding 4)', () => {
  it('finding 4: serves every route under basePath and answers 404 outside it', async () => {
    const headers = { authorization: `Bearer ${token()}` };
    expect((await fetch(`${srv.url}/grantkit/health`)).status).toBe(200);
    expect((await fetch(`${srv.url}/grantkit/grants`, { headers })).status).toBe(200);
    expect((await fetch(`${srv.url}/grantkit/world/users`, { headers })).status).toBe(200);
    const audit = await fetch(`${srv.url}/grantkit/audit?type=dashboard&id=d1`, { headers });
    expect(audit.status).toBe(200);
    const op = await fetch(`${srv.url}/grantkit/ops/share`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ asset: 'd2', user: 'eve', level: 'view' }),
    });
    expect(op.status).toBe(200);
    for (const path of ['/grants', '/health', '/ops/share', '/grantkitx/grants', '/']) {
      const res = await fetch(`${srv.url}${path}`, { headers });
      expect([path, res.status]).toEqual([path, 404]);
      expect((await res.json()).error.message).toContain('/grantkit');
    }
  });

  it('refuses a basePath that is not an absolute path, naming the option', () => {
    for (const basePath of ['grantkit', '/a//b', '/a b'])
      expect(() =>
        createGrantsApp({
          storage,
          schema: {} as never,
          authenticate: auth.authenticate,
          basePath,
        }),
      ).toThrow(/basePath must be an absolute URL path/);
  });
});
