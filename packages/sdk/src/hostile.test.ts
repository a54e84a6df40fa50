/**
 * The client against a hostile or broken grants server (a small `node:http` server on
 * 127.0.0.1 whose answers each test writes): snapshots that are valid JSON but wrong in
 * subtle ways, deltas that do not apply, garbage on the event stream, servers that close
 * at once, answers that come too late. Every time: nothing is granted that the last good
 * snapshot did not grant, the last good one is kept (MODEL C3), `explain` never throws,
 * and the client neither spins nor grows without bound.
 */
import { compileSnapshot, createModel } from '@grantkit/core';
import { describe, expect, it, vi } from 'vitest';
import { type Handler, json, sse } from './__fixtures__/hostile.ts';
import { hostileSuite } from './__fixtures__/hostile-suite.ts';
import { sleep, until } from './__fixtures__/util.ts';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { explainTexts } from './explain.ts';
import type { GrantkitClient } from './types.ts';

const model = createModel(schema, world as never);
/** A snapshot as JSON, to spoil at will. */
// biome-ignore lint/suspicious/noExplicitAny: any field may be replaced by anything
type Loose = Record<string, any>;
/** Ann's snapshot (she designs surveys) at `revision`, as plain JSON. */
const snap = (revision = 3, user = 'ann'): Loose =>
  JSON.parse(JSON.stringify(compileSnapshot(model, user, { tenant: TENANT, revision })));

const { hostile, client, ready } = hostileSuite();

/** Every answer `c` gives on these checks, as `action/type` of those allowed. */
const RESOURCES = ['survey', 'report', 'page', '__proto__', 'constructor', 'a', 'toString'];
const ACTIONS = ['design', 'analyze', 'view', 'export', 'navigate', '__proto__', 'constructor'];
const allowed = (c: GrantkitClient) => {
  const out: string[] = [];
  for (const type of RESOURCES)
    for (const action of ACTIONS)
      for (const id of [undefined, '', 'q', 'r1', '__proto__'])
        if (c.can(action, { type, id }))
          out.push(`${action}/${type}${id === undefined ? '' : `:${id}`}`);
  return [...new Set(out.map((x) => x.split(':')[0]))];
};
/** `explain` answers every check without throwing, and agrees with `can`. */
const explainsAll = (c: GrantkitClient) => {
  for (const type of RESOURCES)
    for (const action of ACTIONS)
      for (const id of [undefined, '', 'r1', '__proto__']) {
        const r = { type, id, fields: { title: 7, name: {} } as never };
        expect(c.explain(action, r).allowed).toBe(c.can(action, r));
      }
};

