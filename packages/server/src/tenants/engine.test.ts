/**
 * Issue 15, writes that return at commit: ops commit in groups and are answered at commit;
 * change events (stream recompiles) come after the answers, once per committed batch;
 * checkpoints are written after commit in the background, and a failed or interrupted one
 * leaves the previous checkpoint with the ops after it, which replay on load.
 */
import { RuleViolationError, UnknownIdError, type WorldInput } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acme, as, gainsight, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';
import { type EngineOptions, type OpOutcome, TenantEngine } from './engine.ts';

let storage: Storage;
let n = 0;
beforeAll(async () => {
  storage = await createPGliteStorage();
});
afterAll(async () => {
  await storage?.close();
});

/** A fresh Acme tenant and its engine. */
async function tenant(options: Partial<EngineOptions> = {}) {
  const id = `acme-${++n}`;
  await storage.ensureTenant(id, acme());
  const opts: EngineOptions = { storage, schema: gainsight(), checkpointEvery: 1000, ...options };
  const engine = (await TenantEngine.load(id, opts))!;
  return { id, engine, opts };
}
const share = (user: string, level = 'view') => ({ asset: 'd3', user, level });
const revoke = (user: string) => ({ asset: 'd3', user });
/** Every user's share of d3 in a world. */
const sharesOf = (world: WorldInput) => world.resources?.find((r) => r.id === 'd3')?.shares ?? [];

describe('writes that return at commit (issue 15)', () => {
  it('ops sent together commit in one group, each answered with its own revision and audit before the one change event', async () => {
    const { engine } = await tenant();
    let answered = 0;
    const events: Array<{ revision: number; answered: number }> = [];
    engine.onChange((revision) => events.push({ revision, answered }));
    const users = Array.from({ length: 20 }, (_, i) => `u${i}`);
    const outcomes = await Promise.all(
      users.map((u) =>
        engine.apply('sam', 'share', share(u)).then((o: OpOutcome) => {
          answered += 1;
          return o;
        }),
      ),
    );
    expect(outcomes.map((o) => o.revision)).toEqual(users.map((_, i) => i + 1));
    expect(outcomes.map((o) => o.audit[0]?.action)).toEqual(users.map(() => 'share'));
    await expect.poll(() => events.length).toBe(1);
    expect(events).toEqual([{ revision: 20, answered: 20 }]);
    // Audit went to SQL with the ops, and is not kept a second time in memory.
    expect(await storage.listAudit(engine.tenant, { type: 'dashboard', id: 'd3' })).toHaveLength(
      20,
    );
    expect(engine.model.audit({ type: 'dashboard', id: 'd3' })).toEqual([]);
  });

  it('a refused op in a group is answered with its own error; the others commit', async () => {
    const { id, engine } = await tenant();
    const results = await Promise.allSettled([
      engine.apply('sam', 'share', share('u1')),
      engine.apply('sam', 'share', share('nobody')),
      engine.apply('bob', 'share', share('u2')),
      engine.apply('sam', 'share', share('u3')),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UnknownIdError);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(RuleViolationError);
    expect((results[3] as PromiseFulfilledResult<OpOutcome>).value.revision).toBe(2);
    expect((await storage.readOps(id, 0)).map((o) => (o.args as { user: string }).user)).toEqual([
      'u1',
      'u3',
    ]);
  });

  it('checkpoints after commit in the background: ops are answered while the checkpoint write is still pending', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: Storage = {
      ...storage,
      writeCheckpoint: async (...args) => {
        await gate;
        return storage.writeCheckpoint(...args);
      },
    };
    const { id, engine } = await tenant({ storage: slow, checkpointEvery: 3 });
    for (let i = 0; i < 4; i++) await engine.apply('sam', 'share', share(`u${i}`));
    expect((await storage.loadTenant(id))?.checkpointRevision).toBe(0); // still being written
    release();
    await engine.settled();
    const stored = await storage.loadTenant(id);
    expect(stored?.checkpointRevision).toBe(3);
    expect(sharesOf(stored!.world)).toHaveLength(3);
  });

  it('checkpoints of a costly world are paced: the next waits until its ops cost as much to replay and 5 % of the time covers it; a flush writes it', async () => {
    const slow: Storage = {
      ...storage,
      writeCheckpoint: async (...args) => {
        await new Promise((r) => setTimeout(r, 500)); // a world that takes 0.5 s to store
        return storage.writeCheckpoint(...args);
      },
    };
    const { id, engine } = await tenant({ storage: slow, checkpointEvery: 2 });
    for (let i = 0; i < 2; i++) await engine.apply('sam', 'share', share(`u${i}`));
    await engine.settled();
    expect((await storage.loadTenant(id))?.checkpointRevision).toBe(2); // the first one at once
    for (let i = 2; i < 6; i++) await engine.apply('sam', 'share', share(`u${i}`));
    await engine.settled();
    // Due at 4 and 6, but the last one cost 0.5 s: the next may start 10 s after it.
    expect((await storage.loadTenant(id))?.checkpointRevision).toBe(2);
    await engine.settled(true);
    expect((await storage.loadTenant(id))?.checkpointRevision).toBe(6);
  });

  it('a failed checkpoint write is ignored at load: the previous checkpoint and the ops after it replay', async () => {
    const failures: number[] = [];
    const broken: Storage = {
      ...storage,
      writeCheckpoint: async () => {
        throw new Error('disk went away mid-checkpoint');
      },
    };
    const { id, engine, opts } = await tenant({
      storage: broken,
      checkpointEvery: 2,
      onCheckpointError: (_, at) => failures.push(at.revision),
    });
    for (let i = 0; i < 5; i++) await engine.apply('sam', 'share', share(`u${i}`));
    await engine.apply('sam', 'revoke', revoke('u0'));
    await engine.settled();
    expect(failures.length).toBeGreaterThan(0);
    expect((await storage.loadTenant(id))?.checkpointRevision).toBe(0);
    const reloaded = (await TenantEngine.load(id, { ...opts, storage }))!;
    expect(reloaded.revision).toBe(6);
    expect(reloaded.model.toWorld()).toEqual(engine.model.toWorld());
    expect(sharesOf(reloaded.model.toWorld()).map((s) => 'user' in s && s.user)).toEqual([
      'u1',
      'u2',
      'u3',
      'u4',
    ]);
  });

  it('an interrupted checkpoint (its world fails to serialise half way) stores nothing; a late or premature one is refused', async () => {
    const { id, engine } = await tenant({ checkpointEvery: 2 });
    for (let i = 0; i < 3; i++) await engine.apply('sam', 'share', share(`u${i}`));
    await engine.settled();
    const before = await storage.loadTenant(id);
    expect(before?.checkpointRevision).toBe(2);
    const world = engine.model.toWorld();
    const torn = {
      ...world,
      resources: [
        ...(world.resources ?? []),
        {
          toJSON() {
            throw new Error('the process died here');
          },
        },
      ],
    } as unknown as WorldInput;
    await expect(storage.writeCheckpoint(id, 3, torn)).rejects.toThrow();
    expect(await storage.loadTenant(id)).toEqual(before);
    // Never past the committed revision (an op that rolled back), never back in time.
    expect(await storage.writeCheckpoint(id, 4, world)).toBe(false);
    expect(await storage.writeCheckpoint(id, 1, world)).toBe(false);
    expect(await storage.loadTenant(id)).toEqual(before);
    const reloaded = (await TenantEngine.load(id, {
      storage,
      schema: gainsight(),
      checkpointEvery: 2,
    }))!;
    expect(reloaded.revision).toBe(3);
    expect(reloaded.model.toWorld()).toEqual(engine.model.toWorld());
  });
});

