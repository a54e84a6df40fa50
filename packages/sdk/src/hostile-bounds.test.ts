/**
 * Bounds of the default client against a hostile server and a misbehaving host (the
 * `node:http` server of `__fixtures__/hostile.ts` on 127.0.0.1): a `getToken` that never
 * settles, id-set group keys past 32 bits, action lists longer than a mask holds. Every
 * time: the client fails closed with a typed error naming what was wrong, grants nothing
 * the server did not grant, and never hangs.
 */
import { compileSnapshot, createModel } from '@grantkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { json, sse } from './__fixtures__/hostile.ts';
import { hostileSuite } from './__fixtures__/hostile-suite.ts';
import { until } from './__fixtures__/util.ts';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import type { GrantkitClientError } from './errors.ts';
import { openStream, type Stream } from './stream.ts';
import { authHeaders } from './sync.ts';

const model = createModel(schema, world as never);
// biome-ignore lint/suspicious/noExplicitAny: any field may be replaced by anything
type Loose = Record<string, any>;
/** Ann's snapshot (she designs surveys) at `revision`, as plain JSON. */
const snap = (revision = 3): Loose =>
  JSON.parse(JSON.stringify(compileSnapshot(model, 'ann', { tenant: TENANT, revision })));

const { hostile, clients, client, ready } = hostileSuite();

/** Settles with `p`, or fails the test when `p` is still pending after `ms` (a hang guard). */
const settles = <T>(p: Promise<T>, ms = 20_000): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, no) =>
      setTimeout(() => no(new Error(`still pending after ${ms} ms`)), ms),
    ),
  ]);

describe('finding T1: a getToken that never settles', () => {
  it('finding T1: refresh() settles at requestTimeout with an auth error naming getToken; nothing is granted, and the next refresh with a working token loads', async () => {
    hostile.grants = (_, res) => json(res, snap(3));
    let hang = true;
    const c = client({
      requestTimeout: 500,
      getToken: () => (hang ? new Promise<string>(() => {}) : 'token-of-ann'),
    });
    await settles(c.refresh());
    expect(c.getSnapshot().error).toMatchObject({ name: 'GrantkitClientError', code: 'auth' });
    expect(c.getSnapshot().error?.message).toMatch(/getToken/);
    expect(c.status).toBe('error');
    expect(c.can('design', { type: 'survey' })).toBe(false);
    expect(hostile.count('/grants')).toBe(0);
    // the refresh in flight was not left hanging: a later one asks again
    hang = false;
    await settles(c.refresh());
    expect(c.status).toBe('ready');
    expect(c.can('design', { type: 'survey' })).toBe(true);
  });

  it('finding T1: with push on, awaitRevision times out as asked and the state names the auth failure; no request is sent without a token', async () => {
    hostile.grants = (_, res) => json(res, snap(3));
    const c = client({ requestTimeout: 500, push: true, getToken: () => new Promise(() => {}) });
    const e = await settles(c.awaitRevision(3, { timeoutMs: 3_000 }).catch((x: unknown) => x));
    expect(e).toMatchObject({ code: 'timeout' });
    expect(c.getSnapshot().error?.code).toBe('auth');
    expect(hostile.seen).toEqual([]);
  });
});

describe('finding T7: the push stream and a getToken that never settles', () => {
  let stream: Stream | undefined;
  afterEach(() => stream?.shut());

  it('finding T7: the idle watchdog ends the wait for the token (auth, naming getToken) and the stream reconnects with the next token', async () => {
    hostile.stream = (_, res) => sse(res, 'event: revision\ndata: {"revision":5}\n\n');
    let asked = 0;
    const getToken = () => (asked++ === 0 ? new Promise<string>(() => {}) : 'token-of-ann');
    const downs: GrantkitClientError[] = [];
    const revisions: number[] = [];
    stream = openStream({
      url: `${hostile.url}/grants/stream`,
      fetcher: fetch,
      headersFor: (signal) => authHeaders(getToken, signal),
      onOpen: () => {},
      onBeat: () => {},
      onRevision: (r) => revisions.push(r),
      onDown: (e) => downs.push(e),
      idleTimeout: 300,
    });
    await until(() => revisions.length > 0, 20_000, 'the revision of the second connection');
    expect(downs[0]).toMatchObject({ name: 'GrantkitClientError', code: 'auth' });
    expect(downs[0]!.message).toMatch(/getToken/);
    expect(revisions[0]).toBe(5);
    expect(hostile.seen.map((r) => r.headers.authorization)).toEqual(['Bearer token-of-ann']);
  });
});

