/**
 * MODEL W6 on a real PostgreSQL on 127.0.0.1: two server instances on one database, each
 * with its delivery worker (leases with `FOR UPDATE SKIP LOCKED`): every event of ops made
 * through either is delivered, in revision order, signed.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startPostgres, type TestPostgres } from '../__fixtures__/postgres.ts';
import { as, eventually, startApp } from '../__fixtures__/world.ts';
import { createPostgresStorage } from '../storage/postgres.ts';
import type { Storage } from '../storage/types.ts';
import { verifyWebhook } from './sign.ts';

const bin = findPostgresBin();

describe.skipIf(bin === undefined)('MODEL W6 on PostgreSQL: two instances, one outbox', () => {
  let pg: TestPostgres;
  let sa: Storage;
  let sb: Storage;
  let A: Awaited<ReturnType<typeof startApp>>;
  let B: Awaited<ReturnType<typeof startApp>>;
  let receiver: Server;
  let url = '';
  let secret = '';
  const got: { id: string; seq: number; ok: boolean }[] = [];
  const fast = { webhooks: { pollMs: 30, backoffMs: 20, maxBackoffMs: 200 } };
  beforeAll(async () => {
    pg = await startPostgres(bin!);
    sa = await createPostgresStorage({ connectionString: pg.url });
    sb = await createPostgresStorage({ connectionString: pg.url });
    A = await startApp(sa, fast);
    B = await startApp(sb, fast);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const check = verifyWebhook(secret, req.headers as Record<string, string>, body);
        const event = JSON.parse(body) as { id: string; seq: number };
        got.push({ id: event.id, seq: event.seq, ok: check.ok });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  }, 120_000);
  afterAll(async () => {
    await A?.close();
    await B?.close();
    await sa?.close();
    await sb?.close();
    receiver?.close();
    pg?.destroy();
  });

  it('delivers every event of ops through either instance at least once, in order, signed', async () => {
    const res = await fetch(`${A.url}/webhooks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${as(A.url, 'sam').token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ url, actions: ['setUser'] }),
    });
    expect(res.status).toBe(201);
    secret = ((await res.json()) as { secret: string }).secret;
    for (let i = 0; i < 12; i++) {
      const srv = i % 2 === 0 ? A : B;
      expect(
        (await as(srv.url, 'sam').op('setUser', { id: 'eve', attributes: { n: i } })).status,
      ).toBe(200);
    }
    const events = (
      await sa.activity.listEvents('acme', { action: 'setUser', limit: 100 })
    ).reverse();
    expect(events).toHaveLength(12);
    await eventually(() => events.every((e) => got.some((g) => g.id === `acme:${e.seq}`)), 30_000);
    expect(got.every((g) => g.ok)).toBe(true);
    const firstSeen: number[] = [];
    for (const g of got) if (!firstSeen.includes(g.seq)) firstSeen.push(g.seq);
    expect(firstSeen).toEqual(events.map((e) => e.seq));
  });
});
