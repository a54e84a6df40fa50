/** Test fixtures: the Gainsight schema of the conformance suite, small tenant worlds, an app on 127.0.0.1. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSchema, type Schema, type WorldInput } from '@grantkit/core';
import { createGrantsApp, type GrantsApp, type GrantsAppOptions } from '../app.ts';
import { createHmacAuth } from '../auth.ts';
import { listen, type RunningServer } from '../node.ts';
import type { Storage } from '../storage/types.ts';

/** The repository root: it holds the conformance suite (`conformance/`) and the rules (`spec/`). */
export function repoDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  if (!existsSync(join(root, 'conformance', 'schema.gainsight.json')))
    throw new Error(`conformance/schema.gainsight.json not found in the repository (${root})`);
  return root;
}

let schema: Schema | undefined;
export const gainsight = (): Schema => {
  schema ??= loadSchema(
    JSON.parse(readFileSync(join(repoDir(), 'conformance', 'schema.gainsight.json'), 'utf8')),
  );
  return schema;
};

const pages = (...ids: string[]) => ids.map((id) => ({ type: 'page', id, actions: ['navigate'] }));

/** Acme: a super admin, a dashboard builder who administers bundles, plain users, a viewer, an inactive user. */
export const acme = (): WorldInput => ({
  users: [
    { id: 'sam', superAdmin: true },
    { id: 'ann', attributes: { region: 'emea' } },
    { id: 'bob', attributes: { region: 'amer' } },
    { id: 'cat', license: 'viewer' },
    { id: 'dan', active: false },
    { id: 'eve' },
    ...Array.from({ length: 20 }, (_, i) => ({ id: `u${i}` })),
  ],
  groups: [{ id: 'EMEA', rule: { attr: 'region', op: '=', value: 'emea' } }],
  bundles: [
    {
      id: 'DASH',
      grants: pages('dashboards', 'administration', 'administration.dashboardBuilder'),
      users: ['ann', 'bob'],
    },
    {
      id: 'ADMIN',
      grants: pages('administration', 'administration.permissionBundles'),
      users: ['ann'],
    },
    { id: 'TEAM', grants: pages('timeline'), users: [] },
  ],
  resources: [
    { type: 'folder', id: 'f1', owner: 'ann', sharing: 'private' },
    { type: 'dashboard', id: 'd1', parent: 'f1', owner: 'ann', fields: { title: 'Q3 Revenue' } },
    { type: 'dashboard', id: 'd2', owner: 'ann' },
    { type: 'dashboard', id: 'd3', owner: 'sam' },
  ],
  recordTypes: [{ type: 'relationship', everyone: false, rules: [] }],
});

/** Globex: another tenant with its own users (one with the same id as Acme's). */
export const globex = (): WorldInput => ({
  users: [{ id: 'ann', superAdmin: true }, { id: 'zed' }],
  resources: [{ type: 'dashboard', id: 'secret', owner: 'zed' }],
});

/** The signing secret of the test apps. */
export const auth = createHmacAuth({ secret: 'test-secret-0123456789abcdef' });

/** A grants app for `storage` on 127.0.0.1 with Acme and Globex seeded. */
export async function startApp(
  storage: Storage,
  options: Partial<GrantsAppOptions> = {},
): Promise<{ app: GrantsApp; server: RunningServer; url: string; close(): Promise<void> }> {
  await storage.ensureTenant('acme', acme());
  await storage.ensureTenant('globex', globex());
  const app = createGrantsApp({
    storage,
    schema: gainsight(),
    authenticate: auth.authenticate,
    onError: () => {},
    ...options,
  });
  const server = await listen(app, { port: 0 });
  return {
    app,
    server,
    url: server.url,
    async close() {
      await app.close();
      await server.close();
    },
  };
}

/** `fetch` as a user of a tenant. */
export function as(base: string, userId: string, tenant = 'acme') {
  const token = auth.sign({ tenant, userId });
  const headers = (extra?: Record<string, string>) => ({
    authorization: `Bearer ${token}`,
    ...extra,
  });
  return {
    token,
    get: (path: string, extra?: Record<string, string>) =>
      fetch(`${base}${path}`, { headers: headers(extra) }),
    op: (op: string, args: unknown, query = '') =>
      fetch(`${base}/ops/${op}${query}`, {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json' }),
        body: typeof args === 'string' ? args : JSON.stringify(args),
      }),
  };
}

/** Resolves when `predicate` holds, polling every 20 ms, or rejects after `ms` (long: it catches a condition that never holds, not a slow machine). */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
