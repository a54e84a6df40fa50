/**
 * MODEL W1–W5, W7 over HTTP on 127.0.0.1 with a real PGlite: the feed filtered per viewer,
 * watches through the ops route, notifications (stored in the op's transaction, listed,
 * marked read, pushed on the stream), the cross-tenant merge of one identity, and what is
 * paused now.
 */
import type { WorldInput } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, eventually, startApp } from '../__fixtures__/world.ts';
import type { Membership } from '../auth.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';
import type { FeedItem, LifecycleItem, NotificationItem, Page } from './read.ts';

type Feed = Page<FeedItem>;
type Notes = Page<NotificationItem> & { unread: number };

/** A product subscription: a PX admin, a production launcher, a viewer, someone with no access. */
const product = (engagements: number): WorldInput => ({
  users: [
    { id: 'pa', roles: ['PX_ADMIN'] },
    { id: 'pl', roles: ['PX_PRODUCTION_LAUNCHER', 'PX_VIEWER'] },
    { id: 'px', roles: ['PX_VIEWER'] },
    { id: 'nv' },
  ],
  resources: Array.from({ length: engagements }, (_, i) => ({
    type: 'engagement',
    id: `e${i}`,
    env: i % 2 === 0 ? 'production' : 'staging',
    state: 'active',
  })),
});

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  for (const t of ['px1', 'px2', 'px3']) await storage.ensureTenant(t, product(4));
  srv = await startApp(storage);
});
afterAll(async () => {
  await srv?.close();
  await storage?.close();
});

function user(userId: string, tenant = 'px1', tenants?: Membership[]) {
  const token = auth.sign({ tenant, userId, ...(tenants === undefined ? {} : { tenants }) });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    token,
    get: async <T = Feed>(path: string): Promise<T> => {
      const res = await fetch(`${srv.url}${path}`, { headers });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    status: async (path: string) => (await fetch(`${srv.url}${path}`, { headers })).status,
    post: (path: string, body: unknown) =>
      fetch(`${srv.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  };
}
const transition = (tenant: string, actor: string, id: string, action: string) =>
  user(actor, tenant).post('/ops/transition', {
    resource: { type: 'engagement', id },
    action,
  });

/** An open event stream: everything it received so far. */
function listen(token: string) {
  const ctrl = new AbortController();
  const s = { text: '', close: () => ctrl.abort() };
  void (async () => {
    try {
      const res = await fetch(`${srv.url}/grants/stream?access_token=${token}`, {
        signal: ctrl.signal,
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (let c = await reader.read(); !c.done; c = await reader.read())
        s.text += decoder.decode(c.value, { stream: true });
    } catch {}
  })();
  return s;
}

describe('MODEL W1–W4: the feed, watches and notifications of one tenant', () => {
  it('W1: the feed shows an event to those who may see its resource, filtered and paged with a cursor', async () => {
    expect((await transition('px1', 'pl', 'e0', 'pause')).status).toBe(200);
    expect((await transition('px1', 'pa', 'e1', 'pause')).status).toBe(200);
    expect((await transition('px1', 'pa', 'e2', 'pause')).status).toBe(200);
    const feed = await user('pa').get('/activity');
    expect(feed.items.map((i) => [i.tenant, i.action, i.resource.id])).toEqual([
      ['px1', 'pause', 'e2'],
      ['px1', 'pause', 'e1'],
      ['px1', 'pause', 'e0'],
    ]);
    expect((await user('nv').get('/activity')).items).toEqual([]);
    const prod = await user('px').get('/activity?environment=production&actor=pa');
    expect(prod.items.map((i) => i.resource.id)).toEqual(['e2']);
    // Pages of one: every event once, newest first, then no cursor.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Feed = await user('pa').get(
        `/activity?limit=1${cursor === '' ? '' : `&cursor=${cursor}`}`,
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
      expect(seen.length).toBeLessThan(10);
    }
    expect(seen).toEqual(feed.items.map((i) => i.id));
    // In process, through the same function (app.grants).
    const inProcess = await srv.app.grants.activity({ tenant: 'px1', userId: 'pa' });
    expect(inProcess.items.map((i) => i.id)).toEqual(feed.items.map((i) => i.id));
    expect((await srv.app.grants.activity({ tenant: 'px1', userId: 'nv' })).items).toEqual([]);
    const bad = await fetch(`${srv.url}/activity?limit=0`, {
      headers: { authorization: `Bearer ${user('pa').token}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('limit');
  });

  it('W2–W4: a watch through the ops route gives one notification on the stream and in the list; the actor and those who may not see get none; mark read', async () => {
    expect(
      (await user('px').post('/ops/watch', { target: { type: 'engagement', env: 'production' } }))
        .status,
    ).toBe(200);
    expect((await user('nv').post('/ops/watch', { target: { type: 'engagement' } })).status).toBe(
      403,
    );
    const watches = await user('px').get('/watches');
    expect(JSON.stringify(watches)).toContain('production');
    const pxStream = listen(user('px').token);
    const nvStream = listen(user('nv').token);
    await eventually(
      () => pxStream.text.includes(': connected') && nvStream.text.includes(': connected'),
      20_000,
    );
    expect((await transition('px1', 'pa', 'e2', 'launch')).status).toBe(200);
    await eventually(() => pxStream.text.includes('event: notification'), 20_000);
    expect(pxStream.text).toContain('event: activity');
    const list = await user('px').get<Notes>('/notifications');
    expect(list.unread).toBe(1);
    expect(list.items.map((n) => [n.event.actor, n.event.action, n.event.resource.id])).toEqual([
      ['pa', 'launch', 'e2'],
    ]);
    expect((await user('pa').get<Notes>('/notifications')).items).toEqual([]); // the actor
    expect(nvStream.text).not.toContain('event: activity');
    expect(nvStream.text).not.toContain('event: notification');
    // One form everywhere: the stream's items carry the ids and the user the lists give.
    const sent = (event: string) =>
      [...pxStream.text.matchAll(new RegExp(`event: ${event}\\ndata: (.*)\\n`, 'g'))].map((m) =>
        JSON.parse(m[1]!),
      );
    const feedIds = (await user('px').get('/activity')).items.map((i) => i.id);
    expect(sent('activity').length).toBeGreaterThan(0);
    for (const a of sent('activity')) {
      expect(a.id).toBe(`px1:${a.seq}`);
      expect(feedIds).toContain(a.id);
    }
    const [pushed] = sent('notification');
    expect(pushed).toMatchObject({ id: list.items[0]?.id, tenant: 'px1', user: 'px' });
    expect(pushed.event.id).toBe(list.items[0]?.event.id);
    expect(list.items[0]).toMatchObject({ user: 'px' });
    expect(list.items[0]?.id).toMatch(/^px1:\d+$/);
    const read = await user('px').post('/notifications/read', { id: list.items[0]?.id });
    expect(((await read.json()) as { marked: number }).marked).toBe(1);
    expect((await user('px').get<Notes>('/notifications')).unread).toBe(0);
    // A staging change is not watched.
    expect((await transition('px1', 'pa', 'e1', 'launch')).status).toBe(200);
    expect((await user('px').get<Notes>('/notifications')).items).toHaveLength(1);
    pxStream.close();
    nvStream.close();
  });

  it('W1, W4: once the user may no longer see it, a notification leaves the list and the unread count', async () => {
    expect((await transition('px1', 'pa', 'e2', 'pause')).status).toBe(200);
    const before = await user('px').get<Notes>('/notifications');
    expect(before.unread).toBe(1);
    expect(before.items[0]?.event.resource.id).toBe('e2');
    await srv.app.grants.syncUsers('px1', [{ id: 'px', active: false }]);
    const after = await user('px').get<Notes>('/notifications');
    expect(after.items).toEqual([]);
    expect(after.unread).toBe(0);
    expect((await user('px').get('/activity')).items).toEqual([]);
  });
});

