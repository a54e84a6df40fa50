/**
 * MODEL W6: a tenant has at most `MAX_WEBHOOKS` webhooks, however many registrations race
 * (the count and the insert are one step in storage, under a per-tenant lock). On PGlite,
 * and on a real PostgreSQL (READ COMMITTED, two instances on one database) when installed.
 * Real HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startPostgres, type TestPostgres } from '../__fixtures__/postgres.ts';
import { as, startApp } from '../__fixtures__/world.ts';
import { MAX_WEBHOOKS } from '../http/webhooks.ts';
import { WebhookLimitError } from '../storage/activity.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import { createPostgresStorage } from '../storage/postgres.ts';
import type { Storage } from '../storage/types.ts';

/** Twice the limit, all at once. */
const RACERS = 2 * MAX_WEBHOOKS;

/** `RACERS` registrations in Acme, at once, spread over `urls` (apps); their statuses and bodies. */
async function race(urls: readonly string[]) {
  const token = as(urls[0]!, 'sam').token;
  return Promise.all(
    Array.from({ length: RACERS }, async (_, i) => {
      const res = await fetch(`${urls[i % urls.length]}/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://127.0.0.1:9/hook-${i}`, actions: [] }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }),
  );
}

function expectExactlyTheLimit(results: Awaited<ReturnType<typeof race>>) {
  const created = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status !== 201);
  expect(created).toHaveLength(MAX_WEBHOOKS);
  expect(refused).toHaveLength(RACERS - MAX_WEBHOOKS);
  for (const r of refused)
    expect(r).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid',
          message: `a tenant has at most ${MAX_WEBHOOKS} webhooks`,
          field: 'url',
        },
      },
    });
}

describe('MODEL W6: the webhook limit holds under concurrent registrations (PGlite)', () => {
  let storage: Storage;
  let srv: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    storage = await createPGliteStorage();
    srv = await startApp(storage);
  });
  afterAll(async () => {
    await srv?.close();
    await storage?.close();
  });

  it(`${RACERS} concurrent POST /webhooks: exactly ${MAX_WEBHOOKS} created, the rest refused with the limit's error`, async () => {
    expectExactlyTheLimit(await race([srv.url]));
    expect(await storage.activity.listWebhooks('acme')).toHaveLength(MAX_WEBHOOKS);
    // storage refuses one more itself, with the typed error naming the rule (nothing written)
    const more = storage.activity.createWebhook(
      'acme',
      { id: 'wh_more', url: 'http://127.0.0.1:9/more', actions: [], secret: 's', by: 'sam' },
      MAX_WEBHOOKS,
    );
    await expect(more).rejects.toBeInstanceOf(WebhookLimitError);
    await expect(more).rejects.toMatchObject({ rule: 'W6', max: MAX_WEBHOOKS, tenant: 'acme' });
    expect(await storage.activity.listWebhooks('acme')).toHaveLength(MAX_WEBHOOKS);
    // another tenant has its own limit
    const globex = await fetch(`${srv.url}/webhooks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${as(srv.url, 'ann', 'globex').token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/globex' }),
    });
    expect(globex.status).toBe(201);
  });
});

const bin = findPostgresBin();
if (bin === undefined)
  console.warn(
    'webhook-limit.test.ts: the PostgreSQL case is skipped: no initdb/pg_ctl found (install postgresql or set GRANTKIT_PG_BIN)',
  );

describe.skipIf(bin === undefined)(
  'MODEL W6: the webhook limit holds under concurrent registrations (PostgreSQL, two instances; skipped when PostgreSQL is not installed)',
  () => {
    let pg: TestPostgres;
    let sa: Storage;
    let sb: Storage;
    let A: Awaited<ReturnType<typeof startApp>>;
    let B: Awaited<ReturnType<typeof startApp>>;
    beforeAll(async () => {
      pg = await startPostgres(bin!);
      sa = await createPostgresStorage({ connectionString: pg.url });
      sb = await createPostgresStorage({ connectionString: pg.url });
      A = await startApp(sa);
      B = await startApp(sb);
    }, 120_000);
    afterAll(async () => {
      await A?.close();
      await B?.close();
      await sa?.close();
      await sb?.close();
      pg?.destroy();
    });

    it(`${RACERS} concurrent POST /webhooks over two instances: exactly ${MAX_WEBHOOKS} created, the rest refused with the limit's error`, async () => {
      expectExactlyTheLimit(await race([A.url, B.url]));
      expect(await sa.activity.listWebhooks('acme')).toHaveLength(MAX_WEBHOOKS);
    });
  },
);
