import { PGlite } from '@electric-sql/pglite';

/** Options of {@link createPGliteStorage}. */
export interface PGliteStorageOptions {
  /** A data directory for a durable database; omit for an in-memory one. */
  dataDir?: string;
}

/** The storage the reference server runs on. */
export interface Storage {
  /** Which engine backs this storage (shown by `GET /health`). */
  readonly kind: 'pglite' | 'postgres';
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Closes the database. */
  close(): Promise<void>;
}

/**
 * Storage on embedded PGlite: in memory, or durable in a data directory.
 *
 * @example
 * ```ts
 * const storage = await createPGliteStorage({ dataDir: './.data/pglite' });
 * await storage.ping();
 * ```
 */
export async function createPGliteStorage(options: PGliteStorageOptions = {}): Promise<Storage> {
  const db = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  await db.waitReady;
  return {
    kind: 'pglite',
    async ping() {
      await db.query('select 1');
    },
    async close() {
      await db.close();
    },
  };
}
