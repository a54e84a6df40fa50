/**
 * `@grantkit/sdk/activity` against the real grants server on 127.0.0.1 (issue 12): a
 * change by another user arrives live as an activity item and a notification; mark read
 * updates the unread count; a forged item (another tenant) is dropped; sign-out and a user
 * switch forget everything (fail closed, like the grants).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connect, TENANT } from './__fixtures__/server.ts';
import { until } from './__fixtures__/util.ts';
import { type ActivityPlugin, activity } from './activity.ts';
import { createGrantkitClient } from './client.ts';
import type { GrantkitClient } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
const clients: GrantkitClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

/** A client of `quin` with the activity plugin; `inject` adds SSE lines to its stream. */
const start = (inject?: { lines: string[] }) => {
  const act = activity();
  const fetchImpl: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!inject || !String(input).endsWith('/grants/stream') || !res.body) return res;
    const extra = new TextEncoder().encode(inject.lines.join('\n'));
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        start: (c) => c.enqueue(extra),
      }),
    );
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const client = createGrantkitClient({
    baseUrl: server.url,
    tenant: TENANT,
    userId: 'quin',
    getToken: () => server.token('quin'),
    fetch: fetchImpl,
    plugins: [act],
  });
  clients.push(client);
  return { act, client };
};
const live = (act: ActivityPlugin) =>
  until(() => act.notifications.getSnapshot().status === 'ready', 10_000, 'notifications');