describe('snapshots that are valid JSON but wrong: refused, the last good one kept (MODEL C3)', () => {
  const bad: [string, (s: Loose) => void][] = [
    ['finding H1: a negative mask (-1: every bit)', (s) => (s.types.report.t = -1)],
    ['finding H1: a mask of 2**53', (s) => (s.types.report.t = 2 ** 53)],
    [
      'finding H1: a mask past 32 bits (2**32 + 1 tests as 1)',
      (s) => (s.types.report.t = 2 ** 32 + 1),
    ],
    ['finding H1: a negative sourced mask', (s) => (s.types.report.ts = [[-1, 0]])],
    ['finding H1: an id as a negative number', (s) => (s.types.report.i = { '1.0': [-5, 'x'] })],
    [
      'finding H1: a prefix length without its suffix (reads as another id)',
      (s) => (s.types.report.i = { '1.0': ['report-2', 6] }),
    ],
    [
      'finding H1: a negative prefix length',
      (s) => (s.types.report.i = { '1.0': ['r1x', -1, 'y'] }),
    ],
    [
      'finding H1: a negative conditional mask',
      (s) => (s.types.report.x = [[-1, 0, null, null, null]]),
    ],
    ['finding H1: a negative everyone mask', (s) => (s.types.report.o = -1)],
    ['finding H1: a negative level mask', (s) => (s.types.report.lv = [-1, 0, 0, 0])],
    ['active "true"', (s) => (s.active = 'true')],
    ['superAdmin 1', (s) => (s.superAdmin = 1)],
    [
      'finding H2: a revision past 2**53 (every later snapshot would be older)',
      (s) => (s.revision = 2 ** 60),
    ],
    ['finding H3: maxStale 0 (stale at once, refetched in a loop)', (s) => (s.maxStale = 0)],
    ['finding H3: a negative maxStale', (s) => (s.maxStale = -60)],
    ['maxStale null (NaN in JSON)', (s) => (s.maxStale = null)],
    ['maxStale a string', (s) => (s.maxStale = '3600')],
    ['a menu entry of one item', (s) => (s.menu = [['reports']])],
    ['a menu entry null', (s) => (s.menu = [null])],
    ['a source without kind', (s) => (s.src = [{}])],
    ['types null', (s) => (s.types = null)],
    ['an entry null', (s) => (s.types.report = null)],
  ];
  it.each(bad)('%s', async (_, spoil) => {
    hostile.grants = (_, res, n) => {
      if (n === 0) return json(res, snap(3));
      const s = snap(4);
      s.types.report.t = 3; // the good part of it would grant reports
      spoil(s);
      json(res, s);
    };
    const c = client();
    await ready(c);
    const before = allowed(c);
    expect(before).toEqual(['design/survey', 'analyze/survey']);
    await c.refresh();
    expect(c.getSnapshot().error?.code).toBe('invalid-snapshot');
    expect(c.getSnapshot().revision).toBe(3);
    expect(c.status).toBe('ready');
    expect(allowed(c)).toEqual(before);
    explainsAll(c);
    // never taken by a client that holds nothing either
    const fresh = client();
    hostile.grants = (_, res) => {
      const s = snap(4);
      spoil(s);
      json(res, s);
    };
    await until(() => fresh.status === 'error', 10_000, 'error');
    expect(allowed(fresh)).toEqual([]);
    explainsAll(fresh);
  });
});

describe('finding H7: id groups whose key is not a mask', () => {
  it('finding H7: a group key with a negative mask ("-1.0": -1 tests as every bit) grants nothing', async () => {
    hostile.grants = (_, res) => {
      const s = snap(3);
      s.types.report.i = { '-1.0': ['r1'] };
      s.types.report.k = { '-1:0=1': ['r2'] };
      s.types.survey.i = { 'x.0': ['s1'] };
      json(res, s);
    };
    const c = client();
    await ready(c);
    for (const id of ['r1', 'r2'])
      for (const action of ['view', 'export'])
        expect(c.can(action, { type: 'report', id })).toBe(false);
    expect(allowed(c)).toEqual(['design/survey', 'analyze/survey']);
    explainsAll(c);
  });
});

describe('prototype keys and odd sources in a full snapshot', () => {
  it('finding H8: __proto__ and constructor keys in types and id groups grant only what they literally say; explain with full texts never throws on a source index past the sources', async () => {
    hostile.grants = (_, res) => {
      const s = snap(3);
      s.src.push(
        { kind: 'weird' },
        { kind: 'share', level: 'nope' },
        { kind: 'bundle' },
        { kind: '__proto__' },
      );
      s.types.report.ts = [[1, 99]]; // a source out of range
      s.types.report.t = 1; // view
      s.types.report.e = { production: [[2, 1]] };
      s.types.survey.ts = [
        [3, 2],
        [3, 3],
        [3, 4],
      ];
      let body = JSON.stringify(s);
      // as JSON text: a `__proto__` key of an object literal would set its prototype instead
      body = body.replace(
        '"types":{',
        '"types":{"__proto__":{"a":["view"],"t":1,"i":{"__proto__":["x"]}},"constructor":{"a":["view"],"g":{"__proto__":["y"]}},',
      );
      json(res, body);
    };
    const c = client({ plugins: [explainTexts()] });
    await ready(c);
    expect(allowed(c)).toEqual([
      'design/survey',
      'analyze/survey',
      'view/report',
      'view/__proto__',
    ]);
    expect(c.can('export', { type: 'report', env: 'production' })).toBe(true);
    expect(c.can('view', { type: 'constructor', id: 'y' })).toBe(false);
    explainsAll(c);
    for (const type of ['report', 'survey', '__proto__'])
      expect(c.explain('view', { type, id: 'x', env: 'production' }).message).toEqual(
        expect.any(String),
      );
  });
});

