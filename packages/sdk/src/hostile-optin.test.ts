/**
 * The opt-in entries (`@grantkit/sdk/admin`, `@grantkit/sdk/activity`) against a hostile or
 * broken grants server (the `node:http` server of `__fixtures__/hostile.ts` on 127.0.0.1):
 * refusals that are not the server's, results that are not results, op names that would
 * reach other endpoints, requests aborted mid-answer; activity pages whose counts or cursors
 * are wrong, and answers of a session that has ended.
 */
import { compileSnapshot, createModel } from '@grantkit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HostileServer, json, sse, startHostileServer } from './__fixtures__/hostile.ts';
import { hostileSuite } from './__fixtures__/hostile-suite.ts';
import { until } from './__fixtures__/util.ts';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { activity } from './activity.ts';
import { openNoteStream } from './activity-stream.ts';
import { createGrantkitAdmin, GrantkitOpError, OpInputError, OpRefusedError } from './admin.ts';
import { createGrantkitClient } from './client.ts';
import { GrantkitClientError } from './errors.ts';
import { authHeaders } from './sync.ts';

const model = createModel(schema, world as never);
const snap = (user = 'ann', revision = 3) =>
  JSON.parse(JSON.stringify(compileSnapshot(model, user, { tenant: TENANT, revision })));

const { hostile, clients } = hostileSuite();

let ops: HostileServer;
const admin = () => createGrantkitAdmin({ baseUrl: ops.url, getToken: () => 'token-of-ann' });
/** What `p` rejects with (fails the test if it resolves). */
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as GrantkitOpError;
  }
  throw new Error('resolved');
};

describe('admin ops against a hostile server', () => {
  // a server of their own: the sockets these tests abort or cut are not in the pool of the others'
  beforeAll(async () => {
    ops = await startHostileServer();
  });
  afterEach(() => ops.reset());
  afterAll(() => ops.close());
  it('finding O1: an op name that is not an op (`..`, slashes, unicode) is refused before any request: nothing reaches another endpoint', async () => {
    let posted = 0;
    ops.grants = (_, res) => {
      posted++;
      json(res, { revision: 9, audit: [] });
    };
    ops.other = (_, res) => {
      posted++;
      json(res, { revision: 9, audit: [] });
    };
    const a = admin();
    for (const op of [
      '..',
      '../grants',
      '%2e%2e',
      'share/../../grants',
      'shäre',
      '',
      'constructor',
    ])
      expect(await refusal(a.run(op as never, {} as never))).toMatchObject({
        name: 'GrantkitOpError',
        code: 'invalid',
        op,
      });
    expect(posted).toBe(0);
    expect(ops.seen).toEqual([]);
  });

  it("finding O2: a refusal whose `rule` or `field` is not a string is not the grants server's answer (code http), never an OpRefusedError with a non-string rule", async () => {
    for (const error of [
      { code: 'rule', message: 'no', rule: 7 },
      { code: 'rule', message: 'no', rule: null },
      { code: 'invalid', message: 'no', field: { x: 1 } },
      { code: 'rule', message: { html: 1 }, rule: 'A7' },
    ]) {
      ops.other = (_, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error }));
      };
      const e = await refusal(admin().share({ asset: 'q3', user: 'bob', level: 'view' }));
      expect(e).toBeInstanceOf(GrantkitOpError);
      expect(e).not.toBeInstanceOf(OpRefusedError);
      expect(e.code).toBe('http');
      expect(typeof e.message).toBe('string');
    }
  });

  it('finding O3: a 200 whose revision is not a revision (negative, fractional, a string) or whose audit is not a list is refused (code http), not resolved', async () => {
    for (const body of [
      { revision: -1, audit: [] },
      { revision: 1.5, audit: [] },
      { revision: '9', audit: [] },
      { revision: 9 },
      { revision: 9, audit: 'x' },
    ]) {
      ops.other = (_, res) => json(res, body);
      const e = await refusal(admin().share({ asset: 'q3', user: 'bob', level: 'view' }));
      expect(e).toMatchObject({ name: 'GrantkitOpError', code: 'http', status: 200 });
    }
  });

  it('finding O4: a request aborted while the answer arrives rejects with a GrantkitOpError (network), not a bare AbortError', async () => {
    ops.other = (_, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.write('{"error":');
    };
    const ac = new AbortController();
    const p = refusal(
      admin().share({ asset: 'q3', user: 'bob', level: 'view' }, { signal: ac.signal }),
    );
    await until(() => ops.count('/ops/share') === 1, 10_000, 'the request');
    ac.abort();
    const e = await p;
    expect(e).toBeInstanceOf(GrantkitOpError);
    expect(e.code).toBe('network');
  });

  it("a non-JSON, huge 5xx with a Retry-After is named as not the grants server's (code http, its status), and the op is not retried", async () => {
    ops.other = (_, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'retry-after': '1' });
      res.end(`<html>${'x'.repeat(2_000_000)}</html>`);
    };
    const e = await refusal(admin().share({ asset: 'q3', user: 'bob', level: 'view' }));
    expect(e).toMatchObject({ code: 'http', status: 502 });
    expect(e.message.length).toBeLessThan(500);
    expect(ops.count('/ops/share')).toBe(1);
  });
});

