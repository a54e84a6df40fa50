/**
 * The client against the real grants server (@grantkit/server, PGlite in memory) on
 * 127.0.0.1: loading, push, refresh, read-your-writes, ETag/deltas, user switch,
 * sign-out, dispose. MODEL C1–C4.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { MemoryStorage, sleep, until } from './__fixtures__/util.ts';
import { createGrantkitClient } from './client.ts';
import { crossTab } from './cross-tab.ts';
import { explainTexts } from './explain.ts';
import { persist } from './persist.ts';
import type { GrantChange, GrantkitClient, GrantkitClientOptions } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
let proxy: FaultProxy;
const clients: GrantkitClient[] = [];

beforeAll(async () => {
  proxy = await startProxy(server.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  proxy.rule = undefined;
});
afterAll(() => proxy.close());

/** `storage`: with the persistent cache in it (`persist({ storage })`). */
type Options = Partial<GrantkitClientOptions> & { storage?: Storage };
const client = (userId: string, { storage, ...options }: Options = {}) => {
  const c = createGrantkitClient({
    baseUrl: proxy.url,
    tenant: TENANT,
    userId,
    getToken: () => server.token(userId),
    plugins: storage ? [persist({ storage })] : [],
    ...options,
  });
  clients.push(c);
  return c;
};
const ready = (c: GrantkitClient) => until(() => c.status === 'ready', 5_000, 'ready');

describe('loading (MODEL C1, C3)', () => {
  it('fails closed until the snapshot is loaded, then answers synchronously', async () => {
    const ann = client('ann', { plugins: [explainTexts()] });
    expect(ann.status).toBe('loading');
    expect(ann.can('design', { type: 'survey' })).toBe(false);
    expect(ann.explain('design', { type: 'survey' })).toMatchObject({
      allowed: false,
      message: 'grants not loaded yet',
    });
    await ready(ann);
    expect(ann.can('design', { type: 'survey' })).toBe(true);
    expect(ann.can('analyze', { type: 'survey', id: 's1' })).toBe(true); // MODEL K4
    expect(ann.can('view', { type: 'report' })).toBe(false);
    expect(ann.explain('design', { type: 'survey' }).message).toContain('surveyors');
    const state = ann.getSnapshot();
    expect(state).toMatchObject({ status: 'ready', tenant: TENANT, userId: 'ann', error: null });
    expect(state.snapshot?.user).toBe('ann');
    expect(ann.getSnapshot()).toBe(state); // the same reference until something changes
  });
});