describe('activity and notifications over the stream (MODEL W1, W4)', () => {
  it('a change by another user arrives as an activity item and a notification without reload; mark read updates the unread count', async () => {
    const { act, client } = start();
    await until(() => client.status === 'ready', 10_000, 'ready');
    await act.watch({ type: 'user', id: 'quin' }, ['setUser']);
    expect(await act.watches()).toContainEqual({
      target: { type: 'user', id: 'quin' },
      actions: ['setUser'],
    });
    await live(act);
    const feed = act.feed({ resource: { type: 'user', id: 'quin' } });
    await until(() => feed.getSnapshot().status === 'ready', 10_000, 'the feed');
    const before = act.notifications.getSnapshot().unread;
    const { revision } = await server.op('admin', 'setUser', {
      id: 'quin',
      attributes: { dept: `d${Date.now()}` },
    });
    await until(
      () => feed.getSnapshot().items.some((i) => i.revision === revision),
      15_000,
      'the activity item',
    );
    const item = feed.getSnapshot().items[0]!;
    expect(item).toMatchObject({ tenant: TENANT, actor: 'admin', action: 'setUser' });
    expect(item.resource).toEqual({ type: 'user', id: 'quin' });
    await until(
      () => act.notifications.getSnapshot().items.some((n) => n.event.revision === revision),
      15_000,
      'the notification',
    );
    const note = act.notifications.getSnapshot().items[0]!;
    expect(note.id).toMatch(new RegExp(`^${TENANT}:\\d+$`));
    expect(note.readAt).toBeNull();
    expect(act.notifications.getSnapshot().unread).toBe(before + 1);

    await act.notifications.markRead(note.id);
    expect(act.notifications.getSnapshot().unread).toBe(before);
    expect(act.notifications.getSnapshot().items[0]!.readAt).not.toBeNull();
    // the server agrees
    await act.notifications.refresh();
    expect(act.notifications.getSnapshot().items.find((n) => n.id === note.id)?.readAt).not.toBe(
      null,
    );
    await act.notifications.markAllRead();
    expect(act.notifications.getSnapshot().unread).toBe(0);
    feed.close();
    await act.unwatch({ type: 'user', id: 'quin' });
  });

  it('a forged item on the stream is dropped: another tenant, no id, a notification for another user or without one (fail closed)', async () => {
    const forged = {
      id: 'other:1',
      tenant: 'other',
      seq: 1,
      revision: 1,
      at: 1,
      actor: 'mallory',
      action: 'pause',
      resource: { type: 'user', id: 'quin' },
    };
    // of the right tenant, so only what names the user (or the id) can drop them
    const ours = { ...forged, id: `${TENANT}:1`, tenant: TENANT };
    const { id: _, ...noId } = ours;
    const note = (o: object) => `data: ${JSON.stringify({ tenant: TENANT, readAt: null, ...o })}`;
    const lines = [
      'event: activity',
      `data: ${JSON.stringify(forged)}`,
      '',
      'event: activity',
      `data: ${JSON.stringify(noId)}`,
      '',
      'event: notification',
      note({ id: 'other:9', tenant: 'other', user: 'quin', event: forged }),
      '',
      // the right tenant named, an item of another: dropped too
      'event: notification',
      note({ id: `${TENANT}:9`, user: 'quin', event: forged }),
      '',
      'event: notification',
      note({ id: `${TENANT}:10`, user: 'ray', event: ours }),
      '',
      'event: notification',
      note({ id: `${TENANT}:11`, event: ours }),
      '',
      'event: notification',
      note({ id: 12, user: 'quin', event: ours }),
      '',
      'event: activity',
      'data: {"id":"acme:x","tenant":"acme"}',
      '',
      '',
    ];
    const { act, client } = start({ lines });
    const feed = act.feed();
    await until(() => client.status === 'ready', 10_000, 'ready');
    await live(act);
    await until(() => feed.getSnapshot().status === 'ready', 10_000, 'the feed');
    // a real event after the forged ones proves they were read (and dropped)
    const { revision } = await server.op('admin', 'setUser', {
      id: 'quin',
      attributes: { dept: `f${Date.now()}` },
    });
    await until(
      () => feed.getSnapshot().items.some((i) => i.revision === revision),
      15_000,
      'the real item',
    );
    const all = [
      ...feed.getSnapshot().items,
      ...act.notifications.getSnapshot().items.map((n) => n.event),
    ];
    expect(all.every((i) => i.tenant === TENANT && i.actor !== 'mallory')).toBe(true);
    expect(act.notifications.getSnapshot().items.every((n) => n.user === 'quin')).toBe(true);
    feed.close();
  });

  it('stream items out of order and repeated are listed once each, newest first', async () => {
    const base = 1_000_000_000; // above any real seq, so the first page keeps them
    const item = (seq: number) => ({
      id: `${TENANT}:${seq}`,
      tenant: TENANT,
      seq,
      revision: seq,
      at: seq,
      actor: 'admin',
      action: 'setUser',
      resource: { type: 'user', id: 'quin' },
    });
    const lines = [base + 1, base + 3, base + 2, base + 3, base + 1].flatMap((seq) => [
      'event: activity',
      `data: ${JSON.stringify(item(seq))}`,
      '',
      'event: notification',
      `data: ${JSON.stringify({ id: `${TENANT}:${seq}`, tenant: TENANT, user: 'quin', event: item(seq), readAt: null })}`,
      '',
    ]);
    const { act, client } = start({ lines: [...lines, ''] });
    const feed = act.feed({ resource: { type: 'user', id: 'quin' } });
    await until(() => client.status === 'ready', 10_000, 'ready');
    await until(
      () => feed.getSnapshot().status === 'ready' && feed.getSnapshot().items.length >= 3,
      10_000,
      'the feed',
    );
    await live(act);
    const top = (ids: readonly { id: string }[]) => ids.slice(0, 4).map((x) => x.id);
    const want = [base + 3, base + 2, base + 1].map((s) => `${TENANT}:${s}`);
    expect(top(feed.getSnapshot().items).slice(0, 3)).toEqual(want);
    expect(feed.getSnapshot().items.filter((i) => i.seq >= base)).toHaveLength(3);
    await until(
      () => act.notifications.getSnapshot().items.filter((n) => n.event.seq >= base).length === 3,
      10_000,
      'the notifications',
    );
    expect(top(act.notifications.getSnapshot().items).slice(0, 3)).toEqual(want);
    feed.close();
  });

  it('a stale client disposed after the next one started (React StrictMode) does not stop the plugin', async () => {
    const act = activity();
    const make = () =>
      createGrantkitClient({
        baseUrl: server.url,
        tenant: TENANT,
        userId: 'quin',
        getToken: () => server.token('quin'),
        plugins: [act],
      });
    const first = make();
    const second = make();
    clients.push(second);
    first.dispose();
    await live(act);
    expect(act.notifications.getSnapshot().status).toBe('ready');
    await expect(act.watches()).resolves.toBeInstanceOf(Array);
  });

  it('sign-out and a user switch clear the feed and the notifications', async () => {
    const { act, client } = start();
    const feed = act.feed();
    await until(() => client.status === 'ready', 10_000, 'ready');
    await server.op('admin', 'setUser', { id: 'quin', attributes: { dept: `s${Date.now()}` } });
    await until(() => feed.getSnapshot().items.length > 0, 15_000, 'an item');
    client.setUser({ tenant: TENANT, userId: 'ray', getToken: () => server.token('ray') });
    expect(feed.getSnapshot().items).toEqual([]);
    expect(act.notifications.getSnapshot()).toMatchObject({ items: [], unread: 0 });
    // ray may not see the changes to quin (MODEL W1)
    await until(() => feed.getSnapshot().status === 'ready', 10_000, "ray's feed");
    expect(feed.getSnapshot().items.some((i) => i.resource.id === 'quin')).toBe(false);
    client.signOut();
    expect(feed.getSnapshot()).toMatchObject({ items: [], status: 'idle' });
    expect(act.notifications.getSnapshot()).toMatchObject({ items: [], unread: 0, status: 'idle' });
    await expect(act.watch('mine')).rejects.toMatchObject({ code: 'auth' });
    feed.close();
  });
});
