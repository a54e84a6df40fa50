import { Hono } from 'hono';
import type { Storage } from './storage/pglite';

/** Options of {@link createGrantsApp}. */
export interface GrantsAppOptions {
  storage: Storage;
}

/**
 * The grants server as a Fetch API handler (`app.fetch(request)`), independent of any runtime.
 *
 * @example
 * ```ts
 * const app = createGrantsApp({ storage: await createPGliteStorage() });
 * const res = await app.fetch(new Request('http://local/health'));
 * ```
 */
export function createGrantsApp({ storage }: GrantsAppOptions): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    try {
      await storage.ping();
      return c.json({ ok: true, storage: storage.kind });
    } catch {
      return c.json({ ok: false, storage: storage.kind }, 503);
    }
  });
  return app;
}
