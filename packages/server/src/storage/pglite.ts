import { mkdirSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import { messages, PGlite } from '@electric-sql/pglite';
import { toStorageError } from './failures.ts';
import { type DataDirLock, lockDataDir } from './lock.ts';
import { createSqlStorage, type SqlDriver, type SqlExecutor } from './sql.ts';
import { type Storage, StorageUnavailableError } from './types.ts';

/** Options of {@link createPGliteStorage}. */
export interface PGliteStorageOptions {
  /** A data directory for a durable database; omit for an in-memory one. */
  dataDir?: string;
  /**
   * Free bytes the file system under `dataDir` must keep: below it, writes answer `503`
   * (reason `disk-full`) instead of running, and `/health` says so (default 64 MiB). PGlite
   * must never meet a full disk: it then spins in `XLogFlush` at 100 % CPU and blocks the
   * process. A WAL segment takes 16 MiB at once, so keep it above 32 MiB.
   */
  diskReserveBytes?: number;
  /** Deadline of every storage call in ms (default 5000); past it the call answers `503`. */
  timeoutMs?: number;
  /**
   * How free space is measured (default: `statfs` of `dataDir`). For fault injection in
   * tests where a small file system cannot be mounted.
   */
  freeBytes?: (dataDir: string) => Promise<number>;
  /**
   * Lines of `postgresql.conf` for the embedded database. PGlite keeps 128 MB of shared
   * buffers by default, and every page read stays resident: `['shared_buffers = 4MB']`
   * bounds that on an instance serving many tenants (see the server README, scaling).
   */
  postgresqlConf?: readonly string[];
}

const isServerError = (e: unknown) => e instanceof messages.DatabaseError;

/** `postgresql.conf` lines of an in-memory database (before the caller's `postgresqlConf`). */
const IN_MEMORY_CONF: readonly string[] = ['wal_init_zero = off'];

const executor = (db: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
  async query<R>(text: string, params?: readonly unknown[]) {
    try {
      const res = await db.query<R>(text, params === undefined ? undefined : [...params]);
      return { rows: res.rows };
    } catch (error) {
      throw toStorageError(error, isServerError);
    }
  },
  async exec(text: string) {
    try {
      await db.exec(text);
    } catch (error) {
      throw toStorageError(error, isServerError);
    }
  },
});

const statfsFree = async (dir: string) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

/**
 * Storage on embedded PGlite (PostgreSQL in WebAssembly): in memory, or durable in a
 * data directory. Migrations are applied before it resolves. One process only: the data
 * directory is locked (a second process fails at start with `DataDirLockedError` naming the
 * process that holds it; a lock left by a killed process is taken over), and `close()`
 * releases it. For several server instances use `createPostgresStorage`.
 *
 * @example
 * ```ts
 * const storage = await createPGliteStorage({ dataDir: './.data/pglite', diskReserveBytes: 128 * 2 ** 20 });
 * await storage.ensureTenant('acme', { users: [{ id: 'ann', superAdmin: true }] });
 * ```
 */
export async function createPGliteStorage(options: PGliteStorageOptions = {}): Promise<Storage> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  let lock: DataDirLock | undefined;
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir);
  }
  const reserve = options.diskReserveBytes ?? 64 * 2 ** 20;
  const freeBytes = options.freeBytes ?? statfsFree;
  const disk = async () => {
    if (dataDir === undefined) return undefined;
    const free = await freeBytes(dataDir);
    return { ok: free >= reserve, freeBytes: free, reserveBytes: reserve };
  };
  const belowReserve = (d: { freeBytes: number; reserveBytes: number }) =>
    `${d.freeBytes} bytes free under ${dataDir}, below the reserve of ${d.reserveBytes}`;
  let db: PGlite | undefined;
  try {
    // Starting (crash recovery, migrations) writes too: never start PGlite on a full disk.
    const d = await disk();
    if (d !== undefined && !d.ok)
      throw new StorageUnavailableError(new Error(`cannot start: ${belowReserve(d)}`), {
        reason: 'disk-full',
      });
    // In memory (MEMFS), a new 16 MB WAL segment zero-filled 8 kB at a time grows its file
    // ~60 times, each a copy of all of it: ~0.1 s on the thread every ~1,600 op groups. With
    // `wal_init_zero = off` it is sized at once. On disk, zero-filling reserves the space.
    const conf = [
      ...(dataDir === undefined ? IN_MEMORY_CONF : []),
      ...(options.postgresqlConf ?? []),
    ];
    const settings = conf.length === 0 ? {} : { postgresqlconf: conf };
    db = dataDir === undefined ? new PGlite(settings) : new PGlite(dataDir, settings);
    await db.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const pglite = db;
  const driver: SqlDriver = {
    kind: 'pglite',
    ...executor(pglite),
    async transaction(fn) {
      let inner: { error: unknown } | undefined;
      try {
        return await pglite.transaction(async (tx) => {
          try {
            return await fn(executor(tx));
          } catch (error) {
            inner = { error };
            throw error;
          }
        });
      } catch (error) {
        if (inner !== undefined && inner.error === error) throw error;
        throw toStorageError(error, isServerError);
      }
    },
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload).catch((error: unknown) => {
        throw toStorageError(error, isServerError);
      });
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async close() {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
  try {
    return await createSqlStorage(driver, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      async beforeWrite() {
        const d = await disk();
        if (d !== undefined && !d.ok)
          throw new StorageUnavailableError(
            new Error(`${belowReserve(d)}: writes are paused until space is freed`),
            { reason: 'disk-full' },
          );
      },
      async checks() {
        const d = await disk();
        if (d === undefined) return {};
        return { disk: d.ok ? d : { ...d, message: belowReserve(d) } };
      },
    });
  } catch (error) {
    await driver.close();
    throw error;
  }
}
