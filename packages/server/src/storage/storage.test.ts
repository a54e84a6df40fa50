/**
 * The storage suite, run against PGlite and a real PostgreSQL (started by the test on
 * 127.0.0.1; skipped only when no PostgreSQL binaries exist — .ci/run installs them).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startPostgres, type TestPostgres } from '../__fixtures__/postgres.ts';
import { acme, as, eventually, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from './pglite.ts';
import { createPostgresStorage } from './postgres.ts';
import { type Storage, StorageInputError, UnknownTenantError } from './types.ts';

const bin = findPostgresBin();
if (bin === undefined)
  console.warn(
    "[grantkit/server] PostgreSQL binaries (initdb, pg_ctl) not found: the PostgreSQL storage suite is SKIPPED. Install Debian's postgresql (.ci/run does).",
  );

if (bin === undefined && process.env.CI)
  describe('in CI', () => {
    it("has PostgreSQL installed (.ci/run installs Debian's postgresql)", () => {
      throw new Error('initdb / pg_ctl not found: the PostgreSQL storage suite cannot run');
    });
  });

function storageSuite(name: string, open: () => Promise<Storage>) {
  describe(`storage on ${name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await open();
    });
    afterAll(async () => {
      await storage?.close();
    });

    it('creates a tenant once, with its world at revision 0', async () => {
      expect(await storage.ensureTenant('t1', acme())).toBe(true);
      expect(await storage.ensureTenant('t1', { users: [] })).toBe(false);
      const t = await storage.loadTenant('t1');
      expect(t).toMatchObject({ revision: 0, checkpointRevision: 0 });
      expect(t?.world.users.length).toBe(acme().users.length);
      expect(await storage.loadTenant('nobody')).toBeNull();
    });

    it('appends ops and audit in one transaction, notifies, and rolls back on a throw', async () => {
      const seen: string[] = [];
      const unsubscribe = await storage.subscribe({
        revision: (t, r) => seen.push(`${t}:${r}`),
        resync: () => {},
      });
      const rev = await storage.withTenantLock('t1', (tx) =>
        tx.append({
          actor: 'sam',
          op: 'share',
          args: { asset: 'd1', user: 'bob', level: 'view' },
          at: 1000,
          audit: [
            {
              actor: 'sam',
              action: 'share',
              resource: { type: 'dashboard', id: 'd1' },
              before: null,
              after: { bob: 'view' },
              at: 1000,
            },
          ],
        }),
      );
      expect(rev).toBe(1);
      await expect(
        storage.withTenantLock('t1', async (tx) => {
          await tx.append({
            actor: 'sam',
            op: 'x',
            args: {},
            at: 1,
            audit: [
              {
                actor: 'sam',
                action: 'x',
                resource: { type: 'a', id: 'b' },
                before: 1,
                after: 2,
                at: 1,
              },
            ],
          });
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await storage.loadTenant('t1'))?.revision).toBe(1);
      expect(await storage.readOps('t1', 0)).toEqual([
        {
          revision: 1,
          actor: 'sam',
          op: 'share',
          args: { asset: 'd1', user: 'bob', level: 'view' },
          at: 1000,
        },
      ]);
      const audit = await storage.listAudit('t1', { type: 'dashboard', id: 'd1', order: 'asc' });
      expect(audit).toEqual([
        expect.objectContaining({
          revision: 1,
          action: 'share',
          after: { bob: 'view' },
          resource: { type: 'dashboard', id: 'd1' },
        }),
      ]);
      expect(await storage.listAudit('t1', { type: 'a' })).toEqual([]);
      await eventually(() => seen.includes('t1:1'));
      expect(seen).not.toContain('t1:2');
      await unsubscribe();
      await expect(storage.withTenantLock('nobody', async () => 1)).rejects.toBeInstanceOf(
        UnknownTenantError,
      );
    });

    it('finding 9: a value the database refuses is an input error (400), not an outage, and writes nothing', async () => {
      await storage.ensureTenant('t9', { users: [{ id: 'x' }] });
      const append = (resourceId: string, args: unknown = {}) =>
        storage.withTenantLock('t9', (tx) =>
          tx.append({
            actor: 'x',
            op: 'share',
            args,
            at: 1,
            audit: [
              {
                actor: 'x',
                action: 'share',
                resource: { type: 'dashboard', id: resourceId },
                before: null,
                after: null,
                at: 1,
              },
            ],
          }),
        );
      // Stopped before SQL, naming the field.
      await expect(append('d1', { user: 'a\u0000b' })).rejects.toMatchObject({
        name: 'StorageInputError',
        path: 'args.user',
      });
      await expect(append('d\uDC00')).rejects.toMatchObject({ path: 'audit[0].resource.id' });
      await expect(storage.listAudit('t9', { id: 'a\u0000' })).rejects.toBeInstanceOf(
        StorageInputError,
      );
      // Refused by the database itself (SQLSTATE 54000: too large for the audit index).
      const huge = randomBytes(9000).toString('base64');
      const refused = await append(huge).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StorageInputError);
      expect((refused as StorageInputError).sqlstate).toBe('54000');
      expect((await storage.loadTenant('t9'))?.revision).toBe(0);
      expect((await storage.health()).ok).toBe(true);
      expect(await append('d1')).toBe(1);
    });

    it('stores checkpoints and keeps every row under its tenant', async () => {
      await storage.ensureTenant('t2', { users: [{ id: 'x' }] });
      await storage.withTenantLock('t2', (tx) =>
        tx.append({
          actor: 'x',
          op: 'setUser',
          args: { id: 'x' },
          at: 5,
          audit: [],
          checkpoint: { users: [{ id: 'x', license: 'viewer' }] },
        }),
      );
      expect(await storage.loadTenant('t2')).toEqual({
        revision: 1,
        checkpointRevision: 1,
        world: { users: [{ id: 'x', license: 'viewer' }] },
      });
      expect(await storage.readOps('t1', 0)).toHaveLength(1);
      expect(await storage.listAudit('t2')).toEqual([]);
    });

    it('stores a written checkpoint packed (migration 3) and loads it; one past the committed revision or back in time is refused', async () => {
      await storage.ensureTenant('t3', { users: [{ id: 'x' }] });
      for (const at of [1, 2])
        await storage.withTenantLock('t3', (tx) =>
          tx.append({ actor: 'x', op: 'setUser', args: { id: 'x' }, at, audit: [] }),
        );
      const world = {
        users: [{ id: 'x', license: 'viewer' as const }, { id: 'é\u{1F600}"\\' }],
        revision: 2,
      };
      expect(await storage.writeCheckpoint('t3', 2, world)).toBe(true);
      expect(await storage.loadTenant('t3')).toEqual({ revision: 2, checkpointRevision: 2, world });
      expect(await storage.writeCheckpoint('t3', 3, { users: [] })).toBe(false);
      expect(await storage.writeCheckpoint('t3', 1, { users: [] })).toBe(false);
      expect((await storage.loadTenant('t3'))?.world).toEqual(world);
      // A checkpoint stored in the op's transaction (jsonb) replaces the packed one.
      await storage.withTenantLock('t3', (tx) =>
        tx.append({
          actor: 'x',
          op: 'setUser',
          args: { id: 'x' },
          at: 3,
          audit: [],
          checkpoint: { users: [] },
        }),
      );
      expect(await storage.loadTenant('t3')).toEqual({
        revision: 3,
        checkpointRevision: 3,
        world: { users: [] },
      });
    });
  });
}

storageSuite('PGlite (in memory)', () => createPGliteStorage());

describe('a PGlite data directory', () => {
  it('keeps every bundle, share, rule and audit entry across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grantkit-pglite-'));
    try {
      let storage = await createPGliteStorage({ dataDir: dir });
      let srv = await startApp(storage, { checkpointEvery: 3 });
      const sam = as(srv.url, 'sam');
      const ops: [string, unknown][] = [
        [
          'createBundle',
          { id: 'CSM', grants: [{ type: 'page', id: 'c360', actions: ['navigate'] }] },
        ],
        ['addToBundle', { bundle: 'CSM', user: 'bob' }],
        ['share', { asset: 'd3', user: 'bob', level: 'view-edit' }],
        [
          'addRule',
          {
            recordType: 'relationship',
            rule: {
              id: 'R1',
              actions: ['read'],
              criteria: { attr: 'region', op: '=', value: 'amer' },
            },
          },
        ],
        ['setSharing', { asset: 'd1', sharing: 'public-view' }],
      ];
      for (const [op, args] of ops) expect((await sam.op(op, args)).status).toBe(200);
      const before = {
        grants: await (await as(srv.url, 'bob').get('/grants')).json(),
        bundles: await (await sam.get('/world/bundles')).json(),
        resources: await (await sam.get('/world/resources?type=asset')).json(),
        rules: await (await sam.get('/world/recordTypes')).json(),
        audit: await (await sam.get('/audit/all?limit=1000')).json(),
      };
      await srv.close();
      await storage.close();

      storage = await createPGliteStorage({ dataDir: dir });
      srv = await startApp(storage);
      const after = {
        grants: await (await as(srv.url, 'bob').get('/grants')).json(),
        bundles: await (await as(srv.url, 'sam').get('/world/bundles')).json(),
        resources: await (await as(srv.url, 'sam').get('/world/resources?type=asset')).json(),
        rules: await (await as(srv.url, 'sam').get('/world/recordTypes')).json(),
        audit: await (await as(srv.url, 'sam').get('/audit/all?limit=1000')).json(),
      };
      expect({ ...after, grants: { ...after.grants, issuedAt: 0 } }).toEqual({
        ...before,
        grants: { ...before.grants, issuedAt: 0 },
      });
      expect(after.grants.revision).toBe(5);
      expect(after.audit).toHaveLength(5);
      expect(after.bundles.find((b: { id: string }) => b.id === 'CSM').users).toEqual(['bob']);
      await srv.close();
      await storage.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(bin === undefined)('PostgreSQL on 127.0.0.1', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres(bin!);
  });
  afterAll(() => {
    pg?.destroy();
  });

  storageSuite('PostgreSQL', () => createPostgresStorage({ connectionString: pg.url }));

  it('applies migrations once when two instances start together', async () => {
    const [a, b] = await Promise.all([
      createPostgresStorage({ connectionString: pg.url }),
      createPostgresStorage({ connectionString: pg.url }),
    ]);
    await a.ping();
    await b.ping();
    await Promise.all([a.close(), b.close()]);
  });

  describe('two server instances on one database', () => {
    let sa: Storage;
    let sb: Storage;
    let A: Awaited<ReturnType<typeof startApp>>;
    let B: Awaited<ReturnType<typeof startApp>>;
    beforeAll(async () => {
      sa = await createPostgresStorage({ connectionString: pg.url });
      sb = await createPostgresStorage({ connectionString: pg.url });
      A = await startApp(sa);
      B = await startApp(sb);
    });
    afterAll(async () => {
      await A?.close();
      await B?.close();
      await sa?.close();
      await sb?.close();
    });

    /** Reads revision events of a stream with fetch (no EventSource needed). */
    async function stream(url: string, token: string) {
      const ctrl = new AbortController();
      const res = await fetch(`${url}/grants/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: ctrl.signal,
      });
      const events: number[] = [];
      const reader = res.body!.getReader();
      void (async () => {
        let buf = '';
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buf += new TextDecoder().decode(value);
            for (const m of buf.matchAll(/data: \{"revision":(\d+)\}/g)) events.push(Number(m[1]));
            buf = buf.slice(buf.lastIndexOf('\n\n') + 2);
          }
        } catch {
          // aborted
        }
      })();
      return { events, stop: () => ctrl.abort() };
    }

    it('a change through A reaches a stream on B within 1 s (LISTEN/NOTIFY)', async () => {
      await as(A.url, 'bob').get('/grants');
      const s = await stream(B.url, as(B.url, 'bob').token);
      await eventually(() => s.events.length === 1);
      const sent = Date.now();
      const res = await as(A.url, 'ann').op('share', { asset: 'd2', user: 'bob', level: 'view' });
      const { revision } = await res.json();
      await eventually(() => s.events.includes(revision));
      expect(Date.now() - sent).toBeLessThan(1000);
      const onB = await (await as(B.url, 'bob').get('/grants')).json();
      expect(onB.revision).toBe(revision);
      s.stop();
    });

    it('loses no update when both instances change one bundle at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          as(i % 2 === 0 ? A.url : B.url, 'sam').op('addToBundle', {
            bundle: 'TEAM',
            user: `u${i}`,
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(16).fill(200));
      const revisions = await Promise.all(results.map(async (r) => (await r.json()).revision));
      expect(new Set(revisions).size).toBe(16);
      for (const url of [A.url, B.url]) {
        await eventually(async () => {
          const team = (
            (await (await as(url, 'sam').get('/world/bundles')).json()) as {
              id: string;
              users?: string[];
            }[]
          ).find((b) => b.id === 'TEAM');
          return team?.users?.length === 16;
        });
      }
    });

    it('answers 503 while PostgreSQL is down, writes nothing, and recovers when it is back', async () => {
      const sam = as(A.url, 'sam');
      const rev = (await (await sam.get('/grants')).json()).revision as number;
      const audit = ((await (await sam.get('/audit/all?limit=1000')).json()) as unknown[]).length;
      const s = await stream(B.url, as(B.url, 'eve').token);
      await eventually(() => s.events.length === 1);
      pg.stop();
      try {
        expect((await fetch(`${A.url}/health`)).status).toBe(503);
        const op = await sam.op('share', { asset: 'd3', user: 'eve', level: 'view' });
        expect(op.status).toBe(503);
        expect((await op.json()).error.code).toBe('unavailable');
      } finally {
        pg.start();
      }
      await eventually(async () => (await fetch(`${A.url}/health`)).status === 200, 10_000);
      expect((await (await sam.get('/grants')).json()).revision).toBe(rev);
      expect(((await (await sam.get('/audit/all?limit=1000')).json()) as unknown[]).length).toBe(
        audit,
      );
      // B's listening connection comes back too: a change through A reaches B's new stream.
      const s2 = await stream(B.url, as(B.url, 'eve').token);
      await eventually(() => s2.events.length === 1);
      await eventually(
        async () =>
          (await sam.op('share', { asset: 'd3', user: 'eve', level: 'view' })).status === 200,
        10_000,
      );
      await eventually(() => s2.events.at(-1) === rev + 1);
      s.stop();
      s2.stop();
    });
  });
});