/** Answers a request with If-None-Match with `delta(since)`, every other with `full()`. */
const deltas =
  (full: () => unknown, delta: (since: number) => unknown): Handler =>
  (req, res) =>
    req.headers['if-none-match']
      ? json(res, delta(Number(/since=(\d+)/.exec(req.url ?? '')?.[1])))
      : json(res, full());

describe('deltas that do not apply, or would break the snapshot', () => {
  it('finding H9: a 304 (or "unchanged") to the first, unconditional request is an error, retried; not loading forever', async () => {
    let answer304 = true;
    hostile.grants = (_, res) => {
      if (!answer304) return json(res, snap(3));
      res.writeHead(304, { etag: '"3"' });
      res.end();
    };
    const c = client();
    await until(() => c.status === 'error', 10_000, 'error');
    expect(c.getSnapshot().error?.code).toBe('invalid-snapshot');
    expect(allowed(c)).toEqual([]);
    answer304 = false; // retried with backoff
    await ready(c);
    const d = client({ fetchSnapshot: async () => null });
    await until(() => d.status === 'error', 10_000, 'error');
    expect(d.getSnapshot().error?.code).toBe('invalid-snapshot');
  });

  it('a server that answers every request with a delta that does not apply: two requests, then backoff', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999); // the longest delay of each retry
    try {
      hostile.grants = (_, res, n) =>
        n === 0
          ? json(res, snap(3))
          : json(res, { kind: 'delta', from: 2, to: 4, patch: { format: 1, from: 2, to: 4 } });
      const c = client();
      await ready(c);
      await c.refresh(); // with ?since=3: a delta from 2; then without: a delta again
      expect(c.getSnapshot().error?.message).toMatch(/refused a delta instead of a full snapshot/);
      expect(hostile.seen.map((s) => s.url)).toEqual(['/grants', '/grants?since=3', '/grants']);
      // retried after 0.5, 1, 2 s…: at most 3 more fetches (6 requests) in 3 s
      await sleep(3_000);
      expect(hostile.seen.length).toBeLessThanOrEqual(3 + 6);
      expect(c.getSnapshot()).toMatchObject({ status: 'ready', revision: 3 });
      expect(allowed(c)).toEqual(['design/survey', 'analyze/survey']);
    } finally {
      random.mockRestore();
    }
  });

  it('deltas that delete types or the user, or move the revision back: refused, the last good one kept', async () => {
    const patches = [
      { del: ['types', 'user'] },
      { del: ['active'] },
      { set: { user: 'bob' } },
      { to: 2 }, // older than held
      { types: { report: { set: { t: -1 } } } },
      { maxStale: 0 },
    ];
    let patch: Loose = {};
    hostile.grants = deltas(
      () => snap(3),
      (since) => {
        const p = { format: 1, from: since, to: 4, issuedAt: Date.now(), maxStale: 3600, ...patch };
        return { kind: 'delta', from: since, to: p.to, patch: p };
      },
    );
    const c = client();
    await ready(c);
    for (const p of patches) {
      patch = p;
      await c.refresh();
      expect([p, c.getSnapshot().revision, c.getSnapshot().error?.code]).toEqual([
        p,
        3,
        expect.stringMatching(/^(invalid-snapshot|foreign-snapshot|older-snapshot)$/),
      ]);
      expect(allowed(c)).toEqual(['design/survey', 'analyze/survey']);
    }
  });

  it('304s whose ETag names an older revision, or none, or garbage: the held revision stays', async () => {
    const etags = ['"1"', undefined, '"abc"', `"${'9'.repeat(30)}"`];
    let etag: string | undefined;
    hostile.grants = (req, res) => {
      if (!req.headers['if-none-match']) return json(res, snap(3));
      res.writeHead(304, etag === undefined ? {} : { etag });
      res.end();
    };
    const c = client();
    await ready(c);
    for (const e of etags) {
      etag = e;
      await c.refresh();
      expect(c.getSnapshot()).toMatchObject({ status: 'ready', revision: 3, error: null });
    }
  });

  it('prototype keys in a delta (types, set, groups) grant nothing and break nothing', async () => {
    // as JSON: a `__proto__` key of an object literal would set its prototype instead
    const patches = [
      '"types":{"__proto__":{"set":{"a":["view"],"t":1}}}',
      '"set":{"__proto__":{"viewAs":"bob","fold":"report"}}',
      '"types":{"report":{"groups":{"__proto__":{"t":{"add":["x"]}}}}}',
      '"types":{"report":{"groups":{"i":{"__proto__":{"add":["r1"]}}}}}',
    ];
    let patch = '';
    hostile.grants = deltas(
      () => snap(3),
      (since) =>
        `{"kind":"delta","from":${since},"to":4,"patch":{"format":1,"from":${since},"to":4,"issuedAt":${Date.now()},"maxStale":3600,${patch}}}`,
    );
    const c = client();
    await ready(c);
    for (const p of patches) {
      patch = p;
      await c.refresh();
      // taken (a no-op: the merge copies own keys only) or refused, as long as nothing more is granted
      expect(allowed(c)).toEqual(['design/survey', 'analyze/survey']);
      expect(Object.getPrototypeOf(c.getSnapshot().snapshot!.types)).toBe(Object.prototype);
      explainsAll(c);
    }
  });
});

