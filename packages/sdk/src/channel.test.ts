/**
 * Cross-tab: clients of the same user in one process share a BroadcastChannel, as tabs
 * do; one leader keeps the one stream and does the automatic fetches, the others get
 * its snapshots, and a change seen by one reaches all. Against the real grants server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { MemoryStorage, sleep, until } from './__fixtures__/util.ts';
import { createGrantkitClient } from './client.ts';
import type { GrantkitClient, GrantkitClientOptions } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
let proxy: FaultProxy;
const clients: GrantkitClient[] = [];

beforeAll(async () => {
  proxy = await startProxy(server.url);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.dispose();
  await until(() => proxy.openStreams() === 0, 2_000, 'streams to close');
  await server
    .op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'eve' })
    .catch(() => {});
});
afterAll(() => proxy.close());

const tab = (options: Partial<GrantkitClientOptions> = {}) => {
  const userId = options.userId ?? 'eve';
  const c = createGrantkitClient({
    baseUrl: proxy.url,
    tenant: TENANT,
    userId,
    getToken: () => server.token(userId),
    storage: null,
    ...options,
  });
  clients.push(c);
  return c;
};
const ready = (c: GrantkitClient) => until(() => c.status === 'ready', 5_000, 'ready');
const canView = (c: GrantkitClient) => c.can('view', { type: 'report' });
const fetches = () => proxy.hits.get('/grants') ?? 0;

describe('tabs of the same user', () => {
  it('share one stream and one fetch; a change reaches every tab', async () => {
    const a = tab();
    await ready(a);
    await until(() => proxy.openStreams() === 1, 2_000, 'stream');
    await sleep(100); // the leader's catch-up fetch when its stream opened
    const before = fetches();
    const b = tab();
    await ready(b); // from the leader's snapshot, without a fetch of its own
    expect(fetches()).toBe(before);
    const c = tab();
    await ready(c);
    await sleep(300);
    expect(proxy.openStreams()).toBe(1);
    const start = fetches();
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'eve' });
    await until(() => [a, b, c].every(canView), 2_000, 'the change in every tab');
    expect(fetches()).toBe(start + 1);
    expect(b.getSnapshot().revision).toBe(a.getSnapshot().revision);
  });

  it('a refresh in any tab reaches the others', async () => {
    const a = tab({ push: false });
    await ready(a);
    const b = tab({ push: false });
    await ready(b);
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'eve' });
    await b.refresh();
    expect(canView(b)).toBe(true);
    await until(() => canView(a), 1_000, 'the shared snapshot');
  });

  it('a revalidation (304 at a later revision) reaches the others without resending the grants', async () => {
    const a = tab({ push: false });
    await ready(a);
    const b = tab({ push: false });
    await ready(b);
    const types = b.getSnapshot().snapshot!.types;
    const { revision } = await server.op('admin', 'addToBundle', {
      bundle: 'reporters',
      user: 'fay',
    });
    await a.refresh();
    expect(a.getSnapshot().revision).toBeGreaterThanOrEqual(revision);
    await until(() => b.getSnapshot().revision === a.getSnapshot().revision, 1_000, 'b to follow');
    expect(b.getSnapshot().snapshot!.types).toBe(types); // the same grants, nothing re-sent
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'fay' });
  });

  it('when the leader leaves, another tab takes over the stream', async () => {
    const a = tab();
    await ready(a);
    await until(() => proxy.openStreams() === 1, 2_000, 'stream');
    const b = tab();
    await ready(b);
    clients.splice(clients.indexOf(a), 1);
    a.dispose();
    await until(
      () => proxy.openStreams() === 1 && proxy.hits.get('/grants/stream')! >= 2,
      3_000,
      'the new leader',
    );
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'eve' });
    await until(() => canView(b), 2_000, 'the pushed change');
  });

  it('signing out in one tab signs out the others, and nothing stays in storage', async () => {
    const storage = new MemoryStorage();
    const a = tab({ storage });
    await ready(a);
    const b = tab({ storage });
    await ready(b);
    expect(storage.length).toBe(1);
    a.signOut();
    await until(() => b.status === 'idle', 1_000, 'the other tab to sign out');
    expect(b.can('design', { type: 'survey' })).toBe(false);
    await sleep(100);
    expect(storage.dump()).toBe('');
  });

  it('tabs of another user share nothing', async () => {
    const eve = tab();
    const fay = tab({ userId: 'fay' });
    await Promise.all([ready(eve), ready(fay)]);
    await sleep(200);
    expect(proxy.openStreams()).toBe(2);
    expect(fay.getSnapshot().snapshot?.user).toBe('fay');
    expect(eve.can('design', { type: 'survey' })).toBe(true);
    expect(fay.can('design', { type: 'survey' })).toBe(false);
  });
});
