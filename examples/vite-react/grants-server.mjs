// The example's grants server: @grantkit/server on PGlite (a temporary data directory unless
// GRANTKIT_DATA_DIR is set), on 127.0.0.1 (GRANTKIT_PORT, or a free port), under the base
// path /grantkit, which Vite proxies to it (vite.config.ts). `GET /grantkit/session?user=ann`
// stands in for your sign-in: it signs a token for a user of the seeded tenant (never do this
// without authenticating!).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineSchema } from '@grantkit/core';
import { createGrantsApp, createHmacAuth, createPGliteStorage, listen } from '@grantkit/server';

const schema = defineSchema({
  pages: [{ id: 'dashboards', title: 'Dashboards' }],
  types: {
    page: { kind: 'page', actions: ['navigate', 'edit'], implies: { edit: ['navigate'] } },
    folder: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { admin: ['edit', 'share'], edit: ['view'], share: ['view'] },
      viewPage: 'dashboards',
    },
    dashboard: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { admin: ['edit', 'share'], edit: ['view'], share: ['view'] },
      viewPage: 'dashboards',
    },
  },
});

/** Ann owns "Q3 Revenue" and shares it with Bob to view; Bob owns "Roadmap". */
const world = {
  users: [{ id: 'ann' }, { id: 'bob' }],
  bundles: [
    {
      id: 'Analysts',
      users: ['ann', 'bob'],
      grants: [{ type: 'page', id: 'dashboards', actions: ['navigate'] }],
    },
  ],
  resources: [
    {
      type: 'dashboard',
      id: 'q3',
      owner: 'ann',
      fields: { title: 'Q3 Revenue' },
      sharing: 'specific',
      shares: [{ user: 'bob', level: 'view' }],
    },
    { type: 'dashboard', id: 'roadmap', owner: 'bob', fields: { title: 'Roadmap' } },
  ],
};

const TENANT = 'acme';
const dataDir = process.env.GRANTKIT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'grantkit-vite-'));
const storage = await createPGliteStorage({ dataDir });
await storage.ensureTenant(TENANT, world);
const auth = createHmacAuth({
  secret: process.env.GRANTKIT_SECRET ?? 'example-secret-change-me-0123456789',
  ttlSeconds: 3600,
});
const app = createGrantsApp({
  storage,
  schema,
  authenticate: auth.authenticate,
  basePath: '/grantkit',
});

const server = await listen(
  {
    fetch(request) {
      const url = new URL(request.url);
      if (url.pathname !== '/grantkit/session') return app.fetch(request);
      const userId = url.searchParams.get('user') ?? '';
      if (!world.users.some((u) => u.id === userId))
        return new Response('unknown user', { status: 404 });
      return new Response(auth.sign({ tenant: TENANT, userId }), {
        headers: { 'content-type': 'text/plain' },
      });
    },
  },
  { port: Number(process.env.GRANTKIT_PORT ?? 0) },
);
console.log(JSON.stringify({ grants: server.url, dataDir }));

const stop = async () => {
  await app.close();
  await server.close();
  await storage.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
