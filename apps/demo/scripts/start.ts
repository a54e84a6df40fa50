/**
 * README command 1: starts the reference grants server on embedded PGlite (data in
 * apps/demo/.data, created and seeded on first run) and the demo app in Vite, both on
 * 127.0.0.1, and prints the URL. Env: GRANTKIT_DATA_DIR, PORT (Vite; 0 picks a free one),
 * GRANTKIT_API_PORT, GRANTKIT_SECRET.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSchema } from '@grantkit/core';
import { createGrantsApp, createHmacAuth, createPGliteStorage, listen } from '@grantkit/server';
import { createServer } from 'vite';
import schemaJson from '../src/schema.json' with { type: 'json' };
import { DEMO_TENANT, seedWorld } from '../src/seed/index.ts';
import { PRODUCTS, productStory, productWorld, tenantsOf } from '../src/seed/products.ts';
import { withDevLogin } from './devLogin.ts';
import { RECEIVER_PATH, registerWebhook, withWebhookReceiver } from './webhookReceiver.ts';

const started = performance.now();
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.GRANTKIT_DATA_DIR ?? join(appDir, '.data', 'pglite');
mkdirSync(dataDir, { recursive: true });

const storage = await createPGliteStorage({ dataDir });
const seeded = await storage.ensureTenant(DEMO_TENANT, seedWorld());
// the product tenants sharing the PX people (MODEL W5)
const products = PRODUCTS.filter((p) => p.tenant !== DEMO_TENANT);
const newProducts: string[] = [];
for (const p of products)
  if (await storage.ensureTenant(p.tenant, productWorld(p.tenant))) newProducts.push(p.tenant);
const auth = createHmacAuth({
  secret: process.env.GRANTKIT_SECRET ?? 'grantkit-demo-dev-secret-not-for-production',
  ttlSeconds: 12 * 3600,
});
const grants = createGrantsApp({
  storage,
  schema: loadSchema(schemaJson),
  authenticate: auth.authenticate,
});
for (const tenant of newProducts)
  for (const { actor, resource, action } of productStory(tenant))
    await grants.grants.apply(tenant, actor, { op: 'transition', args: { resource, action } });
let webhookSecret: string | undefined;
const receiver = withWebhookReceiver(
  withDevLogin(grants, auth, DEMO_TENANT, tenantsOf),
  () => webhookSecret,
  // the log shows what the webhook's registrant sees: only tenant admins (they may list webhooks)
  async (request) => {
    const authorization = request.headers.get('authorization') ?? '';
    const res = await grants.fetch(
      new Request(new URL('/webhooks', request.url), { headers: { authorization } }),
    );
    return res.ok;
  },
);
const api = await listen(receiver, {
  port: Number(process.env.GRANTKIT_API_PORT ?? 0),
});
webhookSecret = await registerWebhook(
  api.url,
  `${api.url}${RECEIVER_PATH}`,
  auth.sign({ tenant: DEMO_TENANT, userId: 'sam' }),
);
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
const ms = Math.round(performance.now() - started);
console.log(
  `\nGrantkit demo: ${url}  (grants server ${api.url}, PGlite at ${dataDir}${seeded ? ', seeded tenant "acme"' : ''}; ready in ${ms} ms)\n`,
);

const stop = async () => {
  await vite.close();
  await grants.close();
  await api.close();
  await storage.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
