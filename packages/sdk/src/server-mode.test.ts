// @vitest-environment node
/**
 * `mode: 'server'` for SSR, in Node against the real grants server on 127.0.0.1: checks
 * answer from the initial snapshot (or one fetch), and nothing is left open: no stream,
 * no channel, no storage, no timer. Issue 11, finding 6.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HtmlServer, startHtmlServer } from './__fixtures__/html.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { MemoryStorage } from './__fixtures__/util.ts';
import { createGrantkitClient } from './client.ts';
import { crossTab } from './cross-tab.ts';
import { persist } from './persist.ts';
import type { GrantSnapshot } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
let html: HtmlServer;
beforeAll(async () => {
  html = await startHtmlServer();
});
afterAll(() => html.close());

/** A fetch that records the paths it was asked for. */
const recording = () => {
  const paths: string[] = [];
  const f: typeof fetch = (input, init) => {
    paths.push(new URL(String(input)).pathname);
    return fetch(input, init);
  };
  return { paths, fetch: f };
};
/**
 * The process's open resources (timers, sockets, channels) by kind, without the idle
 * keep-alive sockets of Node's own fetch pool (they belong to `fetch`, not to the client).
 */
const resources = (): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo())
    if (r !== 'TCPSocketWrap') counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
};
/** The kinds of resource more numerous now than `before` (others may have closed meanwhile). */
const opened = (before: Map<string, number>): string[] =>
  [...resources()].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind]) => kind);

describe("mode: 'server' (issue 11, finding 6)", () => {
  it('finding 6: answers from the initial snapshot and opens nothing (no fetch, stream, channel, storage or timer)', async () => {
    const res = await fetch(`${server.url}/grants`, {
      headers: { authorization: `Bearer ${server.token('oli')}` },
    });
    const initialSnapshot = (await res.json()) as GrantSnapshot;
    const before = resources();
    const net = recording();
    const client = createGrantkitClient({
      baseUrl: server.url,
      tenant: TENANT,
      userId: 'oli',
      initialSnapshot,
      mode: 'server',
      fetch: net.fetch,
      // given, but never started on the server (no BroadcastChannel)
      plugins: [crossTab()],
    });
    expect(client.status).toBe('ready');
    expect(client.can('design', { type: 'survey' })).toBe(true);
    expect(client.can('view', { type: 'report' })).toBe(false);
    expect(client.explain('design', { type: 'survey' }).allowed).toBe(true);
    expect(opened(before)).toEqual([]);
    expect(net.paths).toEqual([]);
    client.dispose();
    expect(opened(before)).toEqual([]);
  });

  it('finding 6: without an initial snapshot, one fetch and nothing left open', async () => {
    const before = resources();
    const net = recording();
    const storage = new MemoryStorage();
    const client = createGrantkitClient({
      baseUrl: server.url,
      tenant: TENANT,
      userId: 'oli',
      getToken: () => server.token('oli'),
      mode: 'server',
      fetch: net.fetch,
      plugins: [persist({ storage })], // never started on the server: nothing stored
    });
    await client.refresh(); // the fetch started at creation
    expect(client.status).toBe('ready');
    expect(client.can('design', { type: 'survey' })).toBe(true);
    expect(net.paths).toEqual(['/grants']); // no /grants/stream
    expect(storage.map.size).toBe(0);
    expect(opened(before)).toEqual([]); // no timer armed (stale, poll, retry)
  });

  it('finding 6: a failed fetch in server mode arms no retry', async () => {
    const before = resources();
    const client = createGrantkitClient({
      baseUrl: html.url,
      tenant: TENANT,
      userId: 'oli',
      mode: 'server',
    });
    await client.refresh();
    expect(client.status).toBe('error');
    expect(client.can('design', { type: 'survey' })).toBe(false); // fail closed
    expect(opened(before)).toEqual([]);
  });
});
