import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrantsApp } from './app';
import { listen, type RunningServer } from './node';
import { createPGliteStorage, type Storage } from './storage/pglite';

describe('grants server over HTTP on 127.0.0.1 with a real PGlite', () => {
  let storage: Storage;
  let server: RunningServer;
  beforeAll(async () => {
    storage = await createPGliteStorage();
    server = await listen(createGrantsApp({ storage }), { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await storage.close();
  });

  it('answers /health after querying the database', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, storage: 'pglite' });
  });

  it('answers 503 when the database is gone', async () => {
    const closed = await createPGliteStorage();
    await closed.close();
    const res = await createGrantsApp({ storage: closed }).fetch(
      new Request('http://local/health'),
    );
    expect(res.status).toBe(503);
  });
});
