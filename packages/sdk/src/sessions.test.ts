/**
 * Sessions that end, from the client's side (issue 10, finding 10), against the real
 * grants server through the fault proxy: a known-outdated snapshot is never kept fresh
 * by the stream's heartbeats; past maxStale every check is false, and the state says
 * why (MODEL C3, C4). Streams the server ends at token expiry are reopened with a
 * fresh token, or the client fails closed when there is none.
 */
import { createHmacAuth } from '@grantkit/server';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { until } from './__fixtures__/util.ts';
import { createGrantkitClient } from './client.ts';
import type { GrantkitClient, GrantkitClientOptions } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
/** Tokens that expire one second after they are signed. */
const brief = createHmacAuth({ secret: inject('grants').secret, ttlSeconds: 1 });
let proxy: FaultProxy;
const clients: GrantkitClient[] = [];

beforeAll(async () => {
  proxy = await startProxy(server.url);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.dispose();
  proxy.rule = undefined;
  await until(() => proxy.openStreams() === 0, 10_000, 'streams to close');
  await server.op('admin', 'addToBundle', { bundle: 'surveyors', user: 'gus' }).catch(() => {});
});
afterAll(() => proxy.close());

const client = (options: Partial<GrantkitClientOptions> = {}) => {
  const c = createGrantkitClient({
    baseUrl: proxy.url,
    tenant: TENANT,
    userId: 'gus',
    getToken: () => server.token('gus'),
    ...options,
  });
  clients.push(c);
  return c;
};
const ready = (c: GrantkitClient) => until(() => c.status === 'ready', 10_000, 'ready');
const canDesign = (c: GrantkitClient) => c.can('design', { type: 'survey' });
const grants = (req: { url?: string | undefined }) =>
  req.url?.startsWith('/grants?') || req.url === '/grants';
const streams = () => proxy.hits.get('/grants/stream') ?? 0;

describe('finding 10: a known-outdated snapshot is not kept fresh', () => {
  it('finding 10: a revision announced and its refresh refused (401): heartbeats keep nothing fresh, at maxStale can() is false, status stale, reason revision-pending', async () => {
    const c = client({ maxStale: 2_000 });
    await ready(c);
    await until(() => proxy.openStreams() === 1, 10_000, 'the stream');
    expect(canDesign(c)).toBe(true);
    proxy.rule = (req) => (grants(req) ? { kind: 'status', status: 401 } : undefined); // the token expired
    const { revision } = await server.op('admin', 'removeFromBundle', {
      bundle: 'surveyors',
      user: 'gus',
    });
    const from = proxy.streamed.length;
    await until(() => c.getSnapshot().error?.code === 'auth', 10_000, 'the refused refresh');
    await until(() => c.status === 'stale', 20_000, 'stale at maxStale');
    expect(canDesign(c)).toBe(false); // the revoked grant is not used past maxStale
    expect(c.getSnapshot()).toMatchObject({
      status: 'stale',
      reason: 'revision-pending',
      error: { code: 'auth', status: 401 },
    });
    expect(c.getSnapshot().revision).toBeLessThan(revision);
    expect(c.explain('design', { type: 'survey' }).message).toMatch(
      /^grants are stale \(revision-pending\): GET http:\/\/127\.0\.0\.1:\d+\/grants(\?since=\d+)? answered 401/,
    );
    // the stream stayed up, heartbeating all along: they did not count
    expect(proxy.openStreams()).toBe(1);
    expect(proxy.streamed.slice(from)).toContain(': hb');
    expect(c.status).toBe('stale');
    proxy.rule = undefined; // signed in again
    await c.refresh();
    await until(() => c.status === 'ready', 10_000, 'ready again');
    expect(c.getSnapshot()).toMatchObject({ reason: null, error: null });
    expect(c.getSnapshot().revision).toBeGreaterThanOrEqual(revision);
    expect(canDesign(c)).toBe(false); // and now from the new snapshot
  });

  it('finding 10: a failed refresh (no revision announced): heartbeats no longer count, stale at maxStale with reason refresh-failed', async () => {
    const c = client({ maxStale: 2_000 });
    await ready(c);
    await until(() => proxy.openStreams() === 1, 10_000, 'the stream');
    proxy.rule = (req) => (grants(req) ? { kind: 'status', status: 500 } : undefined);
    await c.refresh();
    expect(c.getSnapshot().error).toMatchObject({ code: 'http', status: 500 });
    await until(() => c.status === 'stale', 20_000, 'stale at maxStale');
    expect(canDesign(c)).toBe(false);
    expect(c.getSnapshot()).toMatchObject({ reason: 'refresh-failed', error: { code: 'http' } });
    expect(proxy.openStreams()).toBe(1);
    proxy.rule = undefined;
    await c.refresh();
    await until(() => c.status === 'ready', 10_000, 'ready again');
    expect(canDesign(c)).toBe(true);
  });
});

describe('finding 10: streams end with their token', () => {
  it('finding 10: the server ends the stream when its token expires; the client reopens it with a fresh token and stays ready', async () => {
    const c = client({ getToken: () => brief.sign({ tenant: TENANT, userId: 'gus' }) });
    await ready(c);
    await until(() => proxy.openStreams() === 1, 10_000, 'the stream');
    const opened = streams();
    await until(() => streams() >= opened + 2, 20_000, 'two expiries and reconnections');
    expect(proxy.streamed).toContain('event: end\ndata: {"reason":"expired"}');
    expect(c.status).toBe('ready');
    expect(canDesign(c)).toBe(true);
  });

  it('finding 10: a token that expires and is not renewed: the stream ends, refreshes get 401, and at maxStale every check is false', async () => {
    const token = brief.sign({ tenant: TENANT, userId: 'gus' });
    const c = client({ getToken: () => token, maxStale: 3_000 });
    await ready(c);
    await until(() => c.getSnapshot().error?.code === 'auth', 20_000, 'the refused token');
    expect(c.getSnapshot().error?.status).toBe(401);
    await until(() => c.status === 'stale', 20_000, 'stale at maxStale');
    expect(canDesign(c)).toBe(false);
    expect(c.getSnapshot().reason).toBe('refresh-failed');
  });
});
