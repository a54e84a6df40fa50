/**
 * The HTTP protocol over 127.0.0.1 with a real PGlite: auth, snapshots with ETag/304,
 * deltas, Server-Sent Events, admin ops and their errors, read views, health.
 */
import { applyDelta, type GrantSnapshot, type SnapshotPatch } from '@grantkit/core';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auth, eventually, gainsight, startApp } from './__fixtures__/world.ts';
import { createGrantsApp } from './app.ts';
import { createHmacAuth } from './auth.ts';
import { createPGliteStorage } from './storage/pglite.ts';
import { type Storage, StorageUnavailableError } from './storage/types.ts';

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
let base: string;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage, { heartbeatMs: 150 });
  base = srv.url;
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

const revisionOf = async (user = 'sam') =>
  Number((await as(base, user).get('/grants')).headers.get('etag')?.replaceAll('"', ''));

describe('authentication (the host hook; HMAC tokens)', () => {
  it('answers 401 without a token, with a tampered or expired one', async () => {
    expect((await fetch(`${base}/grants`)).status).toBe(401);
    const good = auth.sign({ tenant: 'acme', userId: 'ann' });
    const [payload, mac] = good.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ t: 'acme', u: 'sam', exp: 9e9 })).toString(
      'base64url',
    );
    for (const token of [
      `${forged}.${mac}`,
      `${payload}.${mac.slice(0, -2)}xx`,
      'garbage',
      `${payload}.`,
    ]) {
      const res = await fetch(`${base}/grants`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
    let now = Date.now();
    const clocked = createHmacAuth({
      secret: 'test-secret-0123456789abcdef',
      ttlSeconds: 60,
      now: () => now,
    });
    const token = clocked.sign({ tenant: 'acme', userId: 'ann' });
    expect(clocked.verify(token)).toMatchObject({ tenant: 'acme', userId: 'ann' });
    now += 61_000;
    expect(clocked.verify(token)).toBeNull();
    const expired = createHmacAuth({ secret: 'test-secret-0123456789abcdef', ttlSeconds: -1 }).sign(
      { tenant: 'acme', userId: 'ann' },
    );
    expect(
      (await fetch(`${base}/grants`, { headers: { authorization: `Bearer ${expired}` } })).status,
    ).toBe(401);
  });

  it("never reaches another tenant's data", async () => {
    const acmeAnn = await (await as(base, 'ann', 'acme').get('/grants')).json();
    const globexAnn = await (await as(base, 'ann', 'globex').get('/grants')).json();
    expect(acmeAnn).toMatchObject({ tenant: 'acme', user: 'ann', superAdmin: false });
    expect(globexAnn).toMatchObject({ tenant: 'globex', user: 'ann', superAdmin: true });
    // Acme's super admin cannot touch Globex's dashboard: ids resolve in the caller's tenant only.
    const res = await as(base, 'sam', 'acme').op('share', {
      asset: 'secret',
      user: 'ann',
      level: 'view',
    });
    expect(res.status).toBe(404);
    const users = (await (await as(base, 'ann', 'globex').get('/world/users')).json()) as {
      id: string;
    }[];
    expect(users.map((u) => u.id).sort()).toEqual(['ann', 'zed']);
    const globexRev = await revisionOf('zed');
    expect(
      (await as(base, 'sam', 'acme').op('setUser', { id: 'eve', attributes: { x: 1 } })).status,
    ).toBe(200);
    expect(
      await as(base, 'zed', 'globex').get('/grants', { 'if-none-match': `"${globexRev}"` }),
    ).toHaveProperty('status', 304);
    expect((await as(base, 'ann', 'nowhere').get('/grants')).status).toBe(404);
  });

  it('accepts ?access_token= on the event stream only', async () => {
    const { token } = as(base, 'ann');
    expect((await fetch(`${base}/grants?access_token=${token}`)).status).toBe(401);
    const ctrl = new AbortController();
    const res = await fetch(`${base}/grants/stream?access_token=${token}`, { signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    ctrl.abort();
  });
});

describe('GET /grants', () => {
  it('serves the snapshot with ETag = revision, no-cache, and 304 on If-None-Match', async () => {
    const res = await as(base, 'ann').get('/grants');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag')!;
    const snap = (await res.json()) as GrantSnapshot;
    expect(etag).toBe(`"${snap.revision}"`);
    expect(snap).toMatchObject({ format: 1, tenant: 'acme', user: 'ann', active: true });
    expect(typeof snap.issuedAt).toBe('number');
    expect(snap.maxStale).toBe(3600);
    const again = await as(base, 'ann').get('/grants', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await as(base, 'ann').get('/grants', { 'if-none-match': '"12345678"' })).status).toBe(
      200,
    );
  });

  it('answers 304 for a revision whose changes did not touch this user, 200 when they did', async () => {
    const rev = await revisionOf('bob');
    await as(base, 'bob').get('/grants');
    expect(
      (await as(base, 'ann').op('share', { asset: 'd2', user: 'eve', level: 'view' })).status,
    ).toBe(200);
    const bob = await as(base, 'bob').get('/grants', { 'if-none-match': `"${rev}"` });
    expect(bob.status).toBe(304);
    expect(bob.headers.get('etag')).toBe(`"${rev + 1}"`);
    const eve = await as(base, 'eve').get('/grants', { 'if-none-match': `"${rev}"` });
    expect(eve.status).toBe(200);
  });

  it('sends a delta from ?since=, or the full snapshot, or 304', async () => {
    const old = (await (await as(base, 'bob').get('/grants')).json()) as GrantSnapshot;
    expect((await as(base, 'bob').get(`/grants?since=${old.revision}`)).status).toBe(304);
    expect(
      (await as(base, 'ann').op('share', { asset: 'd1', user: 'bob', level: 'view-edit' })).status,
    ).toBe(200);
    const res = await as(base, 'bob').get(`/grants?since=${old.revision}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      kind: 'delta';
      from: number;
      to: number;
      patch: SnapshotPatch;
    };
    expect(body).toMatchObject({ kind: 'delta', from: old.revision, to: old.revision + 1 });
    const full = (await (await as(base, 'bob').get('/grants')).json()) as GrantSnapshot;
    const rebuilt = applyDelta(old, body.patch);
    expect({ ...rebuilt, issuedAt: 0 }).toEqual({ ...full, issuedAt: 0 });
    const unknown = await (await as(base, 'bob').get('/grants?since=1')).json();
    expect(unknown.kind === 'full' || unknown.kind === 'delta').toBe(true);
    const bad = await as(base, 'bob').get('/grants?since=abc');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('since');
  });

  it('compiles what a super admin sees while viewing as someone (MODEL A11)', async () => {
    const viewing = (await (
      await as(base, 'sam').get('/grants?viewAs=cat')
    ).json()) as GrantSnapshot;
    expect(viewing).toMatchObject({ user: 'sam', viewAs: 'cat', active: true, superAdmin: false });
    const refused = (await (
      await as(base, 'bob').get('/grants?viewAs=sam')
    ).json()) as GrantSnapshot;
    expect(refused).toMatchObject({ user: 'bob', viewAs: 'sam', active: false });
  });
});

/** Collects events of an EventSource. */
function listenTo(url: string) {
  const events: { id: string; revision: number; at: number }[] = [];
  const es = new EventSource(url);
  es.addEventListener('revision', (e) => {
    events.push({ id: e.lastEventId, revision: JSON.parse(e.data).revision, at: Date.now() });
  });
  const opened = new Promise<void>((resolve, reject) => {
    es.onopen = () => resolve();
    es.onerror = (e) => reject(e);
  });
  return { es, events, opened };
}

describe('GET /grants/stream (Server-Sent Events)', () => {
  it("pushes the user's revision within 1 s of a change that affects them, and only then", async () => {
    const bob = listenTo(`${base}/grants/stream?access_token=${as(base, 'bob').token}`);
    await bob.opened;
    await eventually(() => bob.events.length === 1); // no Last-Event-ID: the current revision at once
    await as(base, 'sam').op('setUser', { id: 'eve', attributes: { y: 2 } }); // does not touch bob
    await new Promise((r) => setTimeout(r, 300));
    expect(bob.events).toHaveLength(1);
    const sent = Date.now();
    const res = await as(base, 'ann').op('share', { asset: 'd2', user: 'bob', level: 'view' });
    const { revision } = await res.json();
    await eventually(() => bob.events.length === 2, 1000);
    expect(bob.events[1]).toMatchObject({ id: String(revision), revision });
    expect(bob.events[1]!.at - sent).toBeLessThan(1000);
    bob.es.close();
  });

  it('resumes: Last-Event-ID below the current revision gets the current one at once, equal gets nothing', async () => {
    const rev = await revisionOf();
    const token = as(base, 'bob').token;
    const behind = listenTo(`${base}/grants/stream?access_token=${token}&lastEventId=${rev - 1}`);
    await eventually(() => behind.events.length === 1);
    expect(behind.events[0]!.revision).toBe(rev);
    behind.es.close();
    const ctrl = new AbortController();
    const res = await fetch(`${base}/grants/stream`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': String(rev) },
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    const until = Date.now() + 400;
    while (Date.now() < until && !text.includes(': hb'))
      text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(': connected');
    expect(text).toContain(': hb'); // heartbeats (every 150 ms in this app)
    expect(text).not.toContain('event: revision');
    ctrl.abort();
  });
});

describe('POST /ops/<op>', () => {
  const count = async () =>
    ((await (await as(base, 'sam').get('/audit/all?limit=1000')).json()) as unknown[]).length;

  it('applies an op: 200 with the revision and its audit entries', async () => {
    const before = await revisionOf();
    const res = await as(base, 'ann').op('share', { asset: 'd2', user: 'cat', level: 'view' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.revision).toBe(before + 1);
    expect(body.audit).toEqual([
      expect.objectContaining({
        actor: 'ann',
        action: 'share',
        resource: { type: 'dashboard', id: 'd2' },
      }),
    ]);
  });

  it('refuses by MODEL rule with 403 and the rule id, writing nothing', async () => {
    const [rev, n] = [await revisionOf(), await count()];
    const a8 = await as(base, 'ann').op('share', { asset: 'd2', user: 'bob', level: 'admin' });
    expect(a8.status).toBe(403);
    const body = await a8.json();
    expect(body.error).toMatchObject({ code: 'rule', rule: 'A8' });
    expect(body.error.message).toMatch(/^MODEL A8: /);
    const a7 = await as(base, 'bob').op('setSharing', { asset: 'd3', sharing: 'public-view' });
    expect((await a7.json()).error).toMatchObject({ code: 'rule', rule: 'A7' });
    const a11 = await as(base, 'sam').op(
      'share',
      { asset: 'd3', user: 'bob', level: 'view' },
      '?viewAs=ann',
    );
    expect((await a11.json()).error.rule).toBe('A11');
    expect([await revisionOf(), await count()]).toEqual([rev, n]);
  });

  it('answers 400 naming the field, 404 for unknown ids and ops, 409 for duplicates, 413 for big bodies', async () => {
    const rev = await revisionOf();
    const cases: [string, unknown, number, string | undefined][] = [
      ['share', { asset: 'd2', user: 'bob', level: 'owner' }, 400, 'args.level'],
      ['share', { asset: 'd2', level: 'view' }, 400, 'args.user'],
      ['move', { assets: ['d1', 'd2', 'd3', 7], to: 'f1' }, 400, 'args.assets[3]'],
      ['share', { asset: 'd2', user: 'bob', level: 'view', extra: 1 }, 400, 'args.extra'],
      [
        'createBundle',
        { id: 'X', grants: [{ type: 'page', actions: [] }] },
        400,
        'args.grants[0].actions',
      ],
      ['createBundle', { id: 'X', grants: [{ type: 'nope', actions: ['view'] }] }, 400, undefined],
      ['editBundle', { id: 'DASH', grants: [], groups: ['G', 3] }, 400, 'args.groups[1]'],
      [
        'createBundle',
        { id: 'X', grants: [], rule: { attr: 'a', op: 'like', value: 1 } },
        400,
        undefined,
      ],
      ['share', '{"asset": "d2",', 400, 'body'],
      ['share', '[1,2]', 400, 'args'],
      ['share', { asset: 'nope', user: 'bob', level: 'view' }, 404, 'args.asset'],
      ['addToBundle', { bundle: 'NOPE', user: 'bob' }, 404, 'args.bundle'],
      ['deleteAsset', { asset: 'nope' }, 404, 'args.asset'],
      ['createBundle', { id: 'DASH', grants: [] }, 409, undefined],
      ['fly', {}, 404, undefined],
    ];
    for (const [op, args, status, field] of cases) {
      const res = await as(base, 'sam').op(op, args);
      const body = await res.json();
      expect({ op, args, status: res.status }).toEqual({ op, args, status });
      expect(typeof body.error.message).toBe('string');
      if (field !== undefined) expect({ op, field: body.error.field }).toEqual({ op, field });
    }
    const conflict = await (
      await as(base, 'sam').op('createBundle', { id: 'DASH', grants: [] })
    ).json();
    expect(conflict.error).toMatchObject({ code: 'conflict', rule: 'K8' });
    const big = await as(base, 'sam').op('createBundle', {
      id: 'BIG',
      grants: [{ type: 'page', id: 'x'.repeat(300_000), actions: ['navigate'] }],
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('too_large');
    expect(await revisionOf()).toBe(rev);
  });

  it('loses no update when ops on one bundle and one asset run concurrently', async () => {
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        as(base, 'sam').op('addToBundle', { bundle: 'TEAM', user: `u${i}` }),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        as(base, 'sam').op('share', { asset: 'd3', user: `u${i}`, level: 'view' }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    const revisions = await Promise.all(
      results.map(async (r) => (await r.json()).revision as number),
    );
    expect(new Set(revisions).size).toBe(30);
    const team = (
      (await (await as(base, 'sam').get('/world/bundles')).json()) as {
        id: string;
        users?: string[];
      }[]
    ).find((b) => b.id === 'TEAM');
    expect(team?.users?.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`).sort());
    const d3 = (
      (await (await as(base, 'sam').get('/world/resources?type=dashboard')).json()) as {
        id: string;
        shares?: unknown[];
      }[]
    ).find((r) => r.id === 'd3');
    expect(d3?.shares).toHaveLength(10);
    for (let i = 0; i < 20; i++) {
      const s = (await (await as(base, `u${i}`).get('/grants')).json()) as GrantSnapshot;
      expect(s.menu.map(([id]) => id)).toContain('timeline');
    }
  });
});

