/**
 * Tenants leaving and re-entering memory while they are used (issue 15's registry): a
 * loaded tenant has one in-memory copy, which every request, op and open stream shares,
 * and what it serves after a reload is what a never-evicted twin serves. Real PGlite;
 * faults are injected by wrapping the real storage; HTTP on 127.0.0.1.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from '../__fixtures__/event-stream.ts';
import { acme, as, eventually, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import { type Storage, StorageUnavailableError, type TenantTransaction } from '../storage/types.ts';

let db: Storage;
/** The never-evicted twin's own database: the same ops, no eviction. */
let twinDb: Storage;
beforeAll(async () => {
  [db, twinDb] = await Promise.all([createPGliteStorage(), createPGliteStorage()]);
});
afterAll(async () => {
  await Promise.all([db.close(), twinDb.close()]);
});

type App = Awaited<ReturnType<typeof startApp>>;

/** Seeds tenant `id` (Acme's world) in both databases. */
async function seed(id: string): Promise<void> {
  await db.ensureTenant(id, acme());
  await twinDb.ensureTenant(id, acme());
}

const USERS = ['sam', 'ann', 'bob', 'cat', 'eve', 'u0', 'u1', 'u2', 'u3'];

/**
 * What `tenant` serves: each user's snapshot (without its `issuedAt`) and ETag, the
 * dashboards with their shares as a super admin reads them, and the audit trail's ops.
 */
async function served(app: App, tenant: string) {
  const out: Record<string, unknown> = {};
  for (const user of USERS) {
    const res = await as(app.url, user, tenant).get('/grants');
    const { issuedAt: _, ...body } = (await res.json()) as Record<string, unknown>;
    out[user] = { etag: res.headers.get('etag'), body };
  }
  const sam = as(app.url, 'sam', tenant);
  out.dashboards = await (await sam.get('/world/resources?type=dashboard')).json();
  const audit = (await (await sam.get('/audit/all?limit=1000')).json()) as {
    action: string;
    resource: unknown;
  }[];
  out.audit = audit.map((a) => `${a.action} ${JSON.stringify(a.resource)}`).sort();
  return out;
}

