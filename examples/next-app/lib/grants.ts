/**
 * The grants server of this app, in the Next.js server process: @grantkit/server on PGlite
 * (a temporary data directory unless GRANTKIT_DATA_DIR is set), mounted at /grantkit by
 * app/grantkit/[...path]/route.ts (its `basePath`), and asked in-process (`app.grants`) for
 * snapshots by server components.
 * One instance per process (kept on globalThis: Next bundles route handlers and pages apart).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineSchema } from '@grantkit/core';
import type { GrantSnapshot } from '@grantkit/sdk';
import { createGrantsApp, createHmacAuth, createPGliteStorage } from '@grantkit/server';

export const TENANT = 'acme';
export const USERS = ['ann', 'bob'] as const;

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
  users: USERS.map((id) => ({ id })),
  bundles: [
    {
      id: 'Analysts',
      users: [...USERS],
      grants: [{ type: 'page', id: 'dashboards', actions: ['navigate'] }],
    },
  ],
  resources: [
    {
      type: 'dashboard',
      id: 'q3',
      owner: 'ann',
      fields: { title: 'Q3 Revenue' },
      sharing: 'specific' as const,
      shares: [{ user: 'bob', level: 'view' as const }],
    },
    { type: 'dashboard', id: 'roadmap', owner: 'bob', fields: { title: 'Roadmap' } },
  ],
};

async function start() {
  const dataDir = process.env.GRANTKIT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'grantkit-next-'));
  const storage = await createPGliteStorage({ dataDir });
  await storage.ensureTenant(TENANT, world);
  const auth = createHmacAuth({
    secret: process.env.GRANTKIT_SECRET ?? 'example-secret-change-me-0123456789',
    ttlSeconds: 3600,
  });
  // basePath: the route handler at app/grantkit/[...path] hands it requests as they come
  const app = createGrantsApp({
    storage,
    schema,
    authenticate: auth.authenticate,
    basePath: '/grantkit',
  });
  return { app, auth };
}

type Grants = Awaited<ReturnType<typeof start>>;
const key = Symbol.for('grantkit.example.next');
const holder = globalThis as typeof globalThis & { [key]?: Promise<Grants> };

/** The process's grants server (started on first use). */
export function grants(): Promise<Grants> {
  holder[key] ??= start();
  return holder[key];
}

/**
 * Stands in for your sign-in: a token for a seeded user (your auth decides who is signed in).
 */
export async function signIn(userId: string): Promise<string> {
  const { auth } = await grants();
  return auth.sign({ tenant: TENANT, userId });
}

/**
 * The user's snapshot, taken in-process (what GET /grants would answer them): no token, no
 * request, no network hop.
 */
export async function snapshotFor(userId: string): Promise<GrantSnapshot> {
  const { app } = await grants();
  return app.grants.snapshot(TENANT, userId);
}