describe('MODEL W5, W7: one identity across tenants', () => {
  const member = [
    { tenant: 'px1', userId: 'pa' },
    { tenant: 'px2', userId: 'pa' },
  ];
  it('W5: scope=all merges the tenants the identity lists, each item naming its tenant, nothing from another tenant', async () => {
    expect((await transition('px2', 'pl', 'e0', 'pause')).status).toBe(200);
    expect((await transition('px3', 'pl', 'e0', 'pause')).status).toBe(200); // pa is not in the token's px3
    const all = await user('pa', 'px1', member).get('/activity?scope=all&action=pause');
    const tenants = new Set(all.items.map((i) => i.tenant));
    expect([...tenants].sort()).toEqual(['px1', 'px2']);
    expect(all.items.every((i) => i.id.startsWith(`${i.tenant}:`))).toBe(true);
    // Without the list, scope=all is the current tenant only.
    const alone = await user('pa', 'px1').get('/activity?scope=all');
    expect(alone.items.every((i) => i.tenant === 'px1')).toBe(true);
    // Notifications of another tenant cannot be marked read through this identity.
    const res = await user('pa', 'px1', member).post('/notifications/read', { id: 'px3:1' });
    expect(((await res.json()) as { marked: number }).marked).toBe(0);
  });

  it('W7: what is paused now, across the tenants, with who paused it and when', async () => {
    const paused = await user('pa', 'px1', member).get<LifecycleItem[]>(
      '/lifecycle?type=engagement&state=paused&scope=all',
    );
    const rows = paused.map((r) => [r.tenant, r.id, r.lastTransition?.actor]);
    expect(rows).toContainEqual(['px2', 'e0', 'pl']);
    expect(rows).toContainEqual(['px1', 'e0', 'pl']);
    expect(rows.some((r) => r[0] === 'px3')).toBe(false);
    expect(paused.every((r) => r.state === 'paused' && (r.lastTransition?.at ?? 0) > 0)).toBe(true);
    expect(
      await user('nv').get<LifecycleItem[]>('/lifecycle?type=engagement&state=paused'),
    ).toEqual([]);
  });
});
