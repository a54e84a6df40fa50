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
  {
    version: 4,
    name: 'grantkit_append_ops: a group of ops in one call, its statement planned once per connection',
    // `appendMany` (sql.ts): the ops, their audit entries, notifications (MODEL W4) and webhook
    // outbox rows (W6), the tenant's revision and the NOTIFY. Sent as one statement it was
    // parsed and planned again for every group (a third of its cost on PGlite); PL/pgSQL
    // keeps the plan of the statements it runs. The JSON arrives as text (see sql.ts).
    sql: `
      create function grantkit_append_ops(
        p_tenant text, p_ops text, p_audit text, p_notify text,
        p_revision bigint, p_channel text, p_payload text
      ) returns void language plpgsql as $fn$
      begin
        with o as (
          insert into grantkit_ops (tenant, revision, actor, op, args, at)
          select p_tenant, x.revision, x.actor, x.op, coalesce(x.args, '{}'::jsonb), x.at
            from jsonb_to_recordset(p_ops::jsonb)
              as x(revision bigint, actor text, op text, args jsonb, at bigint)
        ), a as (
          insert into grantkit_audit (tenant, revision, actor, action, resource_type, resource_id, before, after, at)
          select p_tenant, x.revision, x.actor, x.action, x.resource_type, x.resource_id,
                 nullif(x.before, 'null'::jsonb), nullif(x.after, 'null'::jsonb), x.at
            from jsonb_to_recordset(p_audit::jsonb)
              as x(n int, revision bigint, actor text, action text, resource_type text,
                   resource_id text, before jsonb, after jsonb, at bigint)
           order by x.n
          returning seq, action, at
        ), nn as (
          insert into grantkit_notifications (tenant, user_id, seq)
          select p_tenant, x.user_id, s.seq
            from jsonb_to_recordset(p_notify::jsonb) as x(n int, user_id text)
            join (select seq, row_number() over (order by seq) - 1 as n from a) s on s.n = x.n
          on conflict do nothing
        ), w as (
          insert into grantkit_webhook_outbox (tenant, webhook, seq, first_at)
          select p_tenant, h.id, a.seq, a.at from a join grantkit_webhooks h
            on h.tenant = p_tenant and (cardinality(h.actions) = 0 or a.action = any(h.actions))
        )
        update grantkit_tenants set revision = p_revision where id = p_tenant;
        perform pg_notify(p_channel, p_payload);
      end
      $fn$;
    `,
  },
  {
    version: 5,
    name: "grantkit_audit_life_ends: the entries that end a resource's life (MODEL E5)",
    // An entry whose `after` is null ends its resource's life: a deletion, or a draft copy
    // removed when it is published (core's `endsLife`). Few rows: the index is partial.
    sql: `
      create index grantkit_audit_life_ends on grantkit_audit (tenant, resource_type, resource_id, seq)
        where after is null;
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
