/**
 * Cross-tab: clients of the same user in one process share a BroadcastChannel, as tabs
 * do; one leader keeps the one stream and does the automatic fetches, the others get
 * its snapshots, and a change seen by one reaches all. Against the real grants server,
 * with Web Locks (a lock manager like a browser's) and with the lease fallback. The
 * waits are generous: these tests pass with both cores kept busy (finding 13).
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { installLocks, MemoryLockManager } from './__fixtures__/locks.ts';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { MemoryStorage, sleep, until } from './__fixtures__/util.ts';
import { createGrantkitClient } from './client.ts';
import { crossTab } from './cross-tab.ts';
import { persist } from './persist.ts';
import type { GrantkitClient, GrantkitClientOptions } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
let proxy: FaultProxy;
const clients: GrantkitClient[] = [];

beforeAll(async () => {
  proxy = await startProxy(server.url);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.dispose();
  await until(() => proxy.openStreams() === 0, 10_000, 'streams to close');
  await server
    .op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'eve' })
    .catch(() => {});
});
afterAll(() => proxy.close());

/** A tab: a client with `crossTab()` (and `persist({ storage })` when given `storage`). */
type Options = Partial<GrantkitClientOptions> & { storage?: Storage };
const tab = ({ storage, ...options }: Options = {}) => {
  const userId = options.userId ?? 'eve';
  const c = createGrantkitClient({
    baseUrl: proxy.url,
    tenant: TENANT,
    userId,
    getToken: () => server.token(userId),
    plugins: storage ? [crossTab(), persist({ storage })] : [crossTab()],
    ...options,
  });
  clients.push(c);
  return c;
};
const ready = (c: GrantkitClient) => until(() => c.status === 'ready', 10_000, 'ready');
const canView = (c: GrantkitClient) => c.can('view', { type: 'report' });
const fetches = () => proxy.hits.get('/grants') ?? 0;
const streams = () => proxy.hits.get('/grants/stream') ?? 0;

/**
 * Waits until the leader's stream is open and the leader holds the revision the server
 * announced on connecting (its catch-up fetch, when it needed one, is done).
 */
async function settled(leader: GrantkitClient, from: number): Promise<void> {
  const announced = () => /data: \{"revision":(\d+)\}/.exec(proxy.streamed.slice(from))?.[1];
  await until(() => proxy.openStreams() === 1 && !!announced(), 10_000, 'the stream');
  await until(
    () => (leader.getSnapshot().revision ?? -1) >= Number(announced()),
    10_000,
    'the catch-up',
  );
}

describe.each([
  ['Web Locks', true],
  ['the lease fallback', false],
])('tabs of the same user (%s)', (_, withLocks) => {
  beforeAll(() => installLocks(withLocks ? new MemoryLockManager() : null));
  afterAll(() => installLocks(null));

  it('share one stream and one fetch; a change reaches every tab (finding 13: also under CPU load)', async () => {
    const from = proxy.streamed.length;
    const a = tab();
    await ready(a);
    await settled(a, from);
    const [before, opened] = [fetches(), streams()];
    const b = tab();
    await ready(b); // from the leader's snapshot, without a fetch of its own
    expect(fetches()).toBe(before);
    const c = tab();
    await ready(c);
    await sleep(300);
    expect([fetches(), streams(), proxy.openStreams()]).toEqual([before, opened, 1]);
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'eve' });
    await until(() => [a, b, c].every(canView), 10_000, 'the change in every tab');
    // one fetch, by the leader that kept the one stream all along
    expect([fetches(), streams(), proxy.openStreams()]).toEqual([before + 1, opened, 1]);
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
    await until(() => canView(a), 10_000, 'the shared snapshot');
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
    await until(() => b.getSnapshot().revision === a.getSnapshot().revision, 10_000, 'b to follow');
    expect(b.getSnapshot().snapshot!.types).toBe(types); // the same grants, nothing re-sent
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'fay' });
  });

  it('when the leader leaves, another tab takes over the stream', async () => {
    const a = tab();
    await ready(a);
    await until(() => proxy.openStreams() === 1, 10_000, 'stream');
    const opened = streams();
    const b = tab();
    await ready(b);
    clients.splice(clients.indexOf(a), 1);
    a.dispose();
    await until(() => proxy.openStreams() === 1 && streams() > opened, 10_000, 'the new leader');
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'eve' });
    await until(() => canView(b), 10_000, 'the pushed change');
  });

  it('signing out in one tab signs out the others, and nothing stays in storage', async () => {
    const storage = new MemoryStorage();
    const a = tab({ storage });
    await ready(a);
    const b = tab({ storage });
    await ready(b);
    expect(storage.length).toBe(1);
    a.signOut();
    await until(() => b.status === 'idle', 10_000, 'the other tab to sign out');
    expect(b.can('design', { type: 'survey' })).toBe(false);
    await sleep(100);
    expect(storage.dump()).toBe('');
  });

  it('tabs of another user share nothing', async () => {
    const eve = tab();
    const fay = tab({ userId: 'fay' });
    await Promise.all([ready(eve), ready(fay)]);
    await until(() => proxy.openStreams() === 2, 10_000, 'a stream each');
    await sleep(200);
    expect(proxy.openStreams()).toBe(2);
    expect(fay.getSnapshot().snapshot?.user).toBe('fay');
    expect(eve.can('design', { type: 'survey' })).toBe(true);
    expect(fay.can('design', { type: 'survey' })).toBe(false);
  });
});
