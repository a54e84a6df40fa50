/**
 * Tenants leaving and re-entering memory while they are used (issue 15's registry): a
 * loaded tenant has one in-memory copy, which every request, op and open stream shares,
 * and what it serves after a reload is what a never-evicted twin serves. Real PGlite;
 * faults are injected by wrapping the real storage; HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import { type Storage, StorageUnavailableError, type TenantTransaction } from '../storage/types.ts';

let db: Storage;
beforeAll(async () => {
  db = await createPGliteStorage();
});
afterAll(async () => {
  await db.close();
});

/** The events an event stream received so far (raw text), and how to close it. */
function openStream(url: string, token: string, path = '/grants/stream') {
  const ctrl = new AbortController();
  const s = { text: '', done: false, close: () => ctrl.abort() };
  void (async () => {
    try {
      const res = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: ctrl.signal,
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (let c = await reader.read(); !c.done; c = await reader.read())
        s.text += decoder.decode(c.value, { stream: true });
    } catch {}
    s.done = true;
  })();
  return s;
}

/** `storage` whose next op commits and tenant loads fail as an outage would, when asked to. */
function flaky(storage: Storage) {
  const faults = { appends: 0, loads: 0 };
  const outage = () => new StorageUnavailableError(new Error('injected outage'));
  const wrapped: Storage = Object.create(storage, {
    loadTenant: {
      value: async (id: string) => {
        if (faults.loads > 0) {
          faults.loads -= 1;
          throw outage();
        }
        return storage.loadTenant(id);
      },
    },
    withTenantLock: {
      value: <T>(id: string, work: (tx: TenantTransaction) => Promise<T>) =>
        storage.withTenantLock(id, (tx) =>
          work({
            ...tx,
            appendMany: async (...args: Parameters<TenantTransaction['appendMany']>) => {
              if (faults.appends > 0) {
                faults.appends -= 1;
                throw outage();
              }
              return tx.appendMany(...args);
            },
          }),
        ),
    },
  });
  return { storage: wrapped, faults };
}

describe('tenant eviction races', () => {
  it('finding R1: a tenant whose rebuild fails once stays the one copy: an open grant stream still gets the next change', async () => {
    const { storage, faults } = flaky(db);
    const srv = await startApp(storage, { tenants: { idleMs: 60_000 } });
    const stream = openStream(srv.url, as(srv.url, 'ann').token);
    try {
      await eventually(() => stream.text.includes('connected'), 20_000);
      const sam = as(srv.url, 'sam');
      // A commit fails after the op changed the model: the model must be rebuilt from storage.
      faults.appends = 1;
      expect((await sam.op('share', { asset: 'd3', user: 'bob', level: 'view' })).status).toBe(503);
      // The rebuild fails too (the outage lasts): this request is refused…
      faults.loads = 1;
      expect((await sam.get('/grants')).status).toBe(503);
      // …and once storage is back the same tenant serves, its stream included.
      const op = await sam.op('share', { asset: 'd3', user: 'ann', level: 'view' });
      expect(op.status).toBe(200);
      const { revision } = (await op.json()) as { revision: number };
      await eventually(() => stream.text.includes(`id: ${revision}\n`), 20_000);
      expect(stream.done).toBe(false);
    } finally {
      stream.close();
      await srv.close();
    }
  });

  it('finding R2: endSessions reaches a tenant reloaded since its last grant stream, and ends notification streams too', async () => {
    const srv = await startApp(db, { tenants: { maxMemoryBytes: 0 } });
    const ann = as(srv.url, 'ann');
    const first = openStream(srv.url, ann.token);
    let notes: ReturnType<typeof openStream> | undefined;
    try {
      await eventually(() => first.text.includes('connected'), 20_000);
      first.close();
      await eventually(() => first.done, 20_000);
      // acme has no open stream now: the budget evicts it, and a new request loads it again.
      await as(srv.url, 'zed', 'globex').get('/grants');
      notes = openStream(srv.url, ann.token, '/notifications/stream');
      await eventually(() => notes!.text.includes('event: ready'), 20_000);
      // Sign-out: every stream of ann in acme ends now, the notification stream included.
      expect(srv.app.endSessions({ tenant: 'acme', userId: 'ann' })).toBe(1);
      await eventually(() => notes!.done, 20_000);
      expect(notes.text).toContain('event: end\ndata: {"reason":"revoked"}');
    } finally {
      notes?.close();
      await srv.close();
    }
  });
});