describe('push and refresh (MODEL C2)', () => {
  it('a permission change on the server reaches a subscribed client within 2 s via push', async () => {
    const bob = client('bob');
    await ready(bob);
    await until(() => proxy.openStreams() > 0, 5_000, 'stream');
    await sleep(50);
    const changes: GrantChange[] = [];
    bob.subscribe((c) => changes.push(c));
    const before = proxy.hits.get('/grants') ?? 0;
    expect(bob.can('view', { type: 'report' })).toBe(false);
    const started = performance.now();
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'bob' });
    await until(() => bob.can('view', { type: 'report' }), 2_000, 'the pushed change');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(proxy.hits.get('/grants')).toBe(before + 1); // one fetch, triggered by the event
    // narrow notification: only the report type changed
    const last = changes.at(-1)!;
    expect(last.types).not.toBe('all');
    expect([...(last.types as ReadonlySet<string>)]).toEqual(['report']);
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'bob' });
    await until(() => !bob.can('view', { type: 'report' }), 2_000, 'the revocation');
  });

  it('refresh() gets a change immediately, without push; concurrent calls share one request', async () => {
    const bob = client('bob', { push: false });
    await ready(bob);
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'bob' });
    expect(bob.can('view', { type: 'report' })).toBe(false);
    const before = proxy.hits.get('/grants') ?? 0;
    const a = bob.refresh();
    const b = bob.refresh();
    expect(a).toBe(b);
    await a;
    expect(proxy.hits.get('/grants')).toBe(before + 1);
    expect(bob.can('view', { type: 'report' })).toBe(true);
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'bob' });
    await bob.refresh();
    expect(bob.can('view', { type: 'report' })).toBe(false);
  });

  it('awaitRevision gives read-your-writes after an admin op, even when the user is not affected', async () => {
    const ann = client('ann', { push: false });
    const bob = client('bob', { push: false });
    await Promise.all([ready(ann), ready(bob)]);
    const { revision } = await server.op('admin', 'addToBundle', {
      bundle: 'reporters',
      user: 'ann',
    });
    await ann.awaitRevision(revision, { timeoutMs: 2_000 });
    expect(ann.can('view', { type: 'report' })).toBe(true);
    await bob.awaitRevision(revision, { timeoutMs: 2_000 }); // unchanged for bob: a 304 carries the revision
    expect(bob.getSnapshot().revision).toBeGreaterThanOrEqual(revision);
    const r2 = await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'ann' });
    await ann.awaitRevision(r2.revision);
    expect(ann.can('view', { type: 'report' })).toBe(false);
    await expect(ann.awaitRevision(r2.revision + 100, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('revalidates with ETag (304) and applies deltas from ?since=', async () => {
    const bob = client('bob', { push: false });
    await ready(bob);
    const mark = proxy.recorded.length;
    await bob.refresh();
    expect(proxy.recorded.slice(mark).map((r) => r.status)).toEqual([304]);
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'bob' });
    await bob.refresh();
    const body = JSON.parse(proxy.recorded.at(-1)!.body) as { kind: string };
    expect(['delta', 'full']).toContain(body.kind);
    expect(bob.can('view', { type: 'report' })).toBe(true);
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'bob' });
    await bob.refresh();
    expect(bob.can('view', { type: 'report' })).toBe(false);
  });
});

describe('revalidation triggers', () => {
  it('revalidates on window focus (at most once a second) and when back online', async () => {
    const bob = client('bob', { push: false });
    await ready(bob);
    await sleep(1_100);
    const before = proxy.hits.get('/grants') ?? 0;
    const hits = () => proxy.hits.get('/grants') ?? 0;
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('focus'));
    await until(() => hits() >= before + 1, 3_000, 'the focus fetch');
    await sleep(100);
    expect(hits()).toBe(before + 1); // the second focus, within a second, fetched nothing
    window.dispatchEvent(new Event('online'));
    await until(() => hits() >= before + 2, 3_000, 'the online fetch');
  });

  it('when back online, the stream reconnects at once', async () => {
    const bob = client('bob');
    await ready(bob);
    await until(() => proxy.openStreams() === 1, 5_000, 'stream');
    const streams = proxy.hits.get('/grants/stream')!;
    window.dispatchEvent(new Event('online'));
    await until(() => proxy.hits.get('/grants/stream') === streams + 1, 2_000, 'the new stream');
    await until(() => proxy.openStreams() === 1, 2_000, 'one stream');
  });
});

