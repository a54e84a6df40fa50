/**
 * Activity figures of the reference server (MODEL section 8), on PGlite over HTTP on
 * 127.0.0.1, in this process:
 * `activity.notify.p99_ms`: from sending an op (it commits before it answers) to the
 * `event: notification` at each of 200 watchers' open streams (target ≤ 500 ms).
 * `activity.feed.page.ms`: one 50-item page of `GET /activity` in a tenant holding 100,000
 * events, seeded with bulk SQL (target ≤ 20 ms; median of runs).
 * `webhook.delivery.p99_ms`: op sent → signed delivery at a loopback receiver;
 * `webhook.lost`: events never delivered, across a server restart (close and reopen on the
 * same data directory) in the middle of delivery (target 0).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Harness } from './harness.ts';

const SECRET = 'bench-secret-0123456789abcdef';
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? NaN;

export default async function activityBench(h: Harness): Promise<void> {
  const { loadSchema } = await import('@grantkit/core');
  const { PGlite } = await import('@electric-sql/pglite');
  const { createGrantsApp, createHmacAuth, createPGliteStorage, listen } = await import(
    '@grantkit/server'
  );
  const schema = loadSchema(
    JSON.parse(
      readFileSync(new URL('../conformance/schema.gainsight.json', import.meta.url), 'utf8'),
    ),
  );
  const auth = createHmacAuth({ secret: SECRET, ttlSeconds: 3600 });
  const dir = mkdtempSync(join(tmpdir(), 'grantkit-activity-bench-'));
  const viewers = Array.from({ length: 200 }, (_, i) => ({ id: `v${i}`, roles: ['PX_VIEWER'] }));
  const world = {
    users: [{ id: 'pa', roles: ['PX_ADMIN'] }, { id: 'sam', superAdmin: true }, ...viewers],
    resources: Array.from({ length: 100 }, (_, i) => ({
      type: 'engagement',
      id: `e${i}`,
      env: 'production',
      state: 'active',
    })),
  };
  // Seed: two tenants; `big` gets 100,000 audit rows by bulk SQL while no server runs.
  let storage = await createPGliteStorage({ dataDir: dir });
  await storage.ensureTenant('px', world);
  await storage.ensureTenant('big', world);
  await storage.close();
  const raw = new PGlite(dir);
  await raw.query(
    `insert into grantkit_audit (tenant, revision, actor, action, resource_type, resource_id, before, after, at)
     select 'big', g, 'pa', case when g % 2 = 0 then 'pause' else 'launch' end, 'engagement', 'e' || (g % 100),
            '{"state":"active"}'::jsonb, '{"state":"paused"}'::jsonb, 1767225600000 + g
       from generate_series(1, 100000) g`,
  );
  await raw.query(`update grantkit_tenants set revision = 0 where id = 'big'`);
  await raw.close();

  const open = async () => {
    storage = await createPGliteStorage({ dataDir: dir });
    const app = createGrantsApp({
      storage,
      schema,
      authenticate: auth.authenticate,
      onError: () => {},
      heartbeatMs: 60_000,
      webhooks: { pollMs: 200, backoffMs: 50, maxBackoffMs: 500 },
    });
    const server = await listen(app, { port: 0 });
    return { app, server, url: server.url };
  };
  let srv = await open();
  const headers = (tenant: string, userId: string) => ({
    authorization: `Bearer ${auth.sign({ tenant, userId })}`,
    'content-type': 'application/json',
  });
  const op = (tenant: string, name: string, args: unknown, userId = 'pa') =>
    fetch(`${srv.url}/ops/${name}`, {
      method: 'POST',
      headers: headers(tenant, userId),
      body: JSON.stringify(args),
    }).then(async (r) => {
      if (r.status !== 200) throw new Error(`${name}: ${r.status} ${await r.text()}`);
      return r.json();
    });

  try {
    // activity.feed.page.ms
    const page = () =>
      fetch(`${srv.url}/activity?limit=50`, { headers: headers('big', 'pa') }).then(async (r) => {
        const body = (await r.json()) as { items: unknown[] };
        if (body.items.length !== 50) throw new Error(`a page of ${body.items.length}`);
      });
    await page();
    h.figure('activity.feed.page.ms', await h.timeMs(page, { runs: 30 }), 'ms', '<= 20');

    // activity.notify.p99_ms: 200 watchers with open streams.
    for (const v of viewers) await op('px', 'watch', { target: { type: 'engagement' } }, v.id);
    const stop = new AbortController();
    const arrivals = new Map<string, number[]>();
    let connected = 0;
    await Promise.all(
      viewers.map(async (v) => {
        const res = await fetch(`${srv.url}/grants/stream`, {
          headers: headers('px', v.id),
          signal: stop.signal,
        });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        let counted = false;
        void (async () => {
          try {
            for (let c = await reader.read(); !c.done; c = await reader.read()) {
              buf += decoder.decode(c.value, { stream: true });
              if (!counted && buf.includes(': connected')) {
                counted = true;
                connected++;
              }
              for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
                const frame = buf.slice(0, i);
                buf = buf.slice(i + 2);
                const m = /event: notification\ndata: (.*)/.exec(frame);
                if (m?.[1] === undefined) continue;
                const key = `${(JSON.parse(m[1]) as { event: { revision: number } }).event.revision}`;
                const list = arrivals.get(key) ?? [];
                list.push(performance.now());
                arrivals.set(key, list);
              }
            }
          } catch {}
        })();
      }),
    );
    while (connected < viewers.length) await new Promise((r) => setTimeout(r, 20));
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      const out = (await op('px', 'transition', {
        resource: { type: 'engagement', id: `e${i}` },
        action: 'pause',
      })) as { revision: number };
      const until = Date.now() + 30_000;
      // Wait for this op's notification at every watcher.
      for (;;) {
        const got = arrivals.get(String(out.revision));
        if (got !== undefined && got.length >= viewers.length) {
          for (const t of got) latencies.push(t - sent);
          break;
        }
        if (Date.now() > until) throw new Error('notifications did not all arrive in 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    stop.abort();
    h.figure('activity.notify.p99_ms', p99(latencies), 'ms', '<= 500');

    // webhook.delivery.p99_ms and webhook.lost, across a restart in the middle of delivery.
    const delivered = new Map<string, number>();
    const receiver = createServer((req, res) => {
      const id = String(req.headers['x-grantkit-event-id']);
      req.resume();
      req.on('end', () => {
        if (!delivered.has(id)) delivered.set(id, performance.now());
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    const [latest] = await storage.activity.listEvents('px', { limit: 1 });
    const registeredAfter = latest?.seq ?? 0; // events before the webhook are not its
    const hook = await fetch(`${srv.url}/webhooks`, {
      method: 'POST',
      headers: headers('px', 'sam'),
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, actions: ['pause', 'launch'] }),
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status}`);
    const sentAt = new Map<string, number>();
    // e0…e19 were paused above; each send toggles one engagement.
    const paused = new Set(Array.from({ length: 20 }, (_, i) => `e${i}`));
    const send = async (i: number) => {
      const id = `e${i % 100}`;
      const action = paused.has(id) ? 'launch' : 'pause';
      if (action === 'launch') paused.delete(id);
      else paused.add(id);
      const t = performance.now();
      const out = (await op('px', 'transition', {
        resource: { type: 'engagement', id },
        action,
      })) as { revision: number };
      sentAt.set(String(out.revision), t);
    };
    const all = async () =>
      (await storage.activity.listEvents('px', { limit: 1000 })).filter(
        (e) => e.seq > registeredAfter && (e.action === 'pause' || e.action === 'launch'),
      );
    const arrived = async (ms: number) => {
      const until = Date.now() + ms;
      let events = await all();
      while (Date.now() < until && !events.every((e) => delivered.has(`px:${e.seq}`))) {
        await new Promise((r) => setTimeout(r, 20));
        events = await all();
      }
      return events;
    };
    for (let i = 0; i < 100; i++) await send(i + 20);
    const first = await arrived(60_000);
    const delays: number[] = [];
    for (const e of first) {
      const s = sentAt.get(String(e.revision));
      const d = delivered.get(`px:${e.seq}`);
      if (s !== undefined && d !== undefined) delays.push(d - s);
    }
    h.figure('webhook.delivery.p99_ms', p99(delays), 'ms');
    // Then a restart while deliveries are in flight.
    for (let i = 100; i < 200; i++) void send(i + 20).catch(() => {}); // cut by the restart
    await new Promise((r) => setTimeout(r, 50));
    await srv.app.close();
    await srv.server.close();
    await storage.close();
    srv = await open();
    // Ops cut by the restart may or may not have committed: read the states back.
    paused.clear();
    for (const r of await srv.app.grants.lifecycle(
      { tenant: 'px', userId: 'sam' },
      'engagement',
      'paused',
    ))
      paused.add(r.id);
    for (let i = 200; i < 250; i++) await send(i + 20);
    const expected = await arrived(60_000);
    const lost = expected.filter((e) => !delivered.has(`px:${e.seq}`)).length;
    h.figure('webhook.lost', lost, 'events', '0');
    receiver.close();
  } finally {
    await srv.app.close();
    await srv.server.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
