// @vitest-environment node
/**
 * `activity({ notifications: { scope: 'all' } })` against the real grants server on 127.0.0.1
 * with three tenants (MODEL W5, issue 12): a person's notifications of every tenant their
 * token lists arrive live on `GET /notifications/stream` and merge with the first page of
 * `GET /notifications?scope=all`, each naming its tenant; mark read works per item's tenant;
 * nothing of an unlisted tenant or for another user is shown; sign-out clears and closes.
 */
import { createGrantsApp, createHmacAuth, createPGliteStorage, listen } from '@grantkit/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from './__fixtures__/util.ts';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { activity, type NotificationItem } from './activity.ts';
import { createGrantkitClient } from './client.ts';
import type { GrantkitClient } from './types.ts';

const OTHER = 'acme-two';
const UNLISTED = 'acme-three';
const auth = createHmacAuth({ secret: 'grantkit sdk activity-all secret' });
let url = '';
let close = async () => {};
beforeAll(async () => {
  const storage = await createPGliteStorage();
  for (const t of [TENANT, OTHER, UNLISTED]) await storage.ensureTenant(t, world as never);
  const app = createGrantsApp({
    storage,
    schema,
    authenticate: auth.authenticate,
    heartbeatMs: 250,
    onError: () => {},
  });
  const server = await listen(app, { port: 0 });
  url = server.url;
  close = async () => {
    await app.close();
    await server.close();
    await storage.close();
  };
}, 120_000);
afterAll(() => close());
const clients: GrantkitClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

/** quin's token of `tenant`; with `listed`, the other tenants of the same identity. */
const token = (tenant: string, userId = 'quin', listed: string[] = []) =>
  auth.sign({ tenant, userId, tenants: listed.map((t) => ({ tenant: t, userId })) });
const post = async (tk: string, path: string, body: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<{ revision: number }>;
};
/** An admin changes quin in `tenant`: quin (watching) is notified there. */
const change = (tenant: string) =>
  post(token(tenant, 'admin'), '/ops/setUser', {
    id: 'quin',
    attributes: { dept: `${tenant}-${Date.now()}` },
  });

/**
 * quin's client of TENANT listing OTHER, with the cross-tenant notifications; `after` adds
 * SSE lines to the notification stream once its `ready` came; `signals` records its requests.
 */
const start = (after: string[] = []) => {
  const act = activity({ notifications: { scope: 'all' } });
  const signals: AbortSignal[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith('/notifications/stream') || !res.body) return res;
    if (init?.signal) signals.push(init.signal);
    let added = after.length === 0;
    const extra = new TextEncoder().encode(after.join('\n'));
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, c) {
          c.enqueue(chunk);
          if (!added && new TextDecoder().decode(chunk).includes('event: ready')) {
            added = true;
            c.enqueue(extra);
          }
        },
      }),
    );
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const client = createGrantkitClient({
    baseUrl: url,
    tenant: TENANT,
    userId: 'quin',
    getToken: () => token(TENANT, 'quin', [OTHER]),
    fetch: fetchImpl,
    plugins: [act],
  });
  clients.push(client);
  return { act, client, signals };
};
const watchEverywhere = async () => {
  for (const t of [TENANT, OTHER, UNLISTED])
    await post(token(t), '/ops/watch', {
      target: { type: 'user', id: 'quin' },
      actions: ['setUser'],
    });
};
const tenantsOf = (items: readonly NotificationItem[]) => new Set(items.map((n) => n.tenant));