describe('identity and storage (MODEL C4)', () => {
  it('caches per tenant + user + format and starts ready from a fresh cache', async () => {
    const storage = new MemoryStorage();
    const first = client('ann', { storage });
    await ready(first);
    expect([...storage.map.keys()]).toEqual([`grantkit:1:${TENANT}:ann`]);
    first.dispose();
    const second = client('ann', { storage, fetch: () => new Promise(() => {}) });
    expect(second.status).toBe('ready');
    expect(second.can('design', { type: 'survey' })).toBe(true);
    // a cache past maxStale is not used
    const later = client('ann', {
      storage,
      fetch: () => new Promise(() => {}),
      now: () => Date.now() + 3_600_001,
    });
    expect(later.status).toBe('loading');
    expect(later.can('design', { type: 'survey' })).toBe(false);
  });

  it('the cache is read before the first fetch, whatever the order of the plugins: it revalidates (304)', async () => {
    const storage = new MemoryStorage();
    await ready(client('ann', { storage }));
    const from = proxy.recorded.length;
    // without BroadcastChannel crossTab() leads at once, while the plugins are starting
    vi.stubGlobal('BroadcastChannel', undefined);
    try {
      const c = client('ann', { plugins: [crossTab(), persist({ storage })] });
      expect(c.status).toBe('ready'); // from the cache, at once
    } finally {
      vi.unstubAllGlobals();
    }
    await until(
      () => proxy.recorded.slice(from).some((r) => r.path === '/grants'),
      5_000,
      'a fetch',
    );
    expect(proxy.recorded.slice(from).find((r) => r.path === '/grants')?.status).toBe(304);
  });

  it('setUser drops everything of the previous user, in memory and storage', async () => {
    const storage = new MemoryStorage();
    const c = client('ann', { storage });
    await ready(c);
    c.setUser({ tenant: TENANT, userId: 'bob', getToken: () => server.token('bob') });
    expect(c.status).toBe('loading');
    expect(c.getSnapshot()).toMatchObject({ userId: 'bob', snapshot: null, revision: null });
    expect(c.can('design', { type: 'survey' })).toBe(false);
    expect(storage.dump()).not.toContain('ann');
    await ready(c);
    expect(c.getSnapshot().snapshot?.user).toBe('bob');
    expect(c.can('design', { type: 'survey' })).toBe(false);
    expect(storage.dump()).not.toContain('"ann"');
  });

  it('after signOut() nothing of the previous user is readable from storage', async () => {
    const c = client('ann', { plugins: [persist()] }); // the default: localStorage
    await ready(c);
    expect(localStorage.length).toBeGreaterThan(0);
    c.signOut();
    expect(c.getSnapshot()).toMatchObject({ status: 'idle', userId: null, snapshot: null });
    expect(c.can('design', { type: 'survey' })).toBe(false);
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      expect(`${key} ${localStorage.getItem(key)}`).not.toMatch(/ann|surveyors/);
    }
    await sleep(50);
    expect(localStorage.length).toBe(0);
  });
});

describe('dispose', () => {
  it('leaves no timer, stream, channel or listener running', async () => {
    await sleep(100);
    // what this process holds besides sockets (undici keeps idle keep-alive sockets in its pool)
    const held = () =>
      process
        .getActiveResourcesInfo()
        .filter((r) => !/TCP|Pipe|TTY/.test(r))
        .sort();
    const before = held();
    const add = vi.spyOn(window, 'addEventListener');
    const remove = vi.spyOn(window, 'removeEventListener');
    const c = createGrantkitClient({
      baseUrl: proxy.url,
      tenant: TENANT,
      userId: 'ann',
      getToken: () => server.token('ann'),
      plugins: [crossTab()],
      revalidateInterval: 1_000,
    });
    await ready(c);
    await until(() => proxy.openStreams() === 1, 5_000, 'stream');
    expect(held().length).toBeGreaterThan(before.length); // timers and the tab channel
    expect(add.mock.calls.map(([type]) => type).sort()).toEqual(['focus', 'online']);
    // each listener is removed by removeEventListener (not by an AbortSignal: jsdom installed
    // over Node's globals, as `bench/react.bench.ts` and global-jsdom do, refuses Node's signals)
    const removed = () =>
      add.mock.calls.every(([type, fn]) =>
        remove.mock.calls.some(([t, f]) => t === type && f === fn),
      );
    expect(removed()).toBe(false);
    let calls = 0;
    c.subscribe(() => calls++);
    c.dispose();
    expect(removed()).toBe(true);
    add.mockRestore();
    remove.mockRestore();
    expect(c.status).toBe('idle');
    expect(c.can('design', { type: 'survey' })).toBe(false);
    await until(() => proxy.openStreams() === 0, 2_000, 'the stream to close');
    // A request aborted by dispose() may still be closing its connection for a moment (the
    // proxy is in this process too): wait for that, then require that nothing comes back.
    const same = () => JSON.stringify(held()) === JSON.stringify(before);
    await until(same, 2_000, 'the resources held before the client');
    const after = calls;
    await sleep(300);
    expect(calls).toBe(after);
    expect(held()).toEqual(before);
  });
});
