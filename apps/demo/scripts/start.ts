/**
 * README command 1: starts the reference grants server on embedded PGlite (data in
 * apps/demo/.data) and the demo app in Vite, both on 127.0.0.1, and prints the URL.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineSchema } from '@grantkit/core';
import { createGrantsApp, createHmacAuth, createPGliteStorage, listen } from '@grantkit/server';
import { createServer } from 'vite';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.GRANTKIT_DATA_DIR ?? join(appDir, '.data', 'pglite');
mkdirSync(dataDir, { recursive: true });

const storage = await createPGliteStorage({ dataDir });
// A placeholder tenant until the demo's seed lands: one super admin on a one-page schema.
const schema = defineSchema({
  pages: [{ id: 'dashboards', title: 'Dashboards' }],
  types: { page: { kind: 'page', actions: ['navigate', 'edit'], implies: { edit: ['navigate'] } } },
});
await storage.ensureTenant('demo', { users: [{ id: 'admin', superAdmin: true }] });
const auth = createHmacAuth({
  secret: process.env.GRANTKIT_SECRET ?? 'grantkit-demo-dev-secret-not-for-production',
});
const grants = createGrantsApp({ storage, schema, authenticate: auth.authenticate });
const api = await listen(grants, {
  port: Number(process.env.GRANTKIT_API_PORT ?? 0),
});
const vite = await createServer({
  root: appDir,
  configFile: join(appDir, 'vite.config.ts'),
  server: {
    port: Number(process.env.PORT ?? 5173),
    proxy: { '/api': { target: api.url, rewrite: (path) => path.replace(/^\/api/, '') } },
  },
});
await vite.listen();
const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;
console.log(`\nGrantkit demo: ${url}  (grants server ${api.url}, PGlite at ${dataDir})\n`);

const stop = async () => {
  await vite.close();
  await grants.close();
  await api.close();
  await storage.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
