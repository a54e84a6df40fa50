/**
 * Tenants on a budget (issue 15): the registry evicts by estimated memory and idle time,
 * never a tenant in use, and a reloaded tenant (checkpoint + ops after it) answers as before.
 * Real PGlite throughout; the HTTP tests run on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acme, as, eventually, gainsight, globex, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';
import {
  estimateWorldBytes,
  type RegistryOptions,
  SNAPSHOT_SHARED_BYTES_PER_ENTRY,
  type TenantEviction,
  TenantRegistry,
} from './registry.ts';

let storage: Storage;
beforeAll(async () => {
  storage = await createPGliteStorage();
  await storage.ensureTenant('acme', acme());
  await storage.ensureTenant('globex', globex());
});
afterAll(async () => {
  await storage.close();
});

const registry = (options: Partial<RegistryOptions> = {}) => {
  const evictions: TenantEviction[] = [];
  const r = new TenantRegistry({
    storage,
    schema: gainsight(),
    checkpointEvery: 1000,
    maxStale: 3600,
    heartbeatMs: 60_000,
    onEvict: (e) => evictions.push(e),
    ...options,
  });
  return { r, evictions };
};

describe('estimateWorldBytes', () => {
  it('counts an asset share as more than a member (a map entry and an index entry)', () => {
    const users = [{ id: 'a' }, { id: 'b' }];
    const dashboard = { type: 'dashboard', id: 'd', owner: 'a' };
    const plain = estimateWorldBytes({ users, resources: [dashboard] });
    const shared = estimateWorldBytes({
      users,
      resources: [{ ...dashboard, sharing: 'specific', shares: [{ user: 'b', level: 'view' }] }],
    });
    const member = estimateWorldBytes({ users, groups: [{ id: 'G', members: ['b'] }] });
    const group = estimateWorldBytes({ users, groups: [{ id: 'G' }] });
    expect(shared - plain).toBeGreaterThan(member - group);
  });

  it('grows with the entries of the world and the references inside them', () => {
    const small = estimateWorldBytes(globex());
    const larger = estimateWorldBytes(acme());
    expect(larger).toBeGreaterThan(small);
    const shared = estimateWorldBytes({
      users: [{ id: 'a' }],
      groups: [{ id: 'G', members: ['a', 'b', 'c'] }],
    });
    expect(shared).toBeGreaterThan(
      estimateWorldBytes({ users: [{ id: 'a' }], groups: [{ id: 'G' }] }),
    );
  });
});

describe('TenantRegistry eviction', () => {
  it('evicts the least recently used tenant when the estimates exceed maxMemoryBytes', async () => {
    const { r, evictions } = registry({ maxMemoryBytes: estimateWorldBytes(acme()) + 1 });
    try {
      await r.get('acme');
      expect(r.loaded.bytes).toBe(estimateWorldBytes(acme()));
      await r.get('globex'); // both no longer fit: acme, used least recently, goes
      expect(r.has('acme')).toBe(false);
      expect(r.has('globex')).toBe(true);
      expect(evictions).toEqual([
        { tenant: 'acme', reason: 'memory', bytes: estimateWorldBytes(acme()) },
      ]);
      expect(r.loaded).toEqual({ tenants: 1, bytes: estimateWorldBytes(globex()) });
    } finally {
      await r.close();
    }
  });

  it('counts the shared part of the snapshots once, from the first compile on (a first snapshot took twice its estimate)', async () => {
    const { r } = registry();
    try {
      const lease = (await r.acquire('acme'))!;
      const { snapshots } = lease.tenant;
      const world = acme();
      const entries = Object.values(world).reduce(
        (n, list) => n + (Array.isArray(list) ? list.length : 0),
        0,
      );
      expect(snapshots.sharedBytes).toBe(entries * SNAPSHOT_SHARED_BYTES_PER_ENTRY);
      expect(snapshots.bytes).toBe(0); // nothing compiled: nothing shared is built yet
      snapshots.current('sam');
      snapshots.current('ann');
      lease.release();
      const counted = snapshots.bytes;
      expect(r.loaded.bytes).toBe(estimateWorldBytes(world) + counted);
      // Once for the tenant, not once per user: without it the count drops by exactly that.
      snapshots.sharedBytes = 0;
      expect(counted - snapshots.bytes).toBe(entries * SNAPSHOT_SHARED_BYTES_PER_ENTRY);
      expect(snapshots.bytes).toBeGreaterThan(2 * 1024);
    } finally {
      await r.close();
    }
  });

  it('counts the cached snapshots of a tenant against the budget: many users can push it out', async () => {
    const worlds = estimateWorldBytes(acme()) + estimateWorldBytes(globex());
    const { r, evictions } = registry({ maxMemoryBytes: worlds + 1 });
    try {
      const lease = (await r.acquire('acme'))!;
      expect(r.loaded.bytes).toBe(estimateWorldBytes(acme()));
      for (const user of ['sam', 'ann', 'bob', 'eve', 'u0', 'u1', 'u2', 'u3'])
        lease.tenant.snapshots.current(user);
      lease.release();
      const snapshots = lease.tenant.snapshots.bytes;
      expect(snapshots).toBeGreaterThan(8 * 1024);
      expect(r.loaded.bytes).toBe(estimateWorldBytes(acme()) + snapshots);
      // Both worlds alone would fit; with acme's snapshots they do not.
      await r.get('globex');
      expect(r.has('acme')).toBe(false);
      expect(evictions.map((e) => [e.tenant, e.bytes])).toEqual([
        ['acme', estimateWorldBytes(acme()) + snapshots],
      ]);
      expect(r.loaded).toEqual({ tenants: 1, bytes: estimateWorldBytes(globex()) });
    } finally {
      await r.close();
    }
  });

  it('keeps the tenant used last even when it alone is over budget', async () => {
    const { r, evictions } = registry({ maxMemoryBytes: 0 });
    try {
      await r.get('acme');
      expect(r.has('acme')).toBe(true);
      await r.get('globex');
      expect(r.has('acme')).toBe(false);
      expect(r.has('globex')).toBe(true);
      expect(evictions.map((e) => e.tenant)).toEqual(['acme']);
    } finally {
      await r.close();
    }
  });

  it('evicts a tenant unused for idleMs, never one with an open stream or a request holding it', async () => {
    const { r, evictions } = registry({ idleMs: 40 });
    try {
      // Used first (so idle longest), but streaming and held.
      const streaming = await r.acquire('acme');
      const stop = new AbortController();
      streaming!.tenant.streams.open('ann', undefined, undefined, stop.signal);
      streaming!.release();
      const held = await r.acquire('globex');
      expect(held).not.toBeNull();
      // The sweeper sees both: neither goes while in use, however long it waits.
      const witness = new TenantRegistry({
        storage,
        schema: gainsight(),
        checkpointEvery: 1000,
        maxStale: 3600,
        heartbeatMs: 60_000,
        idleMs: 40,
      });
      await witness.get('globex');
      await eventually(() => !witness.has('globex'), 10_000); // idle sweeps have run meanwhile
      await witness.close();
      expect(r.has('acme')).toBe(true);
      expect(r.has('globex')).toBe(true);
      expect(evictions).toEqual([]);
      // Once the stream ends and the hold is released, both go idle and are evicted.
      stop.abort();
      held!.release();
      await eventually(() => !r.has('acme') && !r.has('globex'), 10_000);
      expect(evictions.map((e) => e.reason)).toEqual(['idle', 'idle']);
      expect(r.loaded).toEqual({ tenants: 0, bytes: 0 });
    } finally {
      await r.close();
    }
  });

  it('never evicts a tenant while an op is in flight on it', async () => {
    const { r, evictions } = registry({ maxMemoryBytes: 0 });
    try {
      const lease = await r.acquire('acme');
      const before = lease!.tenant.engine.revision;
      const op = lease!.tenant.engine.apply('sam', 'share', {
        asset: 'd2',
        user: 'eve',
        level: 'view',
      });
      await r.get('globex'); // over budget: acme would go first, but it is held
      expect(r.has('acme')).toBe(true);
      expect((await op).revision).toBe(before + 1);
      lease!.release(); // acme is no longer the newest: the budget evicts it now
      expect(r.has('acme')).toBe(false);
      expect(evictions.map((e) => e.tenant)).toEqual(['acme']);
      const reloaded = await r.get('acme');
      expect(reloaded!.engine.revision).toBe(before + 1);
      expect(reloaded!.engine.model.check('eve', 'view', { type: 'dashboard', id: 'd2' })).toBe(
        true,
      );
    } finally {
      await r.close();
    }
  });

  it('loads a tenant once however many requests ask for it at the same time, also after an eviction', async () => {
    const { r } = registry({ maxMemoryBytes: 0 });
    try {
      const first = await Promise.all(Array.from({ length: 20 }, () => r.acquire('acme')));
      expect(r.counts.loads).toBe(1);
      expect(new Set(first.map((l) => l!.tenant)).size).toBe(1);
      for (const l of first) l!.release();
      await r.get('globex');
      expect(r.has('acme')).toBe(false);
      // Requests for both tenants interleaved while the budget keeps evicting one of them.
      const mixed = await Promise.all(
        Array.from({ length: 40 }, (_, i) => r.acquire(i % 2 === 0 ? 'acme' : 'globex')),
      );
      expect(r.counts.loads).toBe(3); // acme again, once; globex was still loaded
      expect(new Set(mixed.filter((_, i) => i % 2 === 0).map((l) => l!.tenant)).size).toBe(1);
      for (const l of mixed) l!.release();
      expect(r.loaded.tenants).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('answers null for an unknown tenant and keeps nothing for it', async () => {
    const { r } = registry();
    try {
      expect(await r.acquire('nobody')).toBeNull();
      expect(r.loaded).toEqual({ tenants: 0, bytes: 0 });
    } finally {
      await r.close();
    }
  });

  it('refuses a negative budget and a non-positive idle timeout', () => {
    expect(() => registry({ maxMemoryBytes: -1 })).toThrow(/maxMemoryBytes/);
    expect(() => registry({ idleMs: 0 })).toThrow(/idleMs/);
  });
});

describe('createGrantsApp({ tenants })', () => {
  it('a reloaded tenant answers identically (same revision, same ETag) and accepts ops', async () => {
    const db = await createPGliteStorage();
    const evictions: TenantEviction[] = [];
    // A checkpoint every 2 ops: after 3 ops the reload reads checkpoint 2 plus op 3.
    const srv = await startApp(db, {
      checkpointEvery: 2,
      tenants: { idleMs: 60_000, maxMemoryBytes: 0, onEvict: (e) => evictions.push(e) },
    });
    try {
      const sam = as(srv.url, 'sam');
      for (const user of ['bob', 'cat', 'eve'])
        expect((await sam.op('share', { asset: 'd3', user, level: 'view' })).status).toBe(200);
      // checkpoints are written after commit, in the background: wait for it, not for a time
      await eventually(async () => (await db.loadTenant('acme'))?.checkpointRevision === 2);
      const before = await as(srv.url, 'bob').get('/grants');
      const etag = before.headers.get('etag');
      const { issuedAt: _, ...body } = await before.json();
      expect(body.revision).toBe(3);

      await as(srv.url, 'zed', 'globex').get('/grants'); // the budget evicts acme
      await eventually(() => evictions.some((e) => e.tenant === 'acme'));

      const after = await as(srv.url, 'bob').get('/grants');
      expect(after.headers.get('etag')).toBe(etag);
      const { issuedAt: __, ...again } = await after.json();
      expect(again).toEqual(body);
      const cached = await as(srv.url, 'bob').get('/grants', { 'if-none-match': etag! });
      expect(cached.status).toBe(304);
      const op = await sam.op('revoke', { asset: 'd3', user: 'bob' });
      expect(op.status).toBe(200);
      expect((await as(srv.url, 'bob').get('/grants')).headers.get('etag')).toBe('"4"');
    } finally {
      await srv.close();
      await db.close();
    }
  });

  it('close() waits for the checkpoint an eviction started (no write cut short by the storage closing)', async () => {
    const db = await createPGliteStorage();
    const events: string[] = [];
    // Checkpoint writes are held for a while: close() must outlast them.
    const slow: Storage = Object.create(db, {
      writeCheckpoint: {
        value: async (...args: Parameters<Storage['writeCheckpoint']>) => {
          events.push('write');
          await new Promise((resolve) => setTimeout(resolve, 300));
          const written = await db.writeCheckpoint(...args);
          events.push('written');
          return written;
        },
      },
    });
    const srv = await startApp(slow, { checkpointEvery: 1000, tenants: { maxMemoryBytes: 0 } });
    try {
      const op = await as(srv.url, 'sam').op('share', { asset: 'd3', user: 'bob', level: 'view' });
      expect(op.status).toBe(200);
      await as(srv.url, 'zed', 'globex').get('/grants'); // evicts acme: its checkpoint is due
      await eventually(() => events.includes('write'));
    } finally {
      await srv.close();
      events.push('closed');
    }
    expect(events).toEqual(['write', 'written', 'closed']);
    expect((await db.loadTenant('acme'))?.checkpointRevision).toBe(1);
    await db.close();
  });

  it('serves concurrent requests and ops over two tenants while the budget evicts between them', async () => {
    const db = await createPGliteStorage();
    const srv = await startApp(db, { tenants: { maxMemoryBytes: 0 } });
    try {
      const users = Array.from({ length: 20 }, (_, i) => `u${i}`);
      const answers = await Promise.all([
        ...users.map((user) =>
          as(srv.url, 'sam').op('share', { asset: 'd3', user, level: 'view' }),
        ),
        ...users.map((user) => as(srv.url, user).get('/grants')),
        ...users.map(() => as(srv.url, 'zed', 'globex').get('/grants')),
      ]);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      const final = await as(srv.url, 'u0').get('/grants');
      expect(final.headers.get('etag')).toBe('"20"');
    } finally {
      await srv.close();
      await db.close();
    }
  });
});

describe('createPGliteStorage({ postgresqlConf })', () => {
  it('hands its lines to PostgreSQL: a valid setting serves, an invalid one fails at start', async () => {
    const small = await createPGliteStorage({ postgresqlConf: ['shared_buffers = 16MB'] });
    try {
      await small.ensureTenant('acme', acme());
      expect((await small.loadTenant('acme'))?.revision).toBe(0);
    } finally {
      await small.close();
    }
    await expect(
      createPGliteStorage({ postgresqlConf: ['shared_buffers = not-a-size'] }),
    ).rejects.toThrow();
  });
});