describe('admin ops against a hostile server and host: bounds', () => {
  beforeAll(async () => {
    ops = await startHostileServer();
  });
  afterEach(() => ops.reset());
  afterAll(() => ops.close());

  it('finding T1: a getToken that never settles fails the op after 15 s (unauthenticated, naming getToken), nothing is sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const a = createGrantkitAdmin({ baseUrl: ops.url, getToken: () => new Promise(() => {}) });
      let settled: unknown;
      a.share({ asset: 'q3', user: 'bob', level: 'view' }).then(
        () => (settled = 'resolved'),
        (e: unknown) => (settled = e),
      );
      await vi.advanceTimersByTimeAsync(14_000);
      expect(settled).toBeUndefined(); // a slow token is waited for
      await vi.advanceTimersByTimeAsync(1_000);
      expect(settled).toBeInstanceOf(GrantkitOpError);
      expect(settled).toMatchObject({ code: 'unauthenticated', op: 'share' });
      expect((settled as Error).message).toMatch(/getToken/);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(ops.seen).toEqual([]);
  });

  it("finding T2: an error body a little over 64 KB is refused as not the grants server's; a short one still gives the typed refusal", async () => {
    ops.other = (_, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'rule', rule: 'A7', message: 'x'.repeat(70_000) } }));
    };
    const big = await refusal(admin().share({ asset: 'q3', user: 'bob', level: 'view' }));
    expect(big).toMatchObject({ code: 'http', status: 403 });
    ops.other = (_, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'rule', rule: 'A7', message: 'MODEL A7: no' } }));
    };
    const e = await refusal(admin().share({ asset: 'q3', user: 'bob', level: 'view' }));
    expect(e).toBeInstanceOf(OpRefusedError);
    expect(e).toMatchObject({ code: 'rule', rule: 'A7', status: 403 });
  });

  it('finding T12: args that cannot be serialised (a BigInt, a circular object) reject with an OpInputError naming the op and saying nothing was sent (it said the op may have been applied); getToken is not even asked', async () => {
    let asked = 0;
    const a = createGrantkitAdmin({
      baseUrl: ops.url,
      getToken: () => {
        asked++;
        return 'token-of-ann';
      },
    });
    const circular: Record<string, unknown> = { asset: 'q3', user: 'bob', level: 'view' };
    circular.self = circular;
    for (const args of [{ asset: 'q3', user: 'bob', level: 'view', n: 1n }, circular]) {
      const e = await refusal(a.share(args as never));
      expect(e).toBeInstanceOf(OpInputError);
      expect(e).toMatchObject({
        name: 'OpInputError',
        code: 'invalid',
        op: 'share',
        field: 'args',
      });
      expect(e.message).toMatch(/^share: args are not JSON.*: nothing was sent$/s);
      expect(e.message).not.toMatch(/may or may not/);
    }
    expect(asked).toBe(0);
    expect(ops.seen).toEqual([]);
  });

  // last: the connection it cuts is met by no later request to this server
  it('finding T2: an endless error body is cut after 64 KB: the op rejects (code http, its status) without reading what the server keeps writing', async () => {
    const LOTS = 256 * 1024 * 1024;
    let written = 0;
    let cut = -1;
    ops.other = (_, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      const chunk = `{"error":{"code":"internal","message":"${'x'.repeat(64 * 1024)}`;
      const pump = () => {
        while (written < LOTS) {
          written += chunk.length;
          if (!res.write(chunk)) return; // on 'drain', more
        }
      };
      res.on('drain', pump);
      res.on('close', () => (cut = written));
      pump();
    };
    const e = await refusal(admin().share({ asset: 'q3', user: 'bob', level: 'view' }));
    expect(e).toBeInstanceOf(GrantkitOpError);
    expect(e).toMatchObject({ code: 'http', status: 500 });
    await until(() => cut >= 0, 20_000, 'the connection to close');
    // socket buffers on loopback hold megabytes: far less than the whole
    expect(cut).toBeLessThan(LOTS / 4);
  });
});

