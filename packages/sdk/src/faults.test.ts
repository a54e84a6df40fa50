/**
 * Faults, each injected by a real HTTP proxy in front of the real grants server: server
 * down, 500s, slow, malformed and truncated bodies, another user's snapshot, an older
 * revision after a newer one, stream drops, expired tokens, storage full or corrupted.
 * Every time: the last good snapshot is kept, the error surfaced, checks fail closed
 * when nothing valid is held (MODEL C3, C4).
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { MemoryStorage, sleep, until } from './__fixtures__/util.ts';
import { createGrantkitClient } from './client.ts';
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
  proxy.rule = undefined;
  await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'cy' }).catch(() => {});
});
afterAll(() => proxy.close());

/** `storage`: with the persistent cache in it (`persist({ storage })`). */
type Options = Partial<GrantkitClientOptions> & { storage?: Storage };
const client = ({ storage, ...options }: Options = {}) => {
  const userId = options.userId ?? 'cy';
  const c = createGrantkitClient({
    baseUrl: proxy.url,
    tenant: TENANT,
    userId,
    getToken: () => server.token(userId),
    plugins: storage ? [persist({ storage })] : [],
    push: false,
    ...options,
  });
  clients.push(c);
  return c;
};
const ready = (c: GrantkitClient) => until(() => c.status === 'ready', 5_000, 'ready');
const grants = (req: { url?: string | undefined }) =>
  req.url?.startsWith('/grants?') || req.url === '/grants';
const giveReports = () => server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'cy' });
const canDesign = (c: GrantkitClient) => c.can('design', { type: 'survey' });
const canView = (c: GrantkitClient) => c.can('view', { type: 'report' });

describe('the server unreachable', () => {
  it('server down at start: status error, every check false, and no crash', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r)); // nothing listens there now
    const c = client({ baseUrl: `http://127.0.0.1:${port}`, push: true });
    await until(() => c.status === 'error', 5_000, 'error');
    expect(c.getSnapshot().error).toMatchObject({ code: 'network', name: 'GrantkitClientError' });
    expect(c.getSnapshot().error?.message).toMatch(/could not reach the grants server/);
    expect(canDesign(c)).toBe(false);
    expect(c.explain('design', { type: 'survey' }).message).toMatch(
      /^grants could not be loaded: /,
    );
  });

  it('recovers by itself once the server answers again (retries with backoff)', async () => {
    proxy.rule = () => ({ kind: 'down' });
    const c = client({ push: true });
    await until(() => c.status === 'error', 5_000, 'error');
    proxy.rule = undefined;
    await until(() => c.status === 'ready', 10_000, 'recovery');
    expect(canDesign(c)).toBe(true);
    expect(c.getSnapshot().error).toBeNull();
  });

  it('500s: refused, the last good kept, the error surfaced with the status', async () => {
    proxy.rule = (req) => (grants(req) ? { kind: 'status', status: 500 } : undefined);
    const fresh = client();
    await until(() => fresh.status === 'error', 5_000, 'error');
    expect(fresh.getSnapshot().error).toMatchObject({ code: 'http', status: 500 });
    proxy.rule = undefined;
    const c = client();
    await ready(c);
    proxy.rule = (req) => (grants(req) ? { kind: 'status', status: 500 } : undefined);
    await c.refresh();
    expect(c.status).toBe('ready');
    expect(c.getSnapshot().error).toMatchObject({ code: 'http', status: 500 });
    expect(canDesign(c)).toBe(true);
  });

  it('slow responses: abandoned after requestTimeout, the last good kept; slow but in time is fine', async () => {
    const c = client({ requestTimeout: 700 });
    await ready(c);
    await giveReports();
    proxy.rule = (req) => (grants(req) ? { kind: 'delay', ms: 3_000 } : undefined);
    const started = performance.now();
    await c.refresh();
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(c.getSnapshot().error).toMatchObject({ code: 'network' });
    expect(c.getSnapshot().error?.message).toMatch(/did not answer within 700 ms/);
    expect(canView(c)).toBe(false);
    expect(canDesign(c)).toBe(true);
    proxy.rule = (req) => (grants(req) ? { kind: 'delay', ms: 150 } : undefined);
    await c.refresh();
    expect(c.getSnapshot().error).toBeNull();
    expect(canView(c)).toBe(true);
  });

  it('an expired or refused token: code auth', async () => {
    const c = client({ getToken: () => 'not-a-token' });
    await until(() => c.status === 'error', 5_000, 'error');
    expect(c.getSnapshot().error).toMatchObject({ code: 'auth', status: 401 });
    const d = client({
      getToken: () => {
        throw new Error('session expired');
      },
    });
    await until(() => d.status === 'error', 5_000, 'error');
    expect(d.getSnapshot().error?.message).toMatch(/getToken failed \(session expired\)/);
  });
});