describe('read-your-writes over HTTP (issue 15)', () => {
  it('GET /grants after an acknowledged op has its revision or a later one, with the change, while streams watch', async () => {
    const srv = await startApp(storage);
    try {
      const sam = as(srv.url, 'sam');
      const u5 = as(srv.url, 'u5');
      const watching = await u5.get('/grants/stream');
      expect(watching.status).toBe(200);
      for (let i = 0; i < 6; i++) {
        const op = await sam.op(
          i % 2 === 0 ? 'share' : 'revoke',
          i % 2 === 0 ? share('u5') : revoke('u5'),
        );
        expect(op.status).toBe(200);
        const { revision } = (await op.json()) as { revision: number };
        const res = await u5.get('/grants');
        const snapshot = (await res.json()) as {
          revision: number;
          assets?: Record<string, unknown>;
        };
        expect(snapshot.revision).toBeGreaterThanOrEqual(revision);
        expect(Number(res.headers.get('etag')?.replaceAll('"', ''))).toBeGreaterThanOrEqual(
          revision,
        );
        expect(JSON.stringify(snapshot).includes('"d3"')).toBe(i % 2 === 0);
      }
      await watching.body?.cancel();
    } finally {
      await srv.close();
    }
  });

  it('finding P13: catch-ups asked while one waits for its turn share it (one read, not one per request naming a made-up future revision), and none misses an op', async () => {
    const { id, engine: writer, opts } = await tenant();
    let reads = 0;
    const counting: Storage = Object.create(storage, {
      readOps: {
        value: (...args: Parameters<Storage['readOps']>) => {
          reads += 1;
          return storage.readOps(...args);
        },
      },
    });
    const reader = (await TenantEngine.load(id, { ...opts, storage: counting }))!;
    reads = 0;
    // 100 requests each claiming revision 10^12 (GET /grants with If-None-Match, Last-Event-ID)
    await Promise.all(Array.from({ length: 100 }, () => reader.catchUp()));
    expect(reads).toBe(1);
    // Joining one that needs nothing (revision already reached) still reads what the joiner needs.
    expect((await writer.apply('sam', 'share', share('bob'))).revision).toBe(1);
    reads = 0;
    await Promise.all([reader.catchUp(0), reader.catchUp(), reader.catchUp(1)]);
    expect(reader.revision).toBe(1);
    expect(reads).toBe(1);
    expect(reader.model.check('bob', 'view', { type: 'dashboard', id: 'd3' })).toBe(true);
    // One already running does not swallow a later caller: it reads again after.
    const running = reader.catchUp();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect((await writer.apply('sam', 'share', share('cat'))).revision).toBe(2);
    await Promise.all([running, reader.catchUp()]);
    expect(reader.revision).toBe(2);
  });
});
