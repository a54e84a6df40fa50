/**
 * What one signed-in user can make the server hold for them is bounded: snapshots asked
 * with made-up `viewAs` values (MODEL A11: only an active super admin views as someone)
 * take no cache slot, and open grant streams per user are capped. Real PGlite, the real
 * tenant registry and stream hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acme, eventually, gainsight } from '../__fixtures__/world.ts';
import type { Principal } from '../auth.ts';
import { notificationStream } from '../http/notify-stream.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';
import { TenantRegistry } from '../tenants/registry.ts';
import { MAX_PENDING_WRITES, MAX_STREAMS_PER_USER } from '../tenants/stream.ts';

let storage: Storage;
beforeAll(async () => {
  storage = await createPGliteStorage();
  await storage.ensureTenant('acme', acme());
});
afterAll(async () => {
  await storage.close();
});

const registry = () =>
  new TenantRegistry({
    storage,
    schema: gainsight(),
    checkpointEvery: 1000,
    maxStale: 3600,
    heartbeatMs: 60_000,
  });

type Registry = ReturnType<typeof registry>;
type Streams = NonNullable<Awaited<ReturnType<Registry['acquire']>>>['tenant']['streams'];

/**
 * Opens one stream of bob and {@link MAX_STREAMS_PER_USER} of ann in tenant acme through
 * `open`, then one more of ann: ann's oldest ends, bob's stays, the count stays at the cap.
 */
async function expectCappedPerUser(
  open: (
    r: Registry,
    streams: Streams,
    userId: string,
    signal: AbortSignal,
  ) => Promise<ReadableStreamDefaultReader<Uint8Array>>,
): Promise<void> {
  const r = registry();
  const aborts: AbortController[] = [];
  try {
    const lease = (await r.acquire('acme'))!;
    const { streams } = lease.tenant;
    const opened = async (userId: string) => {
      const controller = new AbortController();
      aborts.push(controller);
      const reader = await open(r, streams, userId, controller.signal);
      await reader.read(); // connected: its listener is registered
      return reader;
    };
    const ended = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
      for (;;) if ((await reader.read()).done) return true;
    };
    const oldest = await opened('ann');
    await opened('bob');
    for (let i = 1; i < MAX_STREAMS_PER_USER; i++) await opened('ann');
    expect(streams.connections).toBe(MAX_STREAMS_PER_USER + 1);
    await opened('ann'); // one more: ann's oldest ends, bob's stays
    await expect(ended(oldest)).resolves.toBe(true);
    expect(streams.connections).toBe(MAX_STREAMS_PER_USER + 1);
    lease.release();
  } finally {
    for (const c of aborts) c.abort();
    await r.close();
  }
}

describe('bounded per-user state (server probes)', () => {
  it('finding P9: made-up viewAs values of a user who may not view as take no snapshot cache slot; a super admin’s views are cached (MODEL A11)', async () => {
    const r = registry();
    try {
      const lease = (await r.acquire('acme'))!;
      const { snapshots } = lease.tenant;
      snapshots.current('ann');
      const one = snapshots.bytes;
      for (let i = 0; i < 50; i++) {
        const { version } = snapshots.current('ann', `nobody-${i}`);
        expect(version.snapshot.active).toBe(false); // closed (MODEL A11, C3)
      }
      expect(snapshots.bytes).toBe(one);
      expect(snapshots.at('ann', version0(snapshots), 'nobody-1')).toBeUndefined();
      // The same request by an active super admin is a real view, cached like any snapshot.
      const viewed = snapshots.current('sam', 'ann').version.snapshot;
      expect(viewed).toMatchObject({ active: true, viewAs: 'ann' });
      expect(snapshots.bytes).toBeGreaterThan(one);
      lease.release();
    } finally {
      await r.close();
    }
  });

  it(`finding P10: a user's grant streams are capped at ${MAX_STREAMS_PER_USER} per tenant: one more closes their oldest, not another user's`, async () => {
    await expectCappedPerUser(async (_, streams, userId, signal) =>
      streams.open(userId, undefined, undefined, signal).body!.getReader(),
    );
  });

  it(`finding P11: a user's notification streams are capped at ${MAX_STREAMS_PER_USER} per tenant like grant streams: one more closes their oldest, not another user's`, async () => {
    await expectCappedPerUser(async (r, _, userId, signal) => {
      const principal: Principal = { tenant: 'acme', userId };
      const response = await notificationStream(
        r,
        new Request('http://grantkit.local/notifications/stream', { signal }),
        principal,
        { authenticate: () => principal, reauthenticateMs: 60_000, heartbeatMs: 60_000 },
      );
      return response.body!.getReader();
    });
  });

  it('finding P12: a notification stream of a person active in none of their tenants is refused (403, MODEL K7), not held open uncounted', async () => {
    const r = registry();
    const controller = new AbortController();
    try {
      for (const userId of ['nobody', 'dan']) {
        // unknown in acme; dan is inactive there. A listed tenant that does not exist adds nothing.
        const principal: Principal = {
          tenant: 'acme',
          userId,
          tenants: [{ tenant: 'no-such-tenant', userId }],
        };
        const response = await notificationStream(
          r,
          new Request('http://grantkit.local/notifications/stream', { signal: controller.signal }),
          principal,
          { authenticate: () => principal, reauthenticateMs: 60_000, heartbeatMs: 60_000 },
        );
        expect(response.status).toBe(403);
        expect(await response.text()).toMatch(/MODEL K7/);
      }
      const lease = (await r.acquire('acme'))!;
      expect(lease.tenant.streams.connections).toBe(0);
      lease.release();
    } finally {
      controller.abort();
      await r.close();
    }
  });

  it(`finding P14: a stream whose client reads nothing is dropped after ${MAX_PENDING_WRITES} waiting events (grant and notification streams); one that reads stays`, async () => {
    // Heartbeats every 2 ms stand in for a busy tenant's events.
    const r = new TenantRegistry({
      storage,
      schema: gainsight(),
      checkpointEvery: 1000,
      maxStale: 3600,
      heartbeatMs: 2,
    });
    const aborts: AbortController[] = [];
    const signal = () => {
      const controller = new AbortController();
      aborts.push(controller);
      return controller.signal;
    };
    try {
      const lease = (await r.acquire('acme'))!;
      const { streams } = lease.tenant;
      const principal: Principal = { tenant: 'acme', userId: 'bob' };
      const notes = await notificationStream(
        r,
        new Request('http://grantkit.local/notifications/stream', { signal: signal() }),
        principal,
        { authenticate: () => principal, reauthenticateMs: 60_000, heartbeatMs: 2 },
      );
      const stalled = [
        streams.open('ann', undefined, undefined, signal()).body!.getReader(),
        notes.body!.getReader(),
      ];
      for (const reader of stalled) await reader.read(); // then nothing more is read
      const reading = streams.open('eve', undefined, undefined, signal()).body!.getReader();
      let readerDone = false;
      void (async () => {
        while (!(await reading.read()).done);
        readerDone = true;
      })();
      expect(streams.connections).toBe(3);
      // A hang guard, not a timing: the stalled ones go once their queues fill.
      await eventually(() => streams.connections === 1, 20_000);
      for (const reader of stalled) while (!(await reader.read()).done);
      expect(readerDone).toBe(false);
      lease.release();
    } finally {
      for (const c of aborts) c.abort();
      await r.close();
    }
  });
});

/** The revision the tenant is at (a version of it must not exist for a made-up view). */
const version0 = (snapshots: { current(u: string): { version: { from: number } } }) =>
  snapshots.current('ann').version.from;