/** A client of `user` with the activity plugin on the hostile server; `events` go on its stream. */
const start = (events = '', user = 'ann', read?: (auth: string) => void) => {
  hostile.grants = (req, res) => {
    const auth = String(req.headers.authorization ?? '');
    json(res, snap(auth.endsWith('bob') ? 'bob' : 'ann'));
  };
  hostile.stream = (_, res) => sse(res, events);
  const act = activity();
  const client = createGrantkitClient({
    baseUrl: hostile.url,
    tenant: TENANT,
    userId: user,
    getToken: () => `token-of-${user}`,
    plugins: [act],
    // `read` hears each answer the plugin has read (with the token it was asked with)
    fetch: async (input, init) => {
      // once more when a page is cut before it reached the server: undici may hand it a socket
      // the last test's reset cut (these tests are about answers, not about the network)
      const res = await fetch(input, init).catch((e) => {
        if (String(input).endsWith('/stream') || init?.signal?.aborted) throw e;
        return fetch(input, init);
      });
      const auth = String(new Headers(init?.headers).get('authorization'));
      const body = res.text.bind(res);
      // the plugin's answers only (the client reads its snapshots with `text` too)
      if (!String(input).includes('/grants')) res.text = () => body().finally(() => read?.(auth));
      return res;
    },
  });
  clients.push(client);
  return { act, client };
};
const item = (seq: number, over: Record<string, unknown> = {}) => ({
  id: `${TENANT}:${seq}`,
  tenant: TENANT,
  seq,
  revision: seq,
  at: 1_700_000_000_000 + seq,
  actor: 'admin',
  action: 'share',
  resource: { type: 'survey', id: 'q3' },
  ...over,
});
const note = (n: number, user = 'ann', over: Record<string, unknown> = {}) => ({
  id: `${TENANT}:${n}`,
  tenant: TENANT,
  user,
  event: item(n),
  readAt: null,
  ...over,
});
const path = (url: string) => url.split('?')[0]!;