describe('read views', () => {
  it('lists audit entries per resource (oldest first) and tenant-wide (newest first)', async () => {
    const trail = await (await as(base, 'ann').get('/audit?type=dashboard&id=d2')).json();
    expect(trail.length).toBeGreaterThan(0);
    expect(trail[0]).toMatchObject({
      actor: 'ann',
      action: 'share',
      resource: { type: 'dashboard', id: 'd2' },
    });
    expect(trail.map((e: { seq: number }) => e.seq)).toEqual(
      [...trail.map((e: { seq: number }) => e.seq)].sort((a: number, b: number) => a - b),
    );
    const all = await (await as(base, 'sam').get('/audit/all?limit=3')).json();
    expect(all).toHaveLength(3);
    expect(all[0].seq).toBeGreaterThan(all[2].seq);
    expect((await as(base, 'sam').get('/audit?type=dashboard')).status).toBe(400);
    expect((await as(base, 'sam').get('/audit/all?limit=0')).status).toBe(400);
  });

  it('scopes the world views to what the caller may see', async () => {
    expect((await as(base, 'eve').get('/audit/all')).status).toBe(403);
    expect((await as(base, 'eve').get('/world/recordTypes')).status).toBe(403);
    expect((await as(base, 'eve').get('/audit?type=bundle&id=DASH')).status).toBe(403);
    expect((await as(base, 'dan').get('/world/users')).status).toBe(403);
    const eveUsers = (await (await as(base, 'eve').get('/world/users')).json()) as object[];
    expect(Object.keys(eveUsers[0]!).sort()).toEqual(['active', 'id']);
    const annBundles = (await (await as(base, 'ann').get('/world/bundles')).json()) as {
      id: string;
    }[];
    expect(annBundles.map((b) => b.id)).toContain('DASH');
    expect((await (await as(base, 'eve').get('/world/bundles')).json()) as unknown[]).toEqual([]);
    const eveDash = (await (
      await as(base, 'eve').get('/world/resources?type=dashboard')
    ).json()) as { id: string; shares?: unknown }[];
    expect(eveDash.map((d) => d.id)).toEqual(['d2']);
    expect(eveDash[0]!.shares).toBeUndefined();
    const rt = (await (await as(base, 'sam').get('/world/recordTypes')).json()) as {
      type: string;
    }[];
    expect(rt.map((r) => r.type)).toContain('relationship');
    expect((await as(base, 'sam').get('/world/groups')).status).toBe(200);
    expect((await as(base, 'sam').get('/world/resources?type=nope')).status).toBe(400);
    expect((await as(base, 'sam').get('/world/nothing')).status).toBe(404);
  });

  it('finding (issue 13): a bundle administrator who is not an admin sees every member the bundle reaches, through groups too', async () => {
    const sam = as(base, 'sam');
    expect(
      (await sam.op('createBundle', { id: 'REACH', grants: [], groups: ['EMEA'] })).status,
    ).toBe(200);
    expect(
      (await sam.op('addToBundle', { bundle: 'REACH', user: 'bob', administrator: true })).status,
    ).toBe(200);
    const bob = (await (await as(base, 'bob').get('/world/bundles')).json()) as {
      id: string;
      members?: string[];
    }[];
    expect(bob.map((b) => [b.id, b.members])).toEqual([['REACH', ['ann', 'bob']]]);
    const admins = (await (await sam.get('/world/bundles')).json()) as { members?: unknown }[];
    expect(admins.every((b) => b.members === undefined)).toBe(true);
  });
});

