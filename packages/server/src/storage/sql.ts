/**
 * The one SQL body of both storages: PGlite and PostgreSQL differ only in the
 * small driver they hand to {@link createSqlStorage}.
 */
import type { WorldInput } from '@grantkit/core';
import { migrate } from './migrations.ts';
import {
  type AppendInput,
  type AuditQuery,
  type Storage,
  type StorageListener,
  StorageUnavailableError,
  type StoredAudit,
  type StoredOp,
  type StoredTenant,
  type TenantTransaction,
  UnknownTenantError,
} from './types.ts';

/** Runs statements: `query` for one parameterised statement, `exec` for a script. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
  exec(text: string): Promise<void>;
}

/** What an engine must provide. */
export interface SqlDriver extends SqlExecutor {
  readonly kind: Storage['kind'];
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTENs on `channel`; `resync` is called after a lost listening connection is back. */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    resync: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The NOTIFY channel; payloads are `<tenant>:<revision>`. */
export const CHANNEL = 'grantkit';

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Wraps driver failures (connection refused, closed database…) so the app answers 503. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownTenantError || error instanceof StorageUnavailableError)
      throw error;
    if (isDatabaseError(error)) throw new StorageUnavailableError(error);
    throw error;
  }
}

/** Errors that come from the database or the connection to it, as opposed to the caller's code. */
function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: unknown; severity?: unknown };
  if (typeof e.severity === 'string') return true; // a PostgreSQL error response
  if (typeof e.code === 'string' && /^(E[A-Z]+|57P0\d|08\d\d\d)$/.test(e.code)) return true; // ECONNREFUSED…
  return /closed|terminat|connect|Connection|ECONN|socket/i.test(e.message);
}

const toOp = (r: Record<string, unknown>): StoredOp => ({
  revision: Number(r.revision),
  actor: String(r.actor),
  op: String(r.op),
  args: r.args,
  at: Number(r.at),
});

const toAudit = (r: Record<string, unknown>): StoredAudit => ({
  seq: Number(r.seq),
  revision: Number(r.revision),
  actor: String(r.actor),
  action: String(r.action),
  resource: { type: String(r.resource_type), id: String(r.resource_id) },
  before: r.before ?? undefined,
  after: r.after ?? undefined,
  at: Number(r.at),
});

async function readOps(db: SqlExecutor, tenant: string, after: number): Promise<StoredOp[]> {
  const { rows } = await db.query(
    'select revision, actor, op, args, at from grantkit_ops where tenant = $1 and revision > $2 order by revision',
    [tenant, after],
  );
  return rows.map(toOp);
}

/** Storage over an SQL driver: migrates, then implements {@link Storage}. */
export async function createSqlStorage(driver: SqlDriver): Promise<Storage> {
  await guard(() => migrate((fn) => driver.transaction(fn)));
  return {
    kind: driver.kind,
    async ping() {
      await guard(() => driver.query('select 1'));
    },
    ensureTenant(tenant: string, world: WorldInput) {
      return guard(() =>
        driver.transaction(async (tx) => {
          const now = Date.now();
          const { rows } = await tx.query(
            'insert into grantkit_tenants (id, revision, created_at) values ($1, 0, $2) on conflict (id) do nothing returning id',
            [tenant, now],
          );
          if (rows.length === 0) return false;
          await tx.query(
            'insert into grantkit_checkpoints (tenant, revision, world, at) values ($1, 0, $2::text::jsonb, $3)',
            [tenant, JSON.stringify(world), now],
          );
          return true;
        }),
      );
    },
    loadTenant(tenant: string) {
      return guard(async () => {
        const { rows } = await driver.query(
          `select t.revision, c.revision as checkpoint_revision, c.world
             from grantkit_tenants t join grantkit_checkpoints c on c.tenant = t.id where t.id = $1`,
          [tenant],
        );
        const row = rows[0];
        if (!row) return null;
        return {
          revision: Number(row.revision),
          checkpointRevision: Number(row.checkpoint_revision),
          world: row.world as WorldInput,
        } satisfies StoredTenant;
      });
    },
    readOps(tenant: string, after: number) {
      return guard(() => readOps(driver, tenant, after));
    },
    withTenantLock<T>(tenant: string, work: (tx: TenantTransaction) => Promise<T>) {
      return guard(() =>
        driver.transaction(async (db) => {
          const { rows } = await db.query<{ revision: unknown }>(
            'select revision from grantkit_tenants where id = $1 for update',
            [tenant],
          );
          if (!rows[0]) throw new UnknownTenantError(tenant);
          let revision = Number(rows[0].revision);
          const tx: TenantTransaction = {
            revision,
            readOps: (after) => readOps(db, tenant, after),
            async append(input: AppendInput) {
              revision += 1;
              await db.query(
                'insert into grantkit_ops (tenant, revision, actor, op, args, at) values ($1, $2, $3, $4, $5::text::jsonb, $6)',
                [
                  tenant,
                  revision,
                  input.actor,
                  input.op,
                  JSON.stringify(input.args ?? {}),
                  input.at,
                ],
              );
              for (const a of input.audit) {
                await db.query(
                  `insert into grantkit_audit (tenant, revision, actor, action, resource_type, resource_id, before, after, at)
                   values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9)`,
                  [
                    tenant,
                    revision,
                    a.actor,
                    a.action,
                    a.resource.type,
                    a.resource.id,
                    json(a.before),
                    json(a.after),
                    a.at,
                  ],
                );
              }
              if (input.checkpoint !== undefined) {
                await db.query(
                  'update grantkit_checkpoints set revision = $2, world = $3::text::jsonb, at = $4 where tenant = $1',
                  [tenant, revision, JSON.stringify(input.checkpoint), input.at],
                );
              }
              await db.query('update grantkit_tenants set revision = $2 where id = $1', [
                tenant,
                revision,
              ]);
              await db.query('select pg_notify($1, $2)', [CHANNEL, `${tenant}:${revision}`]);
              return revision;
            },
          };
          return work(tx);
        }),
      );
    },
    listAudit(tenant: string, query: AuditQuery = {}) {
      return guard(async () => {
        const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), 1000);
        const where = ['tenant = $1'];
        const params: unknown[] = [tenant];
        if (query.type !== undefined) {
          params.push(query.type);
          where.push(`resource_type = $${params.length}`);
        }
        if (query.id !== undefined) {
          params.push(query.id);
          where.push(`resource_id = $${params.length}`);
        }
        params.push(limit);
        const order = query.order === 'asc' ? 'asc' : 'desc';
        // Newest `limit` entries, returned in the requested order.
        const { rows } = await driver.query(
          `select * from (select seq, revision, actor, action, resource_type, resource_id, before, after, at
             from grantkit_audit where ${where.join(' and ')} order by seq desc limit $${params.length}) recent
           order by seq ${order}`,
          params,
        );
        return rows.map(toAudit);
      });
    },
    subscribe(listener: StorageListener) {
      return guard(() =>
        driver.listen(
          CHANNEL,
          (payload) => {
            const at = payload.lastIndexOf(':');
            const revision = Number(payload.slice(at + 1));
            if (at > 0 && Number.isInteger(revision))
              listener.revision(payload.slice(0, at), revision);
          },
          () => listener.resync(),
        ),
      );
    },
    close: () => driver.close(),
  };
}