describe('MODEL W5: notifications of every tenant the person belongs to, live', () => {
  it('the tenants the token lists arrive live and merged, each naming its tenant; an unlisted tenant gives nothing; mark read per tenant', async () => {
    await watchEverywhere();
    // one given before the client starts: in the first page (GET /notifications?scope=all)
    const { revision: early } = await change(OTHER);
    const { act, client } = start();
    await until(() => client.status === 'ready', 10_000, 'ready');
    await until(
      () => act.notifications.getSnapshot().items.some((n) => n.event.revision === early),
      15_000,
      'the first page of both tenants',
    );
    const before = act.notifications.getSnapshot().unread;
    const { revision: r3 } = await change(UNLISTED);
    const { revision: r2 } = await change(OTHER);
    const { revision: r1 } = await change(TENANT);
    const has = (tenant: string, revision: number) =>
      act.notifications
        .getSnapshot()
        .items.some((n) => n.tenant === tenant && n.event.revision === revision);
    await until(() => has(OTHER, r2) && has(TENANT, r1), 15_000, 'both live notifications');
    const s = act.notifications.getSnapshot();
    expect(tenantsOf(s.items)).toEqual(new Set([TENANT, OTHER]));
    expect(has(UNLISTED, r3)).toBe(false);
    expect(s.unread).toBe(before + 2);
    for (const n of s.items) {
      expect(n.user).toBe('quin');
      expect(n.id).toMatch(new RegExp(`^${n.tenant}:\\d+$`));
      expect(n.event.tenant).toBe(n.tenant);
    }
    expect(new Set(s.items.map((n) => n.id)).size).toBe(s.items.length);
    // newest first across tenants (by time)
    const ats = s.items.map((n) => n.event.at);
    expect(ats).toEqual([...ats].sort((a, b) => b - a));

    // mark read: the other tenant's item, through the signed-in tenant's session
    const theirs = s.items.find((n) => n.tenant === OTHER && n.event.revision === r2)!;
    await act.notifications.markRead(theirs.id);
    expect(act.notifications.getSnapshot().unread).toBe(before + 1);
    await act.notifications.refresh();
    const again = act.notifications.getSnapshot();
    expect(again.items.find((n) => n.id === theirs.id)?.readAt).not.toBeNull();
    expect(again.unread).toBe(before + 1);
    expect(tenantsOf(again.items)).toEqual(new Set([TENANT, OTHER]));
    await act.notifications.markAllRead();
    expect(act.notifications.getSnapshot().unread).toBe(0);
    await act.notifications.refresh();
    expect(act.notifications.getSnapshot().unread).toBe(0); // every listed tenant, on the server
  });

  it('fail closed on the cross-tenant stream: an unnamed tenant, another user, an event of another tenant are dropped; a repeated id is listed once', async () => {
    await watchEverywhere();
    const at = Date.now() + 86_400_000; // newer than any real one: the first page keeps it
    const event = (tenant: string, seq: number) => ({
      id: `${tenant}:${seq}`,
      tenant,
      seq,
      revision: seq,
      at,
      actor: 'mallory',
      action: 'setUser',
      resource: { type: 'user', id: 'quin' },
    });
    const note = (o: object) =>
      `event: notification\ndata: ${JSON.stringify({ readAt: null, user: 'quin', ...o })}\n`;
    const lines = [
      note({ id: `${UNLISTED}:900001`, tenant: UNLISTED, event: event(UNLISTED, 900001) }),
      note({ id: `${OTHER}:900002`, tenant: OTHER, user: 'ray', event: event(OTHER, 900002) }),
      note({ id: `${OTHER}:900003`, tenant: OTHER, event: event(TENANT, 900003) }),
      note({ id: `${OTHER}:900004`, tenant: OTHER, event: event(OTHER, 900004) }),
      note({ id: `${OTHER}:900004`, tenant: OTHER, event: event(OTHER, 900004) }),
      '',
    ];
    const { act, client } = start(lines);
    await until(() => client.status === 'ready', 10_000, 'ready');
    // a real notification after the forged ones proves they were read (and judged)
    const { revision } = await change(OTHER);
    await until(
      () => act.notifications.getSnapshot().items.some((n) => n.event.revision === revision),
      15_000,
      'the real notification',
    );
    const items = act.notifications.getSnapshot().items;
    const forged = items.filter((n) => n.event.actor === 'mallory').map((n) => n.id);
    expect(forged).toEqual([`${OTHER}:900004`]); // the only well-formed one of a named tenant
    expect(tenantsOf(items).has(UNLISTED)).toBe(false);
    expect(items.every((n) => n.user === 'quin' && n.event.tenant === n.tenant)).toBe(true);
  });

  it('sign-out clears the notifications and closes the cross-tenant stream', async () => {
    await watchEverywhere();
    const { act, client, signals } = start();
    await until(() => client.status === 'ready', 10_000, 'ready');
    const { revision } = await change(OTHER);
    await until(
      () => act.notifications.getSnapshot().items.some((n) => n.event.revision === revision),
      15_000,
      'a notification',
    );
    expect(signals.length).toBeGreaterThan(0);
    client.signOut();
    expect(act.notifications.getSnapshot()).toMatchObject({ items: [], unread: 0, status: 'idle' });
    expect(signals.every((s) => s.aborted)).toBe(true);
  });
});
