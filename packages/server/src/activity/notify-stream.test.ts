/**
 * MODEL W4, W5 live: `GET /notifications/stream` pushes a person's notifications of every
 * tenant their identity lists as they are given (not only by polling `scope=all`), each
 * naming its tenant and user, and nothing of a tenant not listed. Real PGlite, 127.0.0.1.
 */
import type { WorldInput } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from '../__fixtures__/event-stream.ts';
import { auth, eventually, startApp } from '../__fixtures__/world.ts';
import type { Membership } from '../auth.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

const product = (): WorldInput => ({
  users: [
    { id: 'pa', roles: ['PX_ADMIN'] },
    { id: 'pl', roles: ['PX_PRODUCTION_LAUNCHER', 'PX_VIEWER'] },
    { id: 'ps', superAdmin: true },
  ],
  resources: [{ type: 'engagement', id: 'e0', env: 'production', state: 'active' }],
});

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  for (const t of ['px1', 'px2', 'px3', 'px4', 'px5', 'px6'])
    await storage.ensureTenant(t, product());
  srv = await startApp(storage);
});
afterAll(async () => {
  await srv?.close();
  await storage?.close();
});

const token = (tenant: string, userId: string, tenants?: Membership[]) =>
  auth.sign({ tenant, userId, ...(tenants === undefined ? {} : { tenants }) });
const post = (tk: string, path: string, body: unknown) =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The events an open stream received so far, parsed. */
const listen = (path: string, tk: string) => openEventStream(srv.url, path, tk);