describe('GET /health', () => {
  it('is 200 with the storage kind, 503 when the database is gone (and ops too)', async () => {
    const res = await fetch(`${base}/health`);
    expect(await res.json()).toMatchObject({ ok: true, storage: 'pglite' });
    // The same database behind a switch: while "down", every storage call fails as a lost connection does.
    let down = false;
    const flaky = new Proxy(storage, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (down && key !== 'close')
            return Promise.reject(new StorageUnavailableError(new Error('connection refused')));
          return value.apply(target, args);
        };
      },
    });
    const app = createGrantsApp({
      storage: flaky,
      schema: gainsight(),
      authenticate: auth.authenticate,
      onError: () => {},
    });
    const call = (path: string, init: RequestInit = {}) =>
      app.fetch(
        new Request(`http://local${path}`, {
          ...init,
          headers: { authorization: `Bearer ${auth.sign({ tenant: 'acme', userId: 'sam' })}` },
        }),
      );
    const rev = Number((await call('/grants')).headers.get('etag')!.replaceAll('"', ''));
    down = true;
    expect((await call('/health')).status).toBe(503);
    const op = await call('/ops/share', {
      method: 'POST',
      body: JSON.stringify({ asset: 'd1', user: 'eve', level: 'view' }),
    });
    expect(op.status).toBe(503);
    expect((await op.json()).error.code).toBe('unavailable');
    down = false;
    expect((await call('/health')).status).toBe(200);
    expect((await call('/grants')).headers.get('etag')).toBe(`"${rev}"`);
    expect(
      (
        await call('/ops/share', {
          method: 'POST',
          body: JSON.stringify({ asset: 'd1', user: 'eve', level: 'view' }),
        })
      ).status,
    ).toBe(200);
    await app.close();
  });

  it('keeps the in-memory model in step when the database fails in the middle of an op', async () => {
    let failAppend = false;
    const failing = new Proxy(storage, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'withTenantLock')
          return typeof value === 'function' ? value.bind(target) : value;
        return (tenant: string, work: (tx: unknown) => Promise<unknown>) =>
          target.withTenantLock(tenant, (tx) =>
            work({
              ...tx,
              revision: tx.revision,
              readOps: tx.readOps,
              append: async (input: Parameters<typeof tx.append>[0]) => {
                if (failAppend)
                  throw new StorageUnavailableError(new Error('connection terminated'));
                return tx.append(input);
              },
              appendMany: async (inputs: Parameters<typeof tx.appendMany>[0]) => {
                if (failAppend)
                  throw new StorageUnavailableError(new Error('connection terminated'));
                return tx.appendMany(inputs);
              },
            }),
          );
      },
    });
    const app = createGrantsApp({
      storage: failing,
      schema: gainsight(),
      authenticate: auth.authenticate,
      onError: () => {},
    });
    const call = (user: string, path: string, init: RequestInit = {}) =>
      app.fetch(
        new Request(`http://local${path}`, {
          ...init,
          headers: { authorization: `Bearer ${auth.sign({ tenant: 'acme', userId: user })}` },
        }),
      );
    const before = (await (await call('u19', '/grants')).json()) as GrantSnapshot;
    failAppend = true;
    const op = await call('sam', '/ops/share', {
      method: 'POST',
      body: JSON.stringify({ asset: 'd3', user: 'u19', level: 'view-edit' }),
    });
    expect(op.status).toBe(503);
    failAppend = false;
    const after = (await (await call('u19', '/grants')).json()) as GrantSnapshot;
    expect({ ...after, issuedAt: 0 }).toEqual({ ...before, issuedAt: 0 });
    const ok = await call('sam', '/ops/share', {
      method: 'POST',
      body: JSON.stringify({ asset: 'd3', user: 'u19', level: 'view-edit' }),
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).revision).toBe(before.revision + 1);
    await app.close();
  });
});
