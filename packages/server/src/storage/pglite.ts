import { PGlite } from '@electric-sql/pglite';
import { createSqlStorage, type SqlDriver, type SqlExecutor } from './sql.ts';
import type { Storage } from './types.ts';

/** Options of {@link createPGliteStorage}. */
export interface PGliteStorageOptions {
  /** A data directory for a durable database; omit for an in-memory one. */
  dataDir?: string;
}

const executor = (db: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
  async query<R>(text: string, params?: readonly unknown[]) {
    const res = await db.query<R>(text, params === undefined ? undefined : [...params]);
    return { rows: res.rows };
  },
  async exec(text: string) {
    await db.exec(text);
  },
});

/**
 * Storage on embedded PGlite (PostgreSQL in WebAssembly): in memory, or durable in a
 * data directory. Migrations are applied before it resolves. One process only: for
 * several server instances use `createPostgresStorage`.
 *
 * @example
 * ```ts
 * const storage = await createPGliteStorage({ dataDir: './.data/pglite' });
 * await storage.ensureTenant('acme', { users: [{ id: 'ann', superAdmin: true }] });
 * ```
 */
export async function createPGliteStorage(options: PGliteStorageOptions = {}): Promise<Storage> {
  const db = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  await db.waitReady;
  const driver: SqlDriver = {
    kind: 'pglite',
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    async listen(channel, onPayload) {
      const unlisten = await db.listen(channel, onPayload);
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
  try {
    return await createSqlStorage(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
