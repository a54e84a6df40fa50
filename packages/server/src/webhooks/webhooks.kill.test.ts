/**
 * MODEL W6 through a crash: the grants server runs in a child process on a PGlite data
 * directory and is killed with SIGKILL while a delivery is in flight (the receiver holds it
 * open); a new process on the same directory delivers every event: at least once, in
 * revision order (first deliveries by seq), each signature valid, none lost. Loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { as, eventually } from '../__fixtures__/world.ts';
import { verifyWebhook } from './sign.ts';
import type { WebhookEvent } from './worker.ts';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', '__fixtures__', 'webhook-process.ts');
const dir = mkdtempSync(join(tmpdir(), 'grantkit-webhook-kill-'));
const children: ChildProcess[] = [];

/** Starts the server process on `dir`; resolves its URL once it listens. */
function startServer(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    ['--conditions=@grantkit/source', '--import', 'tsx', script, dir],
    { cwd: join(here, '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(proc);
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) =>
      resolve({ proc, url: (JSON.parse(line) as { url: string }).url }),
    );
    proc.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal})`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Got {
  readonly event: WebhookEvent;
  readonly verified: boolean;
  readonly at: number;
}

describe('MODEL W6: a server killed with -9 in the middle of a delivery', () => {
  it('after a restart on the same data directory every event is delivered, at least once, in order, signed', async () => {
    let secret = '';
    const got: Got[] = [];
    /** The delivery to hold open (its seq), and what to do once it arrives. */
    let hold: { seq: number; arrived: () => void } | null = null;
    const held: ServerResponse[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const event = JSON.parse(body) as WebhookEvent;
        const check = verifyWebhook(secret, req.headers as Record<string, string>, body);
        if (hold !== null && event.seq === hold.seq) {
          // in flight when the server dies: never answered
          held.push(res);
          const h = hold;
          hold = null;
          h.arrived();
          return;
        }
        got.push({ event, verified: check.ok && check.eventId === event.id, at: Date.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const { port } = receiver.address() as { port: number };
    try {
      let server = await startServer();
      const created = await fetch(`${server.url}/webhooks`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${as(server.url, 'sam').token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook` }),
      });
      expect(created.status).toBe(201);
      secret = ((await created.json()) as { secret: string }).secret;

      const sentAt = new Map<number, number>(); // revision → when its op was acknowledged
      const send = async (url: string, i: number) => {
        const res = await as(url, 'sam').op('setUser', { id: 'eve', attributes: { n: i } });
        expect(res.status).toBe(200);
        sentAt.set(((await res.json()) as { revision: number }).revision, Date.now());
      };
      // 10 delivered normally, then one held open, then the kill with 20 more committed behind it
      for (let i = 0; i < 10; i++) await send(server.url, i);
      await eventually(() => got.length >= 10, 30_000);
      const arrived = new Promise<void>((resolve) => {
        hold = { seq: Math.max(...got.map((g) => g.event.seq)) + 1, arrived: resolve };
      });
      for (let i = 10; i < 30; i++) await send(server.url, i);
      await arrived;
      server.proc.kill('SIGKILL');
      await new Promise((r) => server.proc.once('exit', r));
      for (const res of held) res.destroy();

      server = await startServer();
      for (let i = 30; i < 40; i++) await send(server.url, i);
      // what the server holds: every event of the tenant (sam sees all), oldest first
      const feed = (await (await as(server.url, 'sam').get('/activity?limit=200')).json()) as {
        items: { id: string; seq: number }[];
      };
      const expected = feed.items.map((i) => i.id).reverse();
      expect(expected.length).toBeGreaterThanOrEqual(40);
      await eventually(() => {
        const ids = new Set(got.map((g) => g.event.id));
        return expected.every((id) => ids.has(id));
      }, 60_000);

      const ids = new Set(got.map((g) => g.event.id));
      const lost = expected.filter((id) => !ids.has(id)).length;
      expect(lost).toBe(0);
      expect(got.every((g) => g.verified)).toBe(true);
      // in revision order: the first delivery of each event after those of earlier events
      const first: string[] = [];
      for (const g of got) if (!first.includes(g.event.id)) first.push(g.event.id);
      expect(first).toEqual(expected);
      const firsts = got.filter((g, i) => got.findIndex((p) => p.event.id === g.event.id) === i);
      const latency = (gs: Got[]) => {
        const ms = gs
          .map((g) => g.at - (sentAt.get(g.event.revision) ?? g.at))
          .sort((a, b) => a - b);
        return ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.99))];
      };
      const p99 = latency(firsts);
      const before = latency(firsts.slice(0, 10));
      console.log(
        `webhook kill -9: ${expected.length} events, lost ${lost}, deliveries ${got.length} (repeats ${got.length - ids.size}), p99 ack → first delivery ${before} ms before the kill, ${p99} ms through the restart`,
      );
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  }, 150_000);
});
