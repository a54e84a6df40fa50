/**
 * The sync scheduler against the real grants server on 127.0.0.1 (through the fault
 * proxy): one request at a time, abandoned after requestTimeout, retried with backoff,
 * a revision announced during a fetch fetched right after it, nothing kept after stop.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { sleep, until } from './__fixtures__/util.ts';
import { createHolder } from './holder.ts';
import { createScheduler, type SchedulerOptions } from './scheduler.ts';
import { createClientStore } from './store.ts';
import { authHeaders, httpTransport } from './sync.ts';
import { validateSnapshot } from './validate.ts';

const server = connect(inject('grants').url, inject('grants').secret);
let proxy: FaultProxy;
const stops: (() => void)[] = [];
beforeAll(async () => {
  proxy = await startProxy(server.url);
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  proxy.rule = undefined;
});
afterAll(() => proxy.close());

const fetches = () => proxy.hits.get('/grants') ?? 0;

/** A holder and a scheduler for `ivy`, over HTTP through the proxy. */
function setup(options: Partial<SchedulerOptions> = {}) {
  const store = createClientStore({
    status: 'loading',
    reason: null,
    revision: null,
    tenant: TENANT,
    userId: 'ivy',
    error: null,
    snapshot: null,
  });
  const holder = createHolder({ store, now: Date.now });
  holder.reset({ tenant: TENANT, userId: 'ivy' });
  const transport = httpTransport(proxy.url, fetch, () => authHeaders(() => server.token('ivy')));
  const sync = createScheduler({
    holder,
    transport,
    receive: (got) => {
      if ('raw' in got) holder.take(validateSnapshot(got.raw, TENANT, 'ivy'), { at: Date.now() });
      else if (holder.held) holder.take(holder.held, { at: Date.now(), same: true });
    },
    now: Date.now,
    requestMs: 15_000,
    pollMs: 60_000,
    ...options,
  });
  sync.begin();
  stops.push(() => sync.halt());
  return { store, holder, sync };
}

describe('createScheduler', () => {
  it('concurrent refreshes share one request; a later one revalidates with a 304', async () => {
    const { store, sync } = setup();
    const before = fetches();
    await Promise.all([sync.fetchNow(), sync.fetchNow(), sync.fetchNow()]);
    expect(fetches()).toBe(before + 1);
    expect(store.get().status).toBe('ready');
    await sync.fetchNow();
    expect(fetches()).toBe(before + 2);
    expect(proxy.recorded.at(-1)?.status).toBe(304);
  });

  it('a request slower than requestTimeout is abandoned as a network error and retried with backoff', async () => {
    const { store, holder, sync } = setup({ requestMs: 300 });
    proxy.rule = (req) =>
      req.url?.startsWith('/grants') ? { kind: 'delay', ms: 5_000 } : undefined;
    await sync.fetchNow();
    expect(store.get().error?.message).toMatch(/did not answer within 300 ms/);
    expect(holder.failures).toBe(1);
    proxy.rule = undefined;
    sync.tune({ leads: true }); // the leader retries on its own (backoff ≤ 500 ms)
    await until(() => store.get().status === 'ready', 10_000, 'the retry');
    expect(holder.failures).toBe(0);
  });

  it('a revision announced while a fetch is in flight is fetched right after it', async () => {
    const { holder, sync } = setup();
    await sync.fetchNow();
    const held = holder.held!.revision;
    proxy.rule = (req) => (req.url?.startsWith('/grants') ? { kind: 'delay', ms: 300 } : undefined);
    const before = fetches();
    const first = sync.fetchNow();
    const { revision } = await server.op('admin', 'addToBundle', {
      bundle: 'reporters',
      user: 'ivy',
    });
    stops.push(
      () => void server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'ivy' }),
    );
    expect(holder.announce(revision)).toBe(true);
    sync.catchUp();
    await first;
    proxy.rule = undefined;
    // the proxy delays the request, so the first fetch may already bring the change
    const brought = holder.held!.revision;
    await until(() => (holder.held?.revision ?? 0) >= revision, 5_000, 'the announced revision');
    expect(holder.held!.revision).toBeGreaterThan(held);
    expect(holder.behind).toBe(false);
    expect(fetches()).toBe(before + (brought < revision ? 2 : 1));
  });

  it('after stop, the answer of the fetch in flight is dropped and nothing is scheduled', async () => {
    const { store, sync } = setup();
    proxy.rule = (req) => (req.url?.startsWith('/grants') ? { kind: 'delay', ms: 200 } : undefined);
    const pending = sync.fetchNow();
    sync.halt();
    await pending;
    const before = fetches();
    await sleep(400);
    expect(store.get().status).toBe('loading');
    expect(fetches()).toBe(before);
    await sync.fetchNow(); // stopped: does nothing
    expect(fetches()).toBe(before);
  });
});
