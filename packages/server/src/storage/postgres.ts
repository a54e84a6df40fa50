import type { Client, Pool, PoolClient } from 'pg';
import { toStorageError } from './failures.ts';
import { createSqlStorage, type SqlDriver, type SqlExecutor } from './sql.ts';
import type { Storage } from './types.ts';

/** Options of {@link createPostgresStorage}. */
export interface PostgresStorageOptions {
  /** A `postgres://` URL; default `process.env.DATABASE_URL`. */
  connectionString?: string;
  /** Pool size (default 10). */
  max?: number;
  /**
   * Deadline of every storage call in ms (default 5000): past it the call answers `503`. It is
   * also the server-side `statement_timeout`, so a statement stuck past it is cancelled and its
   * transaction rolled back.
   */
  timeoutMs?: number;
}

/** The `pg` module: an optional peer dependency, loaded only when PostgreSQL is used. */
type PgModule = typeof import('pg');
let pg: PgModule | undefined;

/**
 * Loads `pg` (once). When it is not installed, the error says how to install it.
 * @internal `importer` is replaced by tests.
 */
export async function loadPg(
  importer: () => Promise<unknown> = () => import('pg'),
): Promise<PgModule> {
  if (pg !== undefined) return pg;
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new Error(
        'createPostgresStorage needs the "pg" package, an optional peer dependency of @grantkit/server: run `npm install pg` (PGlite storage needs nothing more)',
        { cause: error },
      );
    throw error;
  }
  // ESM import of a CommonJS module: its exports are the default export.
  const m = loaded as PgModule & { default?: PgModule };
  pg = m.default ?? m;
  return pg;
}

const isServerError = (e: unknown) => pg !== undefined && e instanceof pg.DatabaseError;

/** Runs a driver call, turning its failures into the storage's typed errors. */
async function driverCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStorageError(error, isServerError);
  }
}

const executor = (db: Pool | PoolClient): SqlExecutor => ({
  async query<R>(text: string, params?: readonly unknown[]) {
    const res = await driverCall(() =>
      db.query(text, params === undefined ? undefined : [...params]),
    );
    return { rows: res.rows as R[] };
  },
  async exec(text: string) {
    await driverCall(() => db.query(text));
  },
});

/**
 * Storage on a PostgreSQL server through `pg`. Several server instances may share one
 * database: changes made through one reach the others by LISTEN/NOTIFY. Migrations are
 * applied before it resolves; a lost listening connection is re-established.
 *
 * @example
 * ```ts
 * const storage = await createPostgresStorage({ connectionString: process.env.DATABASE_URL });
 * const app = createGrantsApp({ storage, schema, authenticate });
 * ```
 */
export async function createPostgresStorage(
  options: PostgresStorageOptions = {},
): Promise<Storage> {
  const connectionString = options.connectionString ?? process.env.DATABASE_URL;
  if (!connectionString)
    throw new Error('createPostgresStorage needs a connectionString or DATABASE_URL');
  const pg = await loadPg();
  const timeoutMs = options.timeoutMs ?? 5000;
  const config = { connectionString, connectionTimeoutMillis: Math.min(3000, timeoutMs) };
  const pool = new pg.Pool({
    ...config,
    max: options.max ?? 10,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
  });
  // Idle clients die when the server goes away; the next query reports it instead.
  pool.on('error', () => {});
  const listeners = new Set<{ stop: () => Promise<void> }>();

  const driver: SqlDriver = {
    kind: 'postgres',
    ...executor(pool),
    async transaction(fn) {
      const client = await driverCall(() => pool.connect());
      let broken: Error | undefined;
      try {
        await driverCall(() => client.query('begin'));
        const result = await fn(executor(client));
        await driverCall(() => client.query('commit'));
        return result;
      } catch (error) {
        await client.query('rollback').catch((e: unknown) => {
          broken = e instanceof Error ? e : new Error(String(e));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onPayload, resync) {
      let client: Client | undefined;
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let delay = 100;
      const connect = async (isRetry: boolean): Promise<void> => {
        const c = new pg.Client(config);
        c.on('error', () => {});
        c.on('notification', (msg) => {
          if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
        });
        c.on('end', () => {
          if (client === c && !stopped) retry();
        });
        try {
          await c.connect();
          await c.query(`listen ${pg.escapeIdentifier(channel)}`);
        } catch (error) {
          await c.end().catch(() => {});
          if (!isRetry) throw toStorageError(error, isServerError);
          return retry();
        }
        if (stopped) {
          await c.end().catch(() => {});
          return;
        }
        client = c;
        delay = 100;
        if (isRetry) resync();
      };
      const retry = () => {
        client = undefined;
        if (stopped || timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          void connect(true);
        }, delay);
        timer.unref();
        delay = Math.min(delay * 2, 1000);
      };
      await connect(false);
      const handle = {
        stop: async () => {
          stopped = true;
          if (timer) clearTimeout(timer);
          const c = client;
          client = undefined;
          await c?.end().catch(() => {});
        },
      };
      listeners.add(handle);
      return async () => {
        listeners.delete(handle);
        await handle.stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((l) => l.stop()));
      listeners.clear();
      await pool.end();
    },
  };
  try {
    return await createSqlStorage(driver, { timeoutMs });
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
