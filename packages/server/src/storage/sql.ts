/**
 * The one SQL body of both storages: PGlite and PostgreSQL differ only in the
 * small driver they hand to {@link createSqlStorage}.
 */
import type { WorldInput } from '@grantkit/core';
import {
  createActivityStore,
  NOTIFY_OF_REVISION,
  OUTBOX_OF_REVISION,
  toEvent,
} from './activity.ts';
import { migrate } from './migrations.ts';
import { checkpointOf, hexOf, PackedWorld, packWorld } from './packed.ts';
import { assertStorable } from './storable.ts';
import {
  type AppendInput,
  type AuditQuery,
  type HealthCheck,
  type Storage,
  type StorageHealth,
  type StorageListener,
  StorageUnavailableError,
  type StoredOp,
  type StoredTenant,
  type TenantTransaction,
  UnknownTenantError,
} from './types.ts';
import { createWatchdog, within } from './watchdog.ts';

/** Runs statements: `query` for one parameterised statement, `exec` for a script. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
  exec(text: string): Promise<void>;
}

/**
 * What an engine must provide. Its `query`, `exec` and `transaction` (outside the caller's
 * `fn`) throw the storage's typed errors (`toStorageError` in failures.ts) for database failures.
 */
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

/** Options of {@link createSqlStorage}. */
export interface SqlStorageOptions {
  /** Deadline of every storage call in ms; past it the call fails as unavailable (default 5000). */
  readonly timeoutMs?: number;
  /** Runs before every write transaction; throws `StorageUnavailableError` to refuse it (disk reserve). */
  readonly beforeWrite?: () => Promise<void>;
  /** Extra health checks of the engine (e.g. free disk space). */
  readonly checks?: () => Promise<Record<string, HealthCheck>>;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

const toOp = (r: Record<string, unknown>): StoredOp => ({
  revision: Number(r.revision),
  actor: String(r.actor),
  op: String(r.op),
  args: r.args,
  at: Number(r.at),
});

/** An audit row (the same reader as activity events'). */
const toAudit = toEvent;

async function readOps(db: SqlExecutor, tenant: string, after: number): Promise<StoredOp[]> {
  const { rows } = await db.query(
    'select revision, actor, op, args, at from grantkit_ops where tenant = $1 and revision > $2 order by revision',
    [tenant, after],
  );
  return rows.map(toOp);
}

/** Storage over an SQL driver: migrates, then implements {@link Storage}. */
export async function createSqlStorage(
  driver: SqlDriver,
  options: SqlStorageOptions = {},
): Promise<Storage> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const watchdog = createWatchdog(timeoutMs);
  const guard = watchdog.run;
  const beforeWrite = options.beforeWrite ?? (async () => {});
  await migrate((fn) => driver.transaction(fn));
  return {
    kind: driver.kind,
    async ping() {
      await guard('ping', () => driver.query('select 1'));
    },
    async health(): Promise<StorageHealth> {
      let extra: Record<string, HealthCheck> = {};
      const extraChecks = async () => {
        const own = options.checks;
        if (own === undefined) return extra;
        const result = await within(timeoutMs, 'the storage checks', async () => {
          extra = await own();
          return { ok: true };
        });
        return result.ok ? extra : { checks: result };
      };
      const stuckFor = watchdog.stuckFor();
      const [database, more] = await Promise.all([
        within(timeoutMs, 'the database', async () => {
          await driver.query('select 1');
          return { ok: true };
        }),
        extraChecks(),
      ]);
      const checks: Record<string, HealthCheck> = {
        database,
        writes:
          stuckFor === undefined
            ? { ok: true }
            : { ok: false, message: `a storage call has not returned for ${stuckFor} ms` },
        ...more,
      };
      return { ok: Object.values(checks).every((c) => c.ok), checks };
    },
    ensureTenant(tenant: string, world: WorldInput) {
      return guard('ensureTenant', async () => {
        assertStorable(tenant, 'tenant');
        assertStorable(world, 'world');
        await beforeWrite();
        return driver.transaction(async (tx) => {
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
        });
      });
    },
    async loadTenant(tenant: string) {
      const row = await guard('loadTenant', async () => {
        assertStorable(tenant, 'tenant');
        const { rows } = await driver.query(
          `select t.revision, c.revision as checkpoint_revision, c.world, encode(c.packed, 'hex') as packed
             from grantkit_tenants t join grantkit_checkpoints c on c.tenant = t.id where t.id = $1`,
          [tenant],
        );
        return rows[0];
      });
      if (!row) return null;
      return {
        revision: Number(row.revision),
        checkpointRevision: Number(row.checkpoint_revision),
        world: await checkpointOf(row),
      } satisfies StoredTenant;
    },
    readOps(tenant: string, after: number) {
      return guard('readOps', async () => {
        assertStorable(tenant, 'tenant');
        return readOps(driver, tenant, after);
      });
    },
    withTenantLock<T>(tenant: string, work: (tx: TenantTransaction) => Promise<T>) {
      return guard('a tenant transaction', async (deadline) => {
        assertStorable(tenant, 'tenant');
        await beforeWrite();
        return driver.transaction(async (raw) => {
          // Past the deadline the caller was told "unavailable": refuse every further statement.
          const live = (): SqlExecutor => {
            if (deadline.expired)
              throw new StorageUnavailableError(
                new Error('the transaction outlived its deadline'),
                {
                  reason: 'timeout',
                },
              );
            return raw;
          };
          const { rows } = await live().query<{ revision: unknown }>(
            'select revision from grantkit_tenants where id = $1 for update',
            [tenant],
          );
          if (!rows[0]) throw new UnknownTenantError(tenant);
          let revision = Number(rows[0].revision);
          const appendMany = async (inputs: readonly AppendInput[]): Promise<number> => {
            if (inputs.length === 0) return revision;
            const ops: unknown[] = [];
            const audit: unknown[] = [];
            const notify: { n: number; user_id: string }[] = [];
            let next = revision;
            for (const input of inputs) {
              assertStorable(input.actor, 'actor');
              assertStorable(input.op, 'op');
              assertStorable(input.args ?? {}, 'args');
              assertStorable(input.audit, 'audit');
              next += 1;
              ops.push({
                ...input,
                audit: undefined,
                notify: undefined,
                checkpoint: undefined,
                revision: next,
              });
              for (const { index, user } of input.notify ?? [])
                notify.push({ n: audit.length + index, user_id: user });
              for (const a of input.audit)
                audit.push({
                  n: audit.length,
                  revision: next,
                  actor: a.actor,
                  action: a.action,
                  resource_type: a.resource.type,
                  resource_id: a.resource.id,
                  before: a.before ?? null,
                  after: a.after ?? null,
                  at: a.at,
                });
            }
            // One round trip for the whole group: PGlite runs one statement at a time. The
            // statement is a function (migration 4), planned once per connection.
            await live().query('select grantkit_append_ops($1, $2, $3, $4, $5, $6, $7)', [
              tenant,
              JSON.stringify(ops),
              JSON.stringify(audit),
              JSON.stringify(notify),
              next,
              CHANNEL,
              `${tenant}:${next}`,
            ]);
            revision = next;
            return revision;
          };
          const tx: TenantTransaction = {
            revision,
            appendMany,
            readOps: (after) => readOps(live(), tenant, after),
            async append(input: AppendInput) {
              assertStorable(input.actor, 'actor');
              assertStorable(input.op, 'op');
              assertStorable(input.args ?? {}, 'args');
              assertStorable(input.audit, 'audit');
              const db = live();
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
                await live().query(
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
              await live().query(OUTBOX_OF_REVISION, [tenant, revision]);
              if (input.notify !== undefined && input.notify.length > 0)
                await live().query(NOTIFY_OF_REVISION, [
                  tenant,
                  revision,
                  JSON.stringify(input.notify.map((x) => ({ n: x.index, user_id: x.user }))),
                ]);
              if (input.checkpoint !== undefined) {
                await live().query(
                  'update grantkit_checkpoints set revision = $2, world = $3::text::jsonb, packed = null, at = $4 where tenant = $1',
                  [tenant, revision, JSON.stringify(input.checkpoint), input.at],
                );
              }
              await live().query('update grantkit_tenants set revision = $2 where id = $1', [
                tenant,
                revision,
              ]);
              await live().query('select pg_notify($1, $2)', [CHANNEL, `${tenant}:${revision}`]);
              return revision;
            },
          };
          const result = await work(tx);
          live(); // a transaction past its deadline rolls back instead of committing
          return result;
        });
      });
    },
    async writeCheckpoint(tenant: string, revision: number, world: WorldInput | PackedWorld) {
      assertStorable(tenant, 'tenant');
      // Packed before the storage call (in slices between requests, see packed.ts): its time
      // is not the database's.
      const { bytes } = world instanceof PackedWorld ? world : await packWorld(world);
      return guard('writeCheckpoint', async () => {
        await beforeWrite();
        // One statement: it commits whole or not at all, never moves a checkpoint back, and
        // never stores one past the committed revision (an op that rolled back).
        const { rows } = await driver.query(
          `update grantkit_checkpoints c set revision = $2, world = null, packed = decode($3, 'hex'), at = $4
             from grantkit_tenants t
            where c.tenant = $1 and t.id = $1 and c.revision < $2 and t.revision >= $2
           returning c.revision`,
          [tenant, revision, hexOf(bytes), Date.now()],
        );
        return rows.length > 0;
      });
    },
    listAudit(tenant: string, query: AuditQuery = {}) {
      return guard('listAudit', async () => {
        assertStorable(tenant, 'tenant');
        assertStorable({ type: query.type, id: query.id }, '');
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
      return guard('subscribe', () =>
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
    activity: createActivityStore(driver, guard, beforeWrite),
    close: () => driver.close(),
  };
}