/** The events an event stream received so far (raw text), and how to close it. */
const openStream = (url: string, token: string, path = '/grants/stream') =>
  openEventStream(url, path, token).s;

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

  it('an op committed while a background checkpoint is written is there exactly once after eviction and reload, as on a never-evicted twin', async () => {
    await seed('ck');
    // Checkpoint writes wait for the test's word: the op and the reload happen meanwhile.
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const writes: number[] = [];
    const held: Storage = Object.create(db, {
      writeCheckpoint: {
        value: async (...args: Parameters<Storage['writeCheckpoint']>) => {
          writes.push(args[1]);
          await gate;
          return db.writeCheckpoint(...args);
        },
      },
    });
    const evictions: string[] = [];
    const srv = await startApp(held, {
      checkpointEvery: 2,
      tenants: { maxMemoryBytes: 0, onEvict: (e) => evictions.push(e.tenant) },
    });
    const twin = await startApp(twinDb, { checkpointEvery: 2 });
    try {
      const ops: [string, Record<string, unknown>][] = [
        ['share', { asset: 'd3', user: 'bob', level: 'view' }],
        ['share', { asset: 'd3', user: 'cat', level: 'view' }], // checkpoint 2 starts, held
        ['share', { asset: 'd3', user: 'eve', level: 'view' }], // committed during it
      ];
      for (const app of [srv, twin])
        for (const [op, args] of ops.slice(0, 2))
          expect((await as(app.url, 'sam', 'ck').op(op, args)).status).toBe(200);
      await eventually(() => writes.includes(2), 20_000);
      for (const app of [srv, twin])
        expect((await as(app.url, 'sam', 'ck').op(...ops[2]!)).status).toBe(200);
      // Evicted and reloaded while the checkpoint is still being written.
      await as(srv.url, 'zed', 'globex').get('/grants');
      expect(evictions).toContain('ck');
      expect(await served(srv, 'ck')).toEqual(await served(twin, 'ck'));
      open();
      await eventually(async () => (await db.loadTenant('ck'))?.checkpointRevision === 2, 20_000);
      // Once more after the checkpoint landed: checkpoint 2 plus op 3, then a new op.
      for (const app of [srv, twin])
        expect(
          (await as(app.url, 'sam', 'ck').op('revoke', { asset: 'd3', user: 'bob' })).status,
        ).toBe(200);
      await as(srv.url, 'zed', 'globex').get('/grants');
      expect(evictions.filter((t) => t === 'ck').length).toBeGreaterThanOrEqual(2);
      const after = await served(srv, 'ck');
      expect(after).toEqual(await served(twin, 'ck'));
      expect(after.bob).toMatchObject({ etag: '"4"' });
      // Each op exactly once: four audit entries, d3 shared with cat and eve (bob revoked).
      expect(after.audit).toHaveLength(4);
      const d3 = (after.dashboards as { id: string; shares?: { user: string }[] }[]).find(
        (d) => d.id === 'd3',
      );
      expect(d3?.shares?.map((x) => x.user).sort()).toEqual(['cat', 'eve']);
    } finally {
      open();
      await srv.close();
      await twin.close();
    }
  });

  it('ops racing evictions and cold reloads (and two first requests at once) serve what a never-evicted twin serves', async () => {
    await seed('churn');
    const srv = await startApp(db, { tenants: { maxMemoryBytes: 0 } });
    const twin = await startApp(twinDb);
    try {
      const shares = ['u0', 'u1', 'u2', 'u3', 'bob', 'cat'].map((user) => ({
        asset: 'd3',
        user,
        level: 'view',
      }));
      // Cold: the tenant is not loaded; ops and reads for it and another tenant all at once.
      const answers = await Promise.all([
        ...shares.map((args) => as(srv.url, 'sam', 'churn').op('share', args)),
        ...USERS.map((user) => as(srv.url, user, 'churn').get('/grants')),
        ...USERS.map(() => as(srv.url, 'zed', 'globex').get('/grants')),
      ]);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      const revokes = ['u1', 'cat'].map((user) => ({ asset: 'd3', user }));
      const more = await Promise.all([
        ...revokes.map((args) => as(srv.url, 'sam', 'churn').op('revoke', args)),
        ...USERS.map(() => as(srv.url, 'zed', 'globex').get('/grants')),
      ]);
      expect(more.map((a) => a.status)).toEqual(more.map(() => 200));
      for (const args of shares)
        expect((await as(twin.url, 'sam', 'churn').op('share', args)).status).toBe(200);
      for (const args of revokes)
        expect((await as(twin.url, 'sam', 'churn').op('revoke', args)).status).toBe(200);
      expect(await served(srv, 'churn')).toEqual(await served(twin, 'churn'));
    } finally {
      await srv.close();
      await twin.close();
    }
  });

  it('a grant stream holds its tenant under memory pressure and gets every change; after it ends and the tenant is reloaded, a new one does too', async () => {
    await seed('live');
    const evictions: string[] = [];
    const srv = await startApp(db, {
      tenants: { maxMemoryBytes: 0, onEvict: (e) => evictions.push(e.tenant) },
    });
    const ann = as(srv.url, 'ann', 'live');
    const sam = as(srv.url, 'sam', 'live');
    const pushed = async (stream: ReturnType<typeof openStream>, user: string) => {
      await as(srv.url, 'zed', 'globex').get('/grants'); // over budget: evict what may go
      const op = await sam.op('share', { asset: 'd3', user, level: 'view' });
      expect(op.status).toBe(200);
      const { revision } = (await op.json()) as { revision: number };
      await eventually(() => stream.text.includes(`id: ${revision}\n`), 20_000);
    };
    const first = openStream(srv.url, ann.token);
    let second: ReturnType<typeof openStream> | undefined;
    try {
      await eventually(() => first.text.includes('connected'), 20_000);
      await pushed(first, 'ann');
      expect(evictions).not.toContain('live');
      expect(first.done).toBe(false);
      first.close();
      await eventually(async () => {
        await as(srv.url, 'zed', 'globex').get('/grants');
        return evictions.includes('live');
      }, 20_000);
      second = openStream(srv.url, ann.token);
      await eventually(() => second!.text.includes('connected'), 20_000);
      await sam.op('revoke', { asset: 'd3', user: 'ann' });
      await pushed(second, 'ann');
    } finally {
      first.close();
      second?.close();
      await srv.close();
    }
  });

  it('two instances on one database, one evicting between ops of the other, serve what a never-evicted twin serves', async () => {
    await seed('pair');
    const evicting = await startApp(db, { tenants: { maxMemoryBytes: 0 } });
    const other = await startApp(db);
    const twin = await startApp(twinDb);
    try {
      const users = ['u0', 'u1', 'u2', 'u3', 'bob', 'cat'];
      for (const [i, user] of users.entries()) {
        const writer = i % 2 === 0 ? other : evicting;
        const args = { asset: 'd3', user, level: 'view' };
        const answers = await Promise.all([
          as(writer.url, 'sam', 'pair').op('share', args),
          as(evicting.url, 'ann', 'pair').get('/grants'),
          as(evicting.url, 'zed', 'globex').get('/grants'),
        ]);
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
        expect((await as(twin.url, 'sam', 'pair').op('share', args)).status).toBe(200);
      }
      const expected = await served(twin, 'pair');
      expect(await served(evicting, 'pair')).toEqual(expected);
      // The other instance hears the last op through NOTIFY: in its own time.
      const same = JSON.stringify(expected);
      await eventually(async () => JSON.stringify(await served(other, 'pair')) === same, 20_000);
    } finally {
      await evicting.close();
      await other.close();
      await twin.close();
    }
  });
});
