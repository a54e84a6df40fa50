/**
 * Finding 8 (issue 10): on a full disk PGlite spun in XLogFlush at 100 % CPU, /health hung
 * and freeing space did not bring the server back. A full disk or a stuck write must now
 * answer 503 with retry-after within a bounded time, /health must say so, and the server
 * must recover once the fault is gone without losing an acknowledged write.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startPostgres, type TestPostgres } from '../__fixtures__/postgres.ts';
import { as, eventually, startApp } from '../__fixtures__/world.ts';
import { LOCK_FILE } from './lock.ts';
import { createPGliteStorage } from './pglite.ts';
import { createPostgresStorage } from './postgres.ts';
import { StorageUnavailableError } from './types.ts';

/** Generous: the point is that answers come at all (no hang), not how fast on a busy machine. */
const BOUNDED_MS = 20_000;

/** Mounts a tmpfs of `size` on `dir` when this machine allows it (root, mount available). */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Writes zeros to `file` until the file system is full (ENOSPC). */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** A request that must be answered within {@link BOUNDED_MS}; resolves with status and time. */
async function timed(request: () => Promise<Response>) {
  const started = Date.now();
  const res = await Promise.race([
    request(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${BOUNDED_MS} ms`)), BOUNDED_MS),
    ),
  ]);
  return { res, ms: Date.now() - started };
}

describe('finding 8: a full disk under a PGlite data directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'grantkit-disk-'));
  // GRANTKIT_TEST_NO_TMPFS=1 runs the fallback (injected free space) on a machine that could mount.
  const mounted = !process.env.GRANTKIT_TEST_NO_TMPFS && mountTmpfs(root, '96m');
  const dataDir = join(root, 'db');
  const filler = join(root, 'filler');
  /** Without a tmpfs: free space as the test injects it (a fault-injecting fs layer). */
  let injectedFree: number | undefined;
  const reserve = 24 * 2 ** 20;
  const open = () =>
    createPGliteStorage({
      dataDir,
      diskReserveBytes: reserve,
      ...(mounted ? {} : { freeBytes: async () => injectedFree ?? 2 ** 40 }),
    });

  beforeAll(() => {
    if (!mounted)
      console.warn(
        '[grantkit/server] cannot mount a tmpfs here: the disk-full test injects ENOSPC',
      );
    mkdirSync(dataDir, { recursive: true });
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', root]); // lazy: never leave a mount behind
    rmSync(root, { recursive: true, force: true });
  });

  it('finding 8: a full disk answers 503 with retry-after in bounded time, /health says so, and it recovers losing nothing', async () => {
    let storage = await open();
    let srv = await startApp(storage);
    let sam = as(srv.url, 'sam');
    for (const user of ['u1', 'u2', 'u3'])
      expect((await sam.op('share', { asset: 'd1', user, level: 'view' })).status).toBe(200);
    const acked = (await (await sam.get('/grants')).json()).revision as number;

    if (mounted) fillDisk(filler);
    else injectedFree = 0;

    const op = await timed(() => sam.op('share', { asset: 'd1', user: 'u4', level: 'view' }));
    expect(op.res.status).toBe(503);
    expect(op.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await op.res.json()).error.code).toBe('unavailable');
    const health = await timed(() => fetch(`${srv.url}/health`));
    expect(health.res.status).toBe(503);
    expect(health.res.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await health.res.json();
    expect(body.failed).toEqual(['disk']);
    expect(body.checks.disk).toMatchObject({ ok: false, reserveBytes: reserve });
    expect(body.checks.disk.freeBytes).toBeLessThan(reserve);
    expect(body.checks.database.ok).toBe(true);
    // Reads are still served from memory, at the acknowledged revision.
    const read = await sam.get('/grants');
    expect(read.status).toBe(200);
    expect((await read.json()).revision).toBe(acked);

    if (mounted) rmSync(filler);
    else injectedFree = undefined;

    await eventually(async () => (await fetch(`${srv.url}/health`)).status === 200, 10_000);
    const after = await sam.op('share', { asset: 'd1', user: 'u5', level: 'view' });
    expect(after.status).toBe(200);
    expect((await after.json()).revision).toBe(acked + 1);

    // Nothing acknowledged was lost, and nothing refused was written: restart and look.
    await srv.close();
    await storage.close();
    storage = await open();
    srv = await startApp(storage);
    sam = as(srv.url, 'sam');
    expect((await (await sam.get('/grants')).json()).revision).toBe(acked + 1);
    const shares = (
      (await (await sam.get('/audit?type=dashboard&id=d1')).json()) as { after: unknown }[]
    ).map((a) => a.after);
    expect(JSON.stringify(shares)).not.toContain('u4');
    for (const user of ['u1', 'u2', 'u3', 'u5']) expect(JSON.stringify(shares)).toContain(user);
    await srv.close();
    await storage.close();
  }, 120_000);
});

describe('finding 8: starting on a full disk', () => {
  it('finding 8: PGlite is not started below the reserve (a typed 503 error), and the lock is released', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grantkit-nospace-'));
    try {
      const error = await createPGliteStorage({ dataDir: dir, freeBytes: async () => 1024 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ reason: 'disk-full' });
      expect((error as Error).message).toContain(`1024 bytes free under ${dir}`);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const bin = findPostgresBin();

describe.skipIf(bin === undefined)('finding 8: a stuck PostgreSQL (SIGSTOP)', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres(bin!);
  });
  afterAll(() => {
    pg?.destroy();
  });

  it('finding 8: a stuck write answers 503 with retry-after within its deadline, /health says so, and it recovers', async () => {
    const storage = await createPostgresStorage({ connectionString: pg.url, timeoutMs: 1500 });
    const srv = await startApp(storage);
    const sam = as(srv.url, 'sam');
    expect((await sam.op('share', { asset: 'd1', user: 'u1', level: 'view' })).status).toBe(200);
    const acked = (await (await sam.get('/grants')).json()).revision as number;

    pg.freeze();
    try {
      const op = await timed(() => sam.op('share', { asset: 'd1', user: 'u2', level: 'view' }));
      expect(op.res.status).toBe(503);
      expect(op.res.headers.get('retry-after')).toMatch(/^\d+$/);
      // While that call is stuck, the next ones fail at once instead of queueing behind it.
      const next = await timed(() => sam.op('share', { asset: 'd1', user: 'u3', level: 'view' }));
      expect(next.res.status).toBe(503);
      const health = await timed(() => fetch(`${srv.url}/health`));
      expect(health.res.status).toBe(503);
      const body = await health.res.json();
      expect(body.failed).toContain('database');
      expect(body.checks.database.message).toContain('did not answer');
    } finally {
      pg.thaw();
    }

    await eventually(async () => (await fetch(`${srv.url}/health`)).status === 200, 15_000);
    await eventually(
      async () =>
        (await sam.op('share', { asset: 'd1', user: 'u4', level: 'view' })).status === 200,
      15_000,
    );
    // The stuck writes were not committed; the acknowledged one and the new one are there.
    const ops = await storage.readOps('acme', 0);
    expect(ops.length).toBe(acked + 1);
    expect(ops.map((o) => (o.args as { user: string }).user)).toEqual(['u1', 'u4']);
    await srv.close();
    await storage.close();
  }, 120_000);
});
