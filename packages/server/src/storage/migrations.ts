/**
 * Versioned schema migrations, applied in order on start under an advisory
 * lock, so several server instances may start against one database at once.
 */
import type { SqlExecutor } from './sql.ts';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration ever shipped; append only, never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants, ops log, checkpoints, audit',
    sql: `
      create table grantkit_tenants (
        id text primary key,
        revision bigint not null default 0,
        created_at bigint not null
      );
      create table grantkit_checkpoints (
        tenant text primary key references grantkit_tenants(id) on delete cascade,
        revision bigint not null,
        world jsonb not null,
        at bigint not null
      );
      create table grantkit_ops (
        tenant text not null references grantkit_tenants(id) on delete cascade,
        revision bigint not null,
        actor text not null,
        op text not null,
        args jsonb not null,
        at bigint not null,
        primary key (tenant, revision)
      );
      create table grantkit_audit (
        tenant text not null references grantkit_tenants(id) on delete cascade,
        seq bigint generated always as identity,
        revision bigint not null,
        actor text not null,
        action text not null,
        resource_type text not null,
        resource_id text not null,
        before jsonb,
        after jsonb,
        at bigint not null,
        primary key (tenant, seq)
      );
      create index grantkit_audit_resource on grantkit_audit (tenant, resource_type, resource_id, seq);
    `,
  },
  {
    version: 2,
    name: 'activity (MODEL W1), notifications (W4), webhooks and their outbox (W6)',
    sql: `
      create index grantkit_audit_action on grantkit_audit (tenant, action, seq);
      create index grantkit_audit_actor on grantkit_audit (tenant, actor, seq);
      create index grantkit_audit_type on grantkit_audit (tenant, resource_type, seq);
      create index grantkit_audit_at on grantkit_audit (tenant, at);
      create table grantkit_notifications (
        tenant text not null references grantkit_tenants(id) on delete cascade,
        id bigint generated always as identity,
        user_id text not null,
        seq bigint not null,
        read_at bigint,
        primary key (tenant, id),
        unique (tenant, user_id, seq)
      );
      create index grantkit_notifications_user on grantkit_notifications (tenant, user_id, id);
      create table grantkit_webhooks (
        tenant text not null references grantkit_tenants(id) on delete cascade,
        id text not null,
        url text not null,
        actions text[] not null,
        secret text not null,
        created_by text not null,
        created_at bigint not null,
        leased_until bigint not null default 0,
        primary key (tenant, id)
      );
      create table grantkit_webhook_outbox (
        tenant text not null,
        webhook text not null,
        seq bigint not null,
        attempts int not null default 0,
        next_at bigint not null default 0,
        first_at bigint not null,
        last_error text,
        primary key (tenant, webhook, seq),
        foreign key (tenant, webhook) references grantkit_webhooks(tenant, id) on delete cascade
      );
    `,
  },
  {
    version: 3,
    name: 'checkpoints packed: gzip-compressed JSON in bytea (packed.ts), jsonb world optional',
    // A checkpoint row holds `world` (jsonb, as seeded) or `packed` (as written since), never
    // both. External storage: the bytes are compressed already; TOAST would only try again.
    sql: `
      alter table grantkit_checkpoints alter column world drop not null;
      alter table grantkit_checkpoints add column packed bytea;
      alter table grantkit_checkpoints alter column packed set storage external;
    `,
  },
];

/** An arbitrary constant: the advisory lock key migrations hold. */
const MIGRATION_LOCK = 7_311_002;

/** Applies the migrations the database lacks; resolves with the schema version. */
export async function migrate(
  transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>,
): Promise<number> {
  return transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'create table if not exists grantkit_migrations (version int primary key, name text not null, applied_at bigint not null)',
    );
    const { rows } = await tx.query<{ version: number }>('select version from grantkit_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    let current = Math.max(0, ...applied);
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query(
        'insert into grantkit_migrations (version, name, applied_at) values ($1, $2, $3)',
        [m.version, m.name, Date.now()],
      );
      current = Math.max(current, m.version);
    }
    return current;
  });
}