describe('finding T4: id-set group keys past 32 bits', () => {
  it.each([
    ['i', '4294967297.0'],
    ['i', '99999999999999999999.0'],
    ['k', '4294967297:0=1'],
  ])(
    'finding T4: types.report.%s key "%s" (wraps to bit 0 in 32-bit arithmetic) is refused, the last good kept',
    async (field, key) => {
      hostile.grants = (_, res, n) => {
        const s = snap(3 + n);
        if (n > 0) s.types.report[field] = { [key]: ['r1'] };
        json(res, s);
      };
      const c = client();
      await ready(c);
      await c.refresh();
      expect(c.getSnapshot().error).toMatchObject({ code: 'invalid-snapshot' });
      expect(c.getSnapshot().error?.message).toContain(`types.report.${field}`);
      expect(c.getSnapshot().revision).toBe(3);
      expect(c.can('view', { type: 'report', id: 'r1' })).toBe(false);
    },
  );

  it('a key of the largest mask (2**32 - 1) is still taken', async () => {
    hostile.grants = (_, res) => {
      const s = snap(3);
      s.types.report.i = { '4294967295.0': ['r1'] };
      json(res, s);
    };
    const c = client();
    await ready(c);
    expect(c.can('view', { type: 'report', id: 'r1' })).toBe(true);
    expect(c.can('view', { type: 'report', id: 'r2' })).toBe(false);
  });
});

describe('finding T5: a type entry listing more actions than a mask holds', () => {
  it('finding T5: 33 actions (action 33 would alias action 1) are refused; 30, the schema limit, are taken', async () => {
    const actions = (n: number) => Array.from({ length: n }, (_, i) => (i ? `a${i}` : 'view'));
    hostile.grants = (_, res, n) => {
      const s = snap(3 + n);
      // bit 0 (`view`) on every report; with 33 actions, `a32` would test bit 32 = bit 0
      s.types.report = { a: actions(n === 0 ? 30 : 33), t: 1 };
      json(res, s);
    };
    const c = client();
    await ready(c);
    expect(c.can('view', { type: 'report' })).toBe(true);
    expect(c.can('a29', { type: 'report' })).toBe(false);
    await c.refresh();
    expect(c.getSnapshot().error).toMatchObject({ code: 'invalid-snapshot' });
    expect(c.getSnapshot().error?.message).toContain('types.report.a');
    expect(c.getSnapshot().revision).toBe(3);
    expect(c.can('a32', { type: 'report' })).toBe(false);
  });
});

describe('finding T10: a custom fetchSnapshot that never settles', () => {
  it('finding T10: refresh() settles at requestTimeout with a network error naming requestTimeout (it hung forever); the next refresh loads', async () => {
    let hang = true;
    let asked = 0;
    const c = client({
      baseUrl: undefined,
      requestTimeout: 300,
      // ignores its abort signal
      fetchSnapshot: () => {
        asked++;
        return hang
          ? new Promise(() => {})
          : Promise.resolve({ kind: 'full', snapshot: snap(3) as never });
      },
    });
    await settles(c.refresh());
    expect(c.getSnapshot().error).toMatchObject({ name: 'GrantkitClientError', code: 'network' });
    expect(c.getSnapshot().error?.message).toMatch(/requestTimeout/);
    expect(c.status).toBe('error');
    expect(c.can('design', { type: 'survey' })).toBe(false);
    hang = false;
    await settles(c.refresh());
    expect(asked).toBe(2);
    expect(c.status).toBe('ready');
    expect(c.can('design', { type: 'survey' })).toBe(true);
  });

  it('a fetchSnapshot that honours its signal rejects with its own error at requestTimeout', async () => {
    const c = client({
      baseUrl: undefined,
      requestTimeout: 300,
      fetchSnapshot: ({ signal }) =>
        new Promise((_, no) => {
          signal.onabort = () => no(new Error('the transport gave up'));
        }),
    });
    await settles(c.refresh());
    expect(c.getSnapshot().error).toMatchObject({ code: 'network' });
    expect(c.getSnapshot().error?.message).toMatch(/the transport gave up/);
  });
});

describe('finding T11: nonsense timing options', () => {
  it.each([
    ['maxStale', 0],
    ['maxStale', -1],
    ['maxStale', Number.NaN],
    ['maxStale', Number.POSITIVE_INFINITY],
    ['revalidateInterval', 0],
    ['revalidateInterval', -60_000],
    ['revalidateInterval', Number.NaN],
    ['revalidateInterval', Number.POSITIVE_INFINITY],
    ['requestTimeout', 0],
    ['requestTimeout', -1],
    ['requestTimeout', Number.NaN],
    ['requestTimeout', Number.POSITIVE_INFINITY],
    ['requestTimeout', '5000'],
  ])(
    'finding T11: %s %s is refused by createGrantkitClient with a TypeError naming it; nothing starts, nothing is fetched',
    async (option, value) => {
      hostile.grants = (_, res) => json(res, snap(3));
      expect(() => client({ [option]: value, push: true })).toThrow(
        expect.objectContaining({
          name: 'TypeError',
          message: expect.stringContaining(`createGrantkitClient: ${option} must be`),
        }),
      );
      expect(clients).toEqual([]);
      await new Promise((r) => setTimeout(r, 50));
      expect(hostile.seen).toEqual([]);
    },
  );

  it('small but positive values are taken (a 1 ms poll is the host’s choice)', async () => {
    hostile.grants = (_, res) => json(res, snap(3));
    const c = client({ maxStale: 60_000, revalidateInterval: 1_000, requestTimeout: 1 });
    expect(c.status).toBe('loading');
  });
});