describe('activity against a hostile server', () => {
  it('finding N1: an unread count that is negative or a string is not shown: the unread items listed are counted instead', async () => {
    for (const unread of [-5, '3', 1e20]) {
      for (const c of clients.splice(0)) c.dispose();
      hostile.other = (req, res) =>
        path(req.url!) === '/notifications'
          ? json(res, { items: [note(2), note(1, 'ann', { readAt: 5 })], next: null, unread })
          : json(res, { items: [], next: null });
      const { act } = start();
      await until(() => act.notifications.getSnapshot().status === 'ready', 10_000, 'ready');
      expect(act.notifications.getSnapshot().unread).toBe(1);
    }
  });

  it('finding N2: a cursor that loops (`next` equal to the one sent) ends the paging: `more` turns false, no endless loadMore', async () => {
    hostile.other = (req, res) => {
      const u = new URL(req.url!, 'http://x');
      const cursor = u.searchParams.get('cursor');
      const page =
        u.pathname === '/activity'
          ? { items: [item(cursor ? 1 : 2)] }
          : { items: [note(cursor ? 1 : 2)] };
      json(res, { ...page, next: 'c1', unread: 0 });
    };
    const { act } = start();
    const feed = act.feed();
    await until(() => feed.getSnapshot().status === 'ready', 10_000, 'the feed');
    await until(() => act.notifications.getSnapshot().status === 'ready', 10_000, 'notes');
    for (const list of [feed, act.notifications]) {
      expect(list.getSnapshot().more).toBe(true);
      for (let i = 0; i < 3 && list.getSnapshot().more; i++) await list.loadMore();
      expect(list.getSnapshot().more).toBe(false);
      expect(list.getSnapshot().items.map((x) => x.id)).toEqual([`${TENANT}:2`, `${TENANT}:1`]);
    }
    expect(hostile.seen.filter((s) => s.url.includes('cursor=c1')).length).toBe(2);
  });

  it("finding N3: a page of the previous user answered after a user switch neither shows nor marks the new user's lists as failed", async () => {
    const held: (() => Promise<void>)[] = [];
    hostile.other = (req, res) => {
      const auth = String(req.headers.authorization ?? '');
      const body =
        path(req.url!) === '/activity'
          ? { items: [item(auth.endsWith('bob') ? 7 : 3)], next: null }
          : {
              items: [note(auth.endsWith('bob') ? 7 : 3, auth.endsWith('bob') ? 'bob' : 'ann')],
              next: null,
              unread: 1,
            };
      // ann's pages come late: after bob's
      if (auth.endsWith('ann'))
        held.push(() => new Promise((done) => json(res.once('finish', done), body)));
      else json(res, body);
    };
    let annRead = 0;
    const { act, client } = start('', 'ann', (auth) => auth.endsWith('ann') && annRead++);
    const feed = act.feed();
    await until(() => held.length === 2, 10_000, "ann's pages asked");
    client.setUser({ tenant: TENANT, userId: 'bob', getToken: () => 'token-of-bob' });
    await until(() => feed.getSnapshot().status === 'ready', 10_000, "bob's feed");
    await until(() => act.notifications.getSnapshot().status === 'ready', 10_000, "bob's notes");
    await Promise.all(held.splice(0).map((answer) => answer()));
    await until(() => annRead === 2, 10_000, "ann's late pages read");
    await act.notifications.refresh(); // a turn after: the late pages were handled
    expect(feed.getSnapshot()).toMatchObject({ status: 'ready', error: null });
    expect(feed.getSnapshot().items.map((i) => i.id)).toEqual([`${TENANT}:7`]);
    expect(act.notifications.getSnapshot()).toMatchObject({
      status: 'ready',
      error: null,
      unread: 1,
    });
    expect(act.notifications.getSnapshot().items.map((n) => n.user)).toEqual(['bob']);
  });

  it('stream items of another tenant, with `resource` null or `at` a string, and notifications for another user are dropped; a duplicate id shows once', async () => {
    hostile.other = (_, res) => json(res, { items: [], next: null, unread: 0 });
    const ev = (type: string, d: unknown) => `event: ${type}\ndata: ${JSON.stringify(d)}\n\n`;
    const { act } = start(
      ev('activity', item(5, { tenant: 'other', id: 'other:5' })) +
        ev('activity', item(6, { resource: null })) +
        ev('activity', item(7, { at: '2026-01-01' })) +
        ev('notification', note(8, 'bob')) +
        ev('notification', note(9, 'ann', { event: item(9, { at: '2026' }) })) +
        ev('activity', item(10)) +
        ev('activity', item(10)) +
        ev('notification', note(11)) +
        ev('notification', note(11)),
    );
    const feed = act.feed();
    await until(() => feed.getSnapshot().items.length > 0, 10_000, 'the good item');
    await until(() => act.notifications.getSnapshot().items.length > 0, 10_000, 'the good note');
    expect(feed.getSnapshot().items.map((i) => i.id)).toEqual([`${TENANT}:10`]);
    expect(act.notifications.getSnapshot().items.map((n) => n.id)).toEqual([`${TENANT}:11`]);
    expect(act.notifications.getSnapshot().unread).toBe(1);
  });

  it('markRead of an id the list never had leaves the count and the items as they are', async () => {
    hostile.other = (req, res) =>
      json(
        res,
        path(req.url!) === '/notifications/read'
          ? { ok: true }
          : { items: [note(2)], next: null, unread: 1 },
      );
    const { act } = start();
    await until(() => act.notifications.getSnapshot().status === 'ready', 10_000, 'ready');
    await act.notifications.markRead(`${TENANT}:999`);
    expect(act.notifications.getSnapshot()).toMatchObject({ unread: 1 });
    expect(act.notifications.getSnapshot().items[0]!.readAt).toBeNull();
  });

  it('finding T3: a 200 whose body is not JSON, or JSON null, gives a GrantkitClientError naming the URL, status and content type (never a SyntaxError or TypeError)', async () => {
    hostile.other = (req, res) => {
      const p = path(req.url!);
      if (p === '/activity') return json(res, 'null');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>a login page</html>');
    };
    const { act } = start();
    await until(() => act.notifications.getSnapshot().status === 'error', 10_000, 'the error');
    const notes = act.notifications.getSnapshot().error;
    expect(notes).toBeInstanceOf(GrantkitClientError);
    expect(notes).toMatchObject({ code: 'http', status: 200 });
    expect(notes!.message).toContain(`${hostile.url}/notifications?`);
    expect(notes!.message).toContain('text/html');
    const feed = act.feed();
    await until(() => feed.getSnapshot().status === 'error', 10_000, 'the feed error');
    expect(feed.getSnapshot().error).toBeInstanceOf(GrantkitClientError);
    expect(feed.getSnapshot().error!.message).toContain('/activity');
    const watches = await act.watches().catch((e: unknown) => e);
    expect(watches).toBeInstanceOf(GrantkitClientError);
    expect((watches as Error).message).toContain('/watches answered 200 (text/html');
  });

  it('finding T8: a request that fails (connection closed at once, or cut mid-answer) gives a network GrantkitClientError naming the URL, not a bare TypeError', async () => {
    hostile.other = (req, res) => {
      const p = path(req.url!);
      if (p === '/activity') return req.socket.destroy();
      if (p === '/watches') {
        // a length it never reaches: the cut is a failed read, not the end of the body
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('[{"target":');
        return setTimeout(() => req.socket.destroy(), 50);
      }
      json(res, { items: [], next: null, unread: 0 });
    };
    const { act } = start();
    const feed = act.feed();
    await until(() => feed.getSnapshot().status === 'error', 10_000, 'the feed error');
    expect(feed.getSnapshot().error).toBeInstanceOf(GrantkitClientError);
    expect(feed.getSnapshot().error).toMatchObject({ code: 'network' });
    expect(feed.getSnapshot().error!.message).toContain(`${hostile.url}/activity`);
    const watches = await act.watches().catch((e: unknown) => e);
    expect(watches).toBeInstanceOf(GrantkitClientError);
    expect(watches).toMatchObject({ code: 'network' });
    expect((watches as Error).message).toContain('/watches');
  });

  it('finding T6: an endless line on the cross-tenant notification stream is cut at 1 MB, not buffered without bound', async () => {
    const LOTS = 256 * 1024 * 1024;
    let written = 0;
    let cut = -1;
    hostile.grants = (_, res) => json(res, snap());
    hostile.other = (req, res, n) => {
      if (path(req.url!) !== '/notifications/stream')
        return json(res, { items: [], next: null, unread: 0 });
      sse(res, 'data: ');
      if (n > 0) return; // its reconnects stay open and silent
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (written < LOTS) {
          written += chunk.length;
          if (!res.write(chunk)) return; // on 'drain', more
        }
      };
      res.on('drain', pump);
      res.on('close', () => (cut = written));
      pump();
    };
    const act = activity({ notifications: { scope: 'all' } });
    const client = createGrantkitClient({
      baseUrl: hostile.url,
      tenant: TENANT,
      userId: 'ann',
      getToken: () => 'token-of-ann',
      plugins: [act],
      push: false,
    });
    clients.push(client);
    await until(() => cut >= 0, 60_000, 'the client to cut the stream');
    // socket buffers on loopback hold megabytes: far less than the whole
    expect(cut).toBeLessThan(LOTS / 4);
  });
});