/** What a hostile stream writes at most (the client cuts it at 1 MB read, long before). */
const LOTS = 128 * 2 ** 20;

describe('the event stream of a hostile server', () => {
  /**
   * A stream that writes `chunk` after `head` until LOTS bytes (never ending its line or
   * event); its reconnects stay open and silent. Resolves with how much was written when
   * the client cut it.
   */
  const endless = async (head: string, chunk: string): Promise<number> => {
    const cut: number[] = [];
    let written = 0;
    hostile.stream = (_, res, n) => {
      sse(res, head);
      if (n > 0) return;
      const pump = () => {
        while (written < LOTS) {
          written += chunk.length;
          if (!res.write(chunk)) return; // on 'drain', more
        }
      };
      res.on('drain', pump);
      res.on('close', () => cut.push(written));
      pump();
    };
    hostile.grants = (_, res) => json(res, snap(3));
    const c = client({ push: true });
    await ready(c);
    await until(() => cut.length > 0 || written >= LOTS, 60_000, 'the client to cut the stream');
    expect(c.status).toBe('ready');
    return cut[0] ?? written;
  };

  it('finding H4: an endless line (no newline ever): the client drops the connection before buffering megabytes', async () => {
    // cut at 1 MB read (the socket buffers on the way hold more): long before the end
    expect(await endless('data: ', 'x'.repeat(64 * 1024))).toBeLessThan(LOTS);
  });

  it('finding H4: endless data lines without the blank line that ends an event: dropped the same way', async () => {
    expect(await endless('', 'data: {"revision":5}\n'.repeat(4096))).toBeLessThan(LOTS);
  });

  it('finding H5: a server that closes each stream right after its first event: the reconnect backoff still grows', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999); // the longest delay of each attempt
    try {
      hostile.stream = (_, res) => {
        sse(res, 'retry: 1000\n: connected\n\nevent: revision\nid: 3\ndata: {"revision":3}\n\n');
        res.end();
      };
      hostile.grants = (_, res) => json(res, snap(3));
      const c = client({ push: true });
      await ready(c);
      await until(() => hostile.count('/grants/stream') >= 1, 10_000, 'the stream');
      // backoff 0.5, 1, 2, 4 s…: at most 4 reconnects in 4 s (a busy machine makes fewer)
      await sleep(4_000);
      expect(hostile.count('/grants/stream')).toBeLessThanOrEqual(5);
    } finally {
      random.mockRestore();
    }
  });

  it('garbage, bad JSON and revisions that are not revisions are ignored; only the real one is fetched', async () => {
    hostile.stream = (_, res, n) =>
      sse(
        res,
        n > 0
          ? ''
          : [
              '\u0000\u0001garbage line\n',
              'event: revision\ndata: {"revision":\n\n',
              'event: revision\ndata: {"revision":"9"}\n\n',
              'event: revision\ndata: {"revision":-9}\n\n',
              'event: revision\ndata: {"revision":4.5}\n\n',
              `event: revision\ndata: {"revision":${2 ** 60}}\n\n`,
              'event: revision\ndata: null\n\n',
              'event: revision\ndata: 7\n\n',
              ':\n\n',
              'event: revision\nid: 3\ndata: {"revision":3}\n\n',
            ].join(''),
      );
    hostile.grants = (_, res) => json(res, snap(3));
    const c = client({ push: true });
    await ready(c);
    await until(() => hostile.count('/grants/stream') === 1, 10_000, 'the stream');
    await c.refresh();
    // nothing newer than 3 was announced: the stream's heartbeats keep it fresh, no revision pending
    expect(c.getSnapshot()).toMatchObject({ status: 'ready', revision: 3, error: null });
    expect(allowed(c)).toEqual(['design/survey', 'analyze/survey']);
  });

  it('finding H6: an event id that is not a revision is not sent back as Last-Event-ID (the grants server refuses it with 400)', async () => {
    hostile.stream = (_, res, n) => {
      if (n === 0)
        sse(res, 'event: revision\nid: 3\ndata: {"revision":3}\n\nid: not-a-revision\n\n');
      else if (n === 1) sse(res, `id: ${'9'.repeat(30)}\n\n`);
      else return sse(res);
      res.end();
    };
    hostile.grants = (_, res) => json(res, snap(3));
    const c = client({ push: true });
    await ready(c);
    await until(() => hostile.count('/grants/stream') >= 3, 20_000, 'two reconnects');
    const ids = hostile.seen
      .filter((s) => s.path === '/grants/stream')
      .map((s) => s.headers['last-event-id']);
    expect(ids).toEqual([undefined, '3', '3']);
  });
});