describe('bad bodies are refused and the last good one kept (MODEL C3)', () => {
  it('malformed (corrupted) bodies', async () => {
    proxy.rule = (req) => (grants(req) ? { kind: 'corrupt' } : undefined);
    const fresh = client();
    await until(() => fresh.status === 'error', 5_000, 'error');
    expect(fresh.getSnapshot().error).toMatchObject({ code: 'invalid-snapshot' });
    expect(canDesign(fresh)).toBe(false);
    proxy.rule = undefined;
    const c = client();
    await ready(c);
    await giveReports();
    proxy.rule = (req) => (grants(req) ? { kind: 'corrupt' } : undefined);
    await c.refresh();
    expect(c.getSnapshot().error).toMatchObject({ code: 'invalid-snapshot' });
    expect(c.status).toBe('ready');
    expect([canDesign(c), canView(c)]).toEqual([true, false]);
    proxy.rule = undefined;
    await c.refresh();
    expect([canDesign(c), canView(c)]).toEqual([true, true]);
  });

  it('truncated bodies', async () => {
    proxy.rule = (req) => (grants(req) ? { kind: 'truncate' } : undefined);
    const fresh = client();
    await until(() => fresh.status === 'error', 5_000, 'error');
    expect(['network', 'invalid-snapshot']).toContain(fresh.getSnapshot().error?.code);
    expect(canDesign(fresh)).toBe(false);
    proxy.rule = undefined;
    const c = client();
    await ready(c);
    const revision = c.getSnapshot().revision;
    await giveReports();
    proxy.rule = (req) => (grants(req) ? { kind: 'truncate' } : undefined);
    await c.refresh();
    expect(['network', 'invalid-snapshot']).toContain(c.getSnapshot().error?.code);
    expect(c.getSnapshot().revision).toBe(revision);
    expect([c.status, canDesign(c), canView(c)]).toEqual(['ready', true, false]);
  });

  it('a snapshot for another user', async () => {
    proxy.rule = (req) => (grants(req) ? { kind: 'token', token: server.token('dee') } : undefined);
    const fresh = client();
    await until(() => fresh.status === 'error', 5_000, 'error');
    expect(fresh.getSnapshot().error).toMatchObject({ code: 'foreign-snapshot' });
    expect(fresh.getSnapshot().error?.message).toMatch(/of acme\/dee: signed in as acme\/cy/);
    expect(fresh.getSnapshot().snapshot).toBeNull();
    proxy.rule = undefined;
    const c = client();
    await ready(c);
    await giveReports();
    proxy.rule = (req) =>
      grants(req) ? { kind: 'token', token: server.token('dee'), full: true } : undefined;
    await c.refresh();
    expect(c.getSnapshot().error).toMatchObject({ code: 'foreign-snapshot' });
    expect(c.getSnapshot().snapshot?.user).toBe('cy');
    expect([canDesign(c), canView(c)]).toEqual([true, false]);
  });

  it('an older revision after a newer one is ignored (revisions only move forward)', async () => {
    const c = client();
    await ready(c);
    const old = proxy.recorded.findLast((r) => r.status === 200 && r.body.includes('"user":"cy"'));
    expect(old).toBeDefined();
    await giveReports();
    await c.refresh();
    const newer = c.getSnapshot().revision!;
    expect(canView(c)).toBe(true);
    proxy.rule = (req) => (grants(req) ? { kind: 'body', body: old!.body } : undefined);
    await c.refresh();
    expect(c.getSnapshot().error).toMatchObject({ code: 'older-snapshot' });
    expect(c.getSnapshot().revision).toBe(newer);
    expect(canView(c)).toBe(true);
  });
});