describe('activity: a server that never answers, a getToken that never settles', () => {
  /** A client with the activity plugin, `requestTimeout` 300 ms, on the hostile server. */
  const slow = (getToken: () => string | Promise<string>) => {
    hostile.grants = (_, res) => json(res, snap());
    const act = activity();
    const client = createGrantkitClient({
      baseUrl: hostile.url,
      tenant: TENANT,
      userId: 'ann',
      getToken,
      plugins: [act],
      push: false,
      requestTimeout: 300,
    });
    clients.push(client);
    return act;
  };

  it('finding T9: a feed, the notifications and watches() whose server never answers end at requestTimeout with a network error naming the URL (not loading forever)', async () => {
    hostile.other = () => {}; // the request is taken, never answered
    const act = slow(() => 'token-of-ann');
    const feed = act.feed();
    await until(() => feed.getSnapshot().status === 'error', 10_000, 'the feed error');
    await until(() => act.notifications.getSnapshot().status === 'error', 10_000, 'notes error');
    for (const error of [feed.getSnapshot().error, act.notifications.getSnapshot().error]) {
      expect(error).toBeInstanceOf(GrantkitClientError);
      expect(error).toMatchObject({ code: 'network' });
    }
    expect(feed.getSnapshot().error!.message).toContain(`${hostile.url}/activity`);
    expect(act.notifications.getSnapshot().error!.message).toContain(
      `${hostile.url}/notifications`,
    );
    const watches = await act.watches().catch((e: unknown) => e);
    expect(watches).toMatchObject({ name: 'GrantkitClientError', code: 'network' });
    expect((watches as Error).message).toContain(`${hostile.url}/watches`);
  });

  it('finding T9: a body that starts and never ends is cut at requestTimeout (network, naming the URL)', async () => {
    hostile.other = (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[');
    };
    const act = slow(() => 'token-of-ann');
    const feed = act.feed();
    await until(() => feed.getSnapshot().status === 'error', 10_000, 'the feed error');
    expect(feed.getSnapshot().error).toMatchObject({ code: 'network' });
    expect(feed.getSnapshot().error!.message).toContain(`${hostile.url}/activity`);
  });

  it('finding T9: with a getToken that never settles, the lists and watches() end at requestTimeout with an auth error naming getToken; nothing is sent', async () => {
    const act = slow(() => new Promise<string>(() => {}));
    const feed = act.feed();
    await until(() => feed.getSnapshot().status === 'error', 10_000, 'the feed error');
    await until(() => act.notifications.getSnapshot().status === 'error', 10_000, 'notes error');
    for (const error of [feed.getSnapshot().error, act.notifications.getSnapshot().error]) {
      expect(error).toBeInstanceOf(GrantkitClientError);
      expect(error).toMatchObject({ code: 'auth' });
      expect(error!.message).toMatch(/getToken/);
    }
    const watch = await act.watch({ type: 'survey', id: 'q3' } as never).catch((e: unknown) => e);
    expect(watch).toMatchObject({ name: 'GrantkitClientError', code: 'auth' });
    // Nothing of this client's: without its token it can send no request. (A request of the
    // previous test's client, sent before it was disposed, may reach a busy server after the
    // reset: it carries that client's token.)
    expect(hostile.seen.filter((r) => r.headers.authorization !== 'Bearer token-of-ann')).toEqual(
      [],
    );
  });
});

describe('activity: the cross-tenant notification stream and a getToken that never settles', () => {
  it('finding T9: the idle watchdog ends the wait for the token: the stream is down, then asks again (it was left unconnected for the session)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let asked = 0;
    let fetched = 0;
    const downs: number[] = [];
    const stream = openNoteStream(
      {
        base: 'http://127.0.0.1:9',
        headers: (signal?: AbortSignal) =>
          authHeaders(() => {
            asked++;
            return new Promise<string>(() => {});
          }, signal),
        fetch: (() => {
          fetched++;
          return new Promise(() => {});
        }) as typeof fetch,
      } as never,
      { ready: () => {}, note: () => {}, down: () => downs.push(asked) },
    );
    try {
      await vi.advanceTimersByTimeAsync(44_000);
      expect(downs).toEqual([]); // a slow token is waited for
      await vi.advanceTimersByTimeAsync(1_000);
      expect(downs).toEqual([1]);
      await vi.advanceTimersByTimeAsync(1_000); // the backoff of a first failure: under 0.5 s
      expect(asked).toBe(2);
      expect(fetched).toBe(0);
    } finally {
      stream.close();
      vi.useRealTimers();
    }
  });
});