describe('MODEL W5: notifications across tenants, live', () => {
  it('a person in two tenants gets both tenants’ notifications on one stream as they happen, and nothing of a third', async () => {
    const member: Membership[] = [
      { tenant: 'px1', userId: 'pa' },
      { tenant: 'px2', userId: 'pa' },
    ];
    // pa watches engagements in each of the three tenants (a token of each)
    for (const t of ['px1', 'px2', 'px3'])
      expect(
        (await post(token(t, 'pa'), '/ops/watch', { target: { type: 'engagement' } })).status,
      ).toBe(200);
    const stream = listen('/notifications/stream', token('px1', 'pa', member));
    await eventually(() => stream.events('ready').length === 1, 20_000);
    expect(stream.events('ready')[0]).toEqual({ tenants: ['px1', 'px2'] });

    const pause = (t: string) =>
      post(token(t, 'pl'), '/ops/transition', {
        resource: { type: 'engagement', id: 'e0' },
        action: 'pause',
      });
    expect((await pause('px3')).status).toBe(200); // not listed in the token
    expect((await pause('px2')).status).toBe(200);
    expect((await pause('px1')).status).toBe(200);
    await eventually(() => stream.events('notification').length >= 2, 20_000);
    const notes = stream.events('notification');
    expect(notes.map((n) => n.tenant).sort()).toEqual(['px1', 'px2']);
    for (const n of notes) {
      expect(n.user).toBe('pa');
      expect(n.id).toMatch(new RegExp(`^${n.tenant}:\\d+$`));
      expect(n.event).toMatchObject({ actor: 'pl', action: 'pause', tenant: n.tenant });
    }
    // the same ids as the merged list gives
    const list = (await (
      await fetch(`${srv.url}/notifications?scope=all`, {
        headers: { authorization: `Bearer ${token('px1', 'pa', member)}` },
      })
    ).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id).sort()).toEqual(notes.map((n) => n.id).sort());
    // px3's pause reached pa's own px3 list, never this stream
    expect(JSON.stringify(notes)).not.toContain('px3');
    stream.s.close();
  });

  it('needs a signed-in caller; EventSource may pass the token as access_token', async () => {
    expect((await fetch(`${srv.url}/notifications/stream`)).status).toBe(401);
    const ctrl = new AbortController();
    const res = await fetch(`${srv.url}/notifications/stream?access_token=${token('px1', 'pa')}`, {
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    ctrl.abort();
  });

  it('finding R3: app.close() ends open notification streams as it ends grant streams (a graceful shutdown does not wait on them)', async () => {
    const own = await startApp(storage);
    const { s } = openEventStream(own.url, '/notifications/stream', token('px1', 'pa'));
    try {
      await eventually(() => s.text.includes('event: ready'), 20_000);
      await own.app.close(); // the HTTP server stays up: only the app ends its streams
      await eventually(() => s.done, 20_000);
    } finally {
      s.close();
      await own.server.close();
    }
  });
});

describe('MODEL K7: a person deactivated in a tenant stops hearing it on their notification stream', () => {
  /** An app of its own that lets an unheld tenant go within a second (evictions recorded). */
  const ownApp = async () => {
    const evicted: string[] = [];
    const app = await startApp(storage, {
      tenants: { idleMs: 200, onEvict: (e) => evicted.push(e.tenant) },
    });
    /** A POST of `body`, or a GET without one. */
    const send = (path: string, tk: string, body?: unknown) =>
      fetch(`${app.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const transition = (t: string, action: 'pause' | 'launch') =>
      send('/ops/transition', token(t, 'pl'), {
        resource: { type: 'engagement', id: 'e0' },
        action,
      });
    const setActive = (t: string, active: boolean) =>
      send('/ops/setUser', token(t, 'ps'), { id: 'pa', active });
    const watch = (t: string) =>
      send('/ops/watch', token(t, 'pa'), { target: { type: 'engagement' } });
    /** The stream's text so far, parsed into events; `done` once the server ended it. */
    const listenOwn = (tk: string) => openEventStream(app.url, '/notifications/stream', tk);
    return { app, evicted, send, transition, setActive, watch, listenOwn };
  };

  it('deactivated in one of two tenants: that tenant is left (event: left, inactive), gives nothing more and is no longer held; the other keeps serving', async () => {
    const own = await ownApp();
    const member: Membership[] = [
      { tenant: 'px4', userId: 'pa' },
      { tenant: 'px5', userId: 'pa' },
    ];
    for (const t of ['px4', 'px5']) expect((await own.watch(t)).status).toBe(200);
    const stream = own.listenOwn(token('px4', 'pa', member));
    try {
      await eventually(() => stream.events('ready').length === 1, 20_000);
      expect(stream.events('ready')[0]).toEqual({ tenants: ['px4', 'px5'] });
      // before: px4's pause reaches the stream
      expect((await own.transition('px4', 'pause')).status).toBe(200);
      await eventually(() => stream.events('notification').length === 1, 20_000);
      expect(stream.events('notification')[0]).toMatchObject({ tenant: 'px4', user: 'pa' });

      expect((await own.setActive('px4', false)).status).toBe(200);
      await eventually(() => stream.events('left').length === 1, 20_000);
      expect(stream.events('left')[0]).toEqual({ tenant: 'px4', reason: 'inactive' });
      // px4 is no longer held by the stream: unused, it is let go (px5 stays held)
      await eventually(() => own.evicted.includes('px4'), 20_000);
      expect(own.evicted).not.toContain('px5');
      // the same change as before in px4 (launched, then paused again), then one in px5:
      // only px5's arrives
      expect((await own.transition('px4', 'launch')).status).toBe(200);
      expect((await own.transition('px4', 'pause')).status).toBe(200);
      expect((await own.transition('px5', 'pause')).status).toBe(200);
      await eventually(() => stream.events('notification').some((n) => n.tenant === 'px5'), 20_000);
      expect(stream.events('notification').map((n) => [n.tenant, n.event])).toEqual([
        ['px4', expect.objectContaining({ action: 'pause' })],
        ['px5', expect.objectContaining({ action: 'pause' })],
      ]);
      // the stream still serves px5 and did not end
      expect(stream.events('end')).toEqual([]);
      expect(stream.s.done).toBe(false);
      expect((await own.transition('px5', 'launch')).status).toBe(200);
      expect((await own.transition('px5', 'pause')).status).toBe(200);
      await eventually(() => stream.events('notification').length === 3, 20_000);
      expect(stream.events('notification')[2]).toMatchObject({ tenant: 'px5' });
    } finally {
      stream.s.close();
      await own.app.close();
    }
  });

  it('deactivated in their only tenant: the stream ends (event: end, reason inactive), gets nothing more and lets the tenant go', async () => {
    const own = await ownApp();
    expect((await own.watch('px6')).status).toBe(200);
    const stream = own.listenOwn(token('px6', 'pa'));
    try {
      await eventually(() => stream.events('ready').length === 1, 20_000);
      expect((await own.transition('px6', 'pause')).status).toBe(200);
      await eventually(() => stream.events('notification').length === 1, 20_000);
      expect((await own.setActive('px6', false)).status).toBe(200);
      await eventually(() => stream.s.done, 20_000);
      expect(stream.events('end')).toEqual([{ reason: 'inactive' }]);
      await eventually(() => own.evicted.includes('px6'), 20_000);
      expect((await own.transition('px6', 'launch')).status).toBe(200);
      expect((await own.transition('px6', 'pause')).status).toBe(200);
      expect(stream.events('notification')).toHaveLength(1);
    } finally {
      stream.s.close();
      await own.app.close();
    }
  });
});