describe('late answers, slow answers and clocks', () => {
  it('a late answer for the previous user is never applied after setUser or signOut (MODEL C4)', async () => {
    const held: (() => void)[] = [];
    hostile.grants = (req, res) => {
      const user = String(req.headers.authorization).slice('Bearer token-of-'.length);
      held.push(() => json(res, snap(9, user)));
    };
    const c = client({ getToken: () => 'token-of-ann' });
    await until(() => held.length === 1, 10_000, "ann's request");
    c.setUser({ tenant: TENANT, userId: 'bob', getToken: () => 'token-of-bob' });
    await until(() => held.length === 2, 10_000, "bob's request");
    held[0]!(); // ann's answer arrives now
    await sleep(200);
    expect(c.getSnapshot()).toMatchObject({
      status: 'loading',
      userId: 'bob',
      error: null,
      snapshot: null,
    });
    c.signOut();
    held[1]!(); // and bob's, after sign-out
    await sleep(200);
    expect(c.getSnapshot()).toMatchObject({ status: 'idle', snapshot: null, error: null });
    expect(allowed(c)).toEqual([]);
  });

  it('a body that trickles and never ends is abandoned at requestTimeout; the last good one kept', async () => {
    hostile.grants = (_, res, n) => {
      if (n === 0) return json(res, snap(3));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"format":1,');
    };
    const c = client({ requestTimeout: 1_000 });
    await ready(c);
    await c.refresh();
    expect(c.getSnapshot().error?.code).toBe('network');
    expect(c.getSnapshot()).toMatchObject({ status: 'ready', revision: 3 });
  });

  it("the server's clock does not matter: issuedAt far in the past or future, maxStale counts from the answer", async () => {
    for (const issuedAt of [0, Date.now() + 10 * 365 * 86_400_000]) {
      hostile.grants = (_, res) => json(res, { ...snap(3), issuedAt, maxStale: 3600 });
      const c = client();
      await ready(c);
      expect(allowed(c)).toEqual(['design/survey', 'analyze/survey']);
      c.dispose();
    }
  });
});
