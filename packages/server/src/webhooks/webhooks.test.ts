/**
 * MODEL W6 over HTTP on 127.0.0.1 with a real PGlite on disk: webhook registration by tenant
 * admins, and delivery to a receiver that fails, then recovers, through a server restart:
 * every event at least once, in revision order, signed, de-duplicable by its event id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';
import { verifyWebhook } from './sign.ts';
import type { WebhookEvent } from './worker.ts';

interface Received {
  readonly event: WebhookEvent;
  readonly verified: boolean;
  readonly eventId: string | undefined;
}

/** A receiver on 127.0.0.1: answers 500 while `failing`, records every accepted delivery. */
async function startReceiver(secret: () => string) {
  const state = { failing: true, refused: 0, accepted: [] as Received[] };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (state.failing) {
        state.refused += 1;
        res.writeHead(500).end();
        return;
      }
      const check = verifyWebhook(secret(), req.headers as Record<string, string>, body);
      state.accepted.push({
        event: JSON.parse(body) as WebhookEvent,
        verified: check.ok,
        eventId: check.ok ? check.eventId : undefined,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    state,
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const fast = { webhooks: { pollMs: 30, backoffMs: 20, maxBackoffMs: 200 } };
const dir = mkdtempSync(join(tmpdir(), 'grantkit-webhooks-'));
let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
let secret = '';
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver(() => secret);
  storage = await createPGliteStorage({ dataDir: dir });
  srv = await startApp(storage, fast);
});
afterAll(async () => {
  await srv?.close();
  await storage?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MODEL W6: webhooks', () => {
  it('only tenant admins register webhooks; the secret is returned once; bad urls are refused naming the field', async () => {
    const post = (user: string, body: unknown) =>
      fetch(`${srv.url}/webhooks`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${as(srv.url, user).token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    expect((await post('bob', { url: receiver.url })).status).toBe(403);
    const bad = await post('sam', { url: 'http://10.0.0.5/hook' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('url');
    const created = await post('sam', { url: receiver.url, actions: [] });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };
    expect(hook.secret).toMatch(/^whsec_/);
    secret = hook.secret;
    const list = (await (await as(srv.url, 'ann').get('/webhooks')).json()) as Record<
      string,
      unknown
    >[];
    expect(list.map((h) => h.id)).toEqual([hook.id]);
    expect(JSON.stringify(list)).not.toContain(hook.secret);
    expect((await as(srv.url, 'bob').get('/webhooks')).status).toBe(403);
    // Another tenant sees none of Acme's webhooks.
    const globex = (await (
      await as(srv.url, 'ann', 'globex').get('/webhooks')
    ).json()) as unknown[];
    expect(globex).toEqual([]);
  });

  it('a failing receiver that recovers, across a server restart: every event at least once, in order, signed, de-duplicable', async () => {
    const sam = () => as(srv.url, 'sam');
    for (let i = 0; i < 5; i++)
      expect((await sam().op('setUser', { id: 'eve', attributes: { n: i } })).status).toBe(200);
    await eventually(() => receiver.state.refused >= 2, 20_000);
    // Restart while deliveries are pending: close the app and the database, reopen the same dir.
    await srv.close();
    await storage.close();
    storage = await createPGliteStorage({ dataDir: dir });
    srv = await startApp(storage, fast);
    for (let i = 5; i < 8; i++)
      expect(
        (await as(srv.url, 'sam').op('setUser', { id: 'eve', attributes: { n: i } })).status,
      ).toBe(200);
    const audit = (await storage.activity.listEvents('acme', { limit: 1000 })).reverse();
    expect(audit.length).toBeGreaterThanOrEqual(8);
    receiver.state.failing = false;
    await eventually(() => {
      const got = new Set(receiver.state.accepted.map((r) => r.eventId));
      return audit.every((e) => got.has(`acme:${e.seq}`));
    }, 30_000);
    const { accepted } = receiver.state;
    expect(accepted.every((r) => r.verified)).toBe(true);
    // In revision order: the first delivery of each event comes after those of earlier events.
    const firstSeen: number[] = [];
    for (const r of accepted) if (!firstSeen.includes(r.event.seq)) firstSeen.push(r.event.seq);
    expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
    expect(firstSeen).toEqual(audit.map((e) => e.seq));
    expect(accepted.every((r) => r.eventId === r.event.id && r.event.tenant === 'acme')).toBe(true);
    await eventually(async () => {
      const hooks = (await (await as(srv.url, 'sam').get('/webhooks')).json()) as {
        pending: number;
      }[];
      return hooks[0]?.pending === 0;
    }, 10_000);
  });

  it("a delivery carries only what the webhook's registrant may see now (MODEL W1, E5)", async () => {
    let secret2 = '';
    const r2 = await startReceiver(() => secret2);
    r2.state.failing = false;
    try {
      const created = await fetch(`${srv.url}/webhooks`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${as(srv.url, 'ann').token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ url: r2.url, actions: ['share'] }),
      });
      expect(created.status).toBe(201);
      const hook = (await created.json()) as { id: string; secret: string };
      secret2 = hook.secret;
      // Ann may not see sam's d3; she owns d2.
      expect(
        (await as(srv.url, 'sam').op('share', { asset: 'd3', user: 'eve', level: 'view' })).status,
      ).toBe(200);
      expect(
        (await as(srv.url, 'sam').op('share', { asset: 'd2', user: 'eve', level: 'view' })).status,
      ).toBe(200);
      await eventually(async () => {
        const hooks = (await (await as(srv.url, 'ann').get('/webhooks')).json()) as {
          id: string;
          pending: number;
        }[];
        return hooks.find((h) => h.id === hook.id)?.pending === 0;
      }, 20_000);
      expect(r2.state.accepted.map((r) => r.event.resource.id)).toEqual(['d2']);
      expect(r2.state.accepted.every((r) => r.verified)).toBe(true);
    } finally {
      await r2.close();
    }
  });
});