describe('the push stream', () => {
  it('drops and reconnects; a change made while it was down is caught up on reconnect', async () => {
    const c = client({ push: true });
    await ready(c);
    await until(() => proxy.openStreams() === 1, 5_000, 'stream');
    await c.refresh(); // joins the catch-up fetch the stream's opening started, so it is done
    const opened = proxy.hits.get('/grants/stream')!;
    proxy.rule = (req) => (req.url?.startsWith('/grants/stream') ? { kind: 'down' } : undefined);
    proxy.dropStreams();
    await until(() => proxy.openStreams() === 0, 2_000, 'the drop');
    await giveReports();
    await sleep(100);
    expect(canView(c)).toBe(false); // no push while down (and polling is at its default minute)
    proxy.rule = undefined;
    await until(() => canView(c), 5_000, 'the catch-up after reconnecting');
    expect(proxy.hits.get('/grants/stream')!).toBeGreaterThan(opened);
    await until(() => proxy.openStreams() === 1, 2_000, 'stream');
    // and push works again on the new stream
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'cy' });
    await until(() => !canView(c), 2_000, 'the pushed revocation');
  });

  it('past maxStale without revalidation every check is false; revalidation brings it back', async () => {
    const c = client({ maxStale: 400 });
    await ready(c);
    proxy.rule = () => ({ kind: 'down' });
    await until(() => c.status === 'stale', 3_000, 'stale');
    expect(canDesign(c)).toBe(false);
    expect(c.explain('design', { type: 'survey' }).message).toMatch(/grants are stale/);
    expect(c.getSnapshot().snapshot).not.toBeNull();
    proxy.rule = undefined;
    await c.refresh(); // may join a retry that started while down: then the next retry
    await until(() => c.status === 'ready', 5_000, 'ready again');
    expect(canDesign(c)).toBe(true);
  });
});

describe('storage faults', () => {
  it('storage full: works from memory, the error surfaced', async () => {
    const storage = new MemoryStorage();
    storage.full = true;
    const c = client({ storage });
    await ready(c);
    expect(canDesign(c)).toBe(true);
    expect(c.getSnapshot().error).toMatchObject({ code: 'storage' });
    expect(c.getSnapshot().error?.message).toMatch(/could not save the grants/);
    expect(storage.length).toBe(0);
  });

  it('corrupted storage: discarded, loaded from the server, rewritten', async () => {
    const storage = new MemoryStorage();
    const key = `grantkit:1:${TENANT}:cy`;
    storage.setItem(key, '{"snapshot": {"format":1,"tenant":"acme","us');
    const c = client({ storage, fetch: () => new Promise(() => {}) });
    expect(c.status).toBe('loading');
    expect(c.getSnapshot().error).toMatchObject({ code: 'storage' });
    expect(storage.getItem(key)).toBeNull();
    c.dispose();
    const d = client({ storage });
    await ready(d);
    expect(JSON.parse(storage.getItem(key)!).snapshot.user).toBe('cy');
  });

  it('a cached snapshot of another user or format under this key is never used', async () => {
    const storage = new MemoryStorage();
    const owner = client({ userId: 'dee', storage });
    await ready(owner);
    const entry = storage.getItem(`grantkit:1:${TENANT}:dee`)!;
    owner.dispose();
    storage.setItem(`grantkit:1:${TENANT}:cy`, entry); // dee's grants planted under cy's key
    const c = client({ storage, fetch: () => new Promise(() => {}) });
    expect(c.status).toBe('loading');
    expect(c.getSnapshot().snapshot).toBeNull();
    expect(storage.getItem(`grantkit:1:${TENANT}:cy`)).toBeNull();
    const wrongFormat = JSON.parse(entry);
    wrongFormat.snapshot.format = 2;
    wrongFormat.snapshot.user = 'cy';
    storage.setItem(`grantkit:1:${TENANT}:cy`, JSON.stringify(wrongFormat));
    const d = client({ storage, fetch: () => new Promise(() => {}) });
    expect(d.status).toBe('loading');
  });
});
