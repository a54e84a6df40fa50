/**
 * Activity (MODEL W1: the audit rows themselves, no second copy), notifications (W4) and
 * webhooks with their transactional outbox (W6), over the one SQL body of both storages.
 * Outbox rows are written by the op's own statement (sql.ts), so no delivery is lost.
 */
import type { SqlDriver, SqlExecutor } from './sql.ts';
import { assertStorable } from './storable.ts';
import { StorageUnavailableError, type StoredAudit } from './types.ts';

/** Filters of {@link ActivityStore.listEvents}; every one optional. */
export interface ActivityQuery {
  /** Only entries older than this `seq` (the cursor of the previous page). */
  readonly before?: number;
  /** At most this many rows (1–1000, default 50). */
  readonly limit?: number;
  readonly type?: string;
  readonly id?: string;
  readonly action?: string;
  readonly actor?: string;
  /** Only entries at or after this time (ms since the epoch). */
  readonly since?: number;
}

/** A stored notification (MODEL W4): one per user and event. */
export interface StoredNotification {
  readonly id: number;
  readonly event: StoredAudit;
  /** When it was marked read (ms), `null` while unread. */
  readonly readAt: number | null;
}

/** A registered webhook (MODEL W6); `secret` is only returned when it is created. */
export interface StoredWebhook {
  readonly id: string;
  readonly url: string;
  /** Actions delivered; empty: every action. */
  readonly actions: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  /** Deliveries waiting (retrying or not yet sent). */
  readonly pending: number;
}

/** A webhook a delivery worker holds the lease of, with its next deliveries in order. */
export interface ClaimedWebhook {
  readonly tenant: string;
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  /** The tenant admin who registered it: deliveries carry what they may see (MODEL W1, E5). */
  readonly createdBy: string;
  /** Oldest first; `attempts` of the head counts earlier failures. */
  readonly deliveries: readonly { readonly event: StoredAudit; readonly attempts: number }[];
}

/**
 * Activity, notifications and webhooks of a storage (`storage.activity`).
 *
 * @example
 * ```ts
 * const page = await storage.activity.listEvents('acme', { action: 'pause', limit: 50 });
 * const next = await storage.activity.listEvents('acme', { before: page.at(-1)?.seq, limit: 50 });
 * ```
 */
export interface ActivityStore {
  /** Audit entries as activity events, newest first. */
  listEvents(tenant: string, query?: ActivityQuery): Promise<StoredAudit[]>;
  /** Audit entries of revisions `from`…`to` (inclusive), oldest first. */
  eventsOfRevisions(tenant: string, from: number, to: number): Promise<StoredAudit[]>;
  /** The latest audit entry with one of `actions` of each of `ids` of `type` (MODEL W7). */
  lastTransitions(
    tenant: string,
    type: string,
    ids: readonly string[],
    actions: readonly string[],
  ): Promise<Map<string, StoredAudit>>;
  /**
   * For every resource of the tenant whose life has ended at least once (an entry with no
   * `after`: a deletion, or a published draft copy's removal; not a record type's rule), the
   * seq of the latest such entry, keyed `<type>\u0000<id>` (MODEL E5): one query on a
   * partial index (those entries are few).
   */
  lifeEnds(tenant: string): Promise<Map<string, number>>;
  /** Notifications given by revisions `from`…`to` (inclusive), oldest first. */
  notificationsOfRevisions(
    tenant: string,
    from: number,
    to: number,
  ): Promise<(StoredNotification & { readonly user: string })[]>;
  /** Gives `user` a notification of event `seq` (once: a repeat is ignored). */
  notify(tenant: string, rows: readonly { user: string; seq: number }[]): Promise<void>;
  /**
   * The user's notifications, newest first, and the unread ones counted per resource (so a
   * reader can leave out those about what the user may no longer see).
   */
  listNotifications(
    tenant: string,
    user: string,
    query?: { before?: number; limit?: number },
  ): Promise<{
    items: StoredNotification[];
    unread: { type: string; id: string; count: number }[];
  }>;
  /** Marks one notification (`id`) or all of the user's read; resolves with how many changed. */
  markRead(tenant: string, user: string, which: { id: number } | { all: true }): Promise<number>;
  /**
   * Registers a webhook; with `max`, unless the tenant already has that many (then rejects
   * with {@link WebhookLimitError}, nothing written). The count and the insert are one step:
   * concurrent calls, from any process, never take a tenant past `max`.
   */
  createWebhook(
    tenant: string,
    input: { id: string; url: string; actions: readonly string[]; secret: string; by: string },
    max?: number,
  ): Promise<void>;
  listWebhooks(tenant: string): Promise<StoredWebhook[]>;
  /** Removes a webhook and its pending deliveries; `false` when there was none. */
  deleteWebhook(tenant: string, id: string): Promise<boolean>;
  /**
   * Leases up to `limit` webhooks with due deliveries for `leaseMs` (`FOR UPDATE SKIP LOCKED`:
   * several processes never hold one webhook at once).
   */
  claimDeliveries(now: number, leaseMs: number, limit: number): Promise<ClaimedWebhook[]>;
  /** The delivery of `seq` succeeded: removes it. */
  delivered(tenant: string, webhook: string, seq: number): Promise<void>;
  /** The delivery of `seq` failed: counts the attempt and holds the webhook until `retryAt`. */
  failed(
    tenant: string,
    webhook: string,
    seq: number,
    retryAt: number,
    error: string,
  ): Promise<void>;
  /** Ends the lease of a webhook (its batch is done). */
  release(tenant: string, webhook: string): Promise<void>;
}

/**
 * A tenant already has the most webhooks it may have (MODEL W6): the new one was not
 * registered. Delete one (`DELETE /webhooks/:id`) before registering another.
 *
 * @example
 * ```ts
 * try {
 *   await storage.activity.createWebhook('acme', hook, 20);
 * } catch (e) {
 *   if (e instanceof WebhookLimitError) console.log(e.rule, e.max); // W6 20
 * }
 * ```
 */
export class WebhookLimitError extends Error {
  readonly rule = 'W6';
  constructor(
    readonly tenant: string,
    readonly max: number,
  ) {
    super(`a tenant has at most ${max} webhooks`);
    this.name = 'WebhookLimitError';
  }
}

/**
 * The first key of the advisory lock a webhook registration holds on its tenant (the second
 * is `hashtext(tenant)`): the two-key form, apart from the migrations' one-key lock.
 */
const WEBHOOK_LOCK_CLASS = 0x67_6b_77_68; // 'gkwh'

/** Queues the audit entries of one revision for every webhook of the tenant that wants them (MODEL W6). */
export const OUTBOX_OF_REVISION = `insert into grantkit_webhook_outbox (tenant, webhook, seq, first_at)
  select a.tenant, h.id, a.seq, a.at from grantkit_audit a join grantkit_webhooks h
    on h.tenant = a.tenant and (cardinality(h.actions) = 0 or a.action = any(h.actions))
   where a.tenant = $1 and a.revision = $2`;

/** Stores the notifications of one revision ($3: `[{ n, user_id }]`, n = the entry's index) (MODEL W4). */
export const NOTIFY_OF_REVISION = `insert into grantkit_notifications (tenant, user_id, seq)
  select $1, x.user_id, a.seq from jsonb_to_recordset($3::text::jsonb) as x(n int, user_id text)
    join (select seq, row_number() over (order by seq) - 1 as n
            from grantkit_audit where tenant = $1 and revision = $2) a on a.n = x.n
  on conflict do nothing`;

const AUDIT_COLUMNS =
  'a.seq, a.revision, a.actor, a.action, a.resource_type, a.resource_id, a.before, a.after, a.at';

/** A row of `grantkit_audit` as an activity event. */
export const toEvent = (r: Record<string, unknown>): StoredAudit => ({
  seq: Number(r.seq),
  revision: Number(r.revision),
  actor: String(r.actor),
  action: String(r.action),
  resource: { type: String(r.resource_type), id: String(r.resource_id) },
  before: r.before ?? undefined,
  after: r.after ?? undefined,
  at: Number(r.at),
});

const bounded = (n: number | undefined, fallback: number) =>
  Math.min(Math.max(1, Math.floor(n ?? fallback)), 1000);

/** The {@link ActivityStore} of an SQL storage; `guard` bounds every call, `write` precedes writes. */
export function createActivityStore(
  db: SqlExecutor & Pick<SqlDriver, 'transaction'>,
  guard: <T>(
    what: string,
    fn: (deadline: { readonly expired: boolean }) => Promise<T>,
  ) => Promise<T>,
  beforeWrite: () => Promise<void>,
): ActivityStore {
  return {
    listEvents(tenant, query = {}) {
      return guard('listEvents', async () => {
        const { before, limit, since, ...text } = query;
        assertStorable({ tenant, ...text }, '');
        const where = ['a.tenant = $1'];
        const params: unknown[] = [tenant];
        const add = (sql: string, value: unknown) => {
          params.push(value);
          where.push(`${sql} $${params.length}`);
        };
        if (before !== undefined) add('a.seq <', before);
        if (since !== undefined) add('a.at >=', since);
        if (text.type !== undefined) add('a.resource_type =', text.type);
        if (text.id !== undefined) add('a.resource_id =', text.id);
        if (text.action !== undefined) add('a.action =', text.action);
        if (text.actor !== undefined) add('a.actor =', text.actor);
        params.push(bounded(limit, 50));
        const { rows } = await db.query(
          `select ${AUDIT_COLUMNS} from grantkit_audit a where ${where.join(' and ')}
            order by a.seq desc limit $${params.length}`,
          params,
        );
        return rows.map(toEvent);
      });
    },
    eventsOfRevisions(tenant, from, to) {
      return guard('eventsOfRevisions', async () => {
        const { rows } = await db.query(
          `select ${AUDIT_COLUMNS} from grantkit_audit a
            where a.tenant = $1 and a.revision between $2 and $3 order by a.seq`,
          [tenant, from, to],
        );
        return rows.map(toEvent);
      });
    },
    lastTransitions(tenant, type, ids, actions) {
      return guard('lastTransitions', async () => {
        assertStorable({ tenant, type, ids, actions }, '');
        const out = new Map<string, StoredAudit>();
        if (ids.length === 0 || actions.length === 0) return out;
        const { rows } = await db.query(
          `select distinct on (a.resource_id) ${AUDIT_COLUMNS} from grantkit_audit a
            where a.tenant = $1 and a.resource_type = $2 and a.resource_id = any($3) and a.action = any($4)
            order by a.resource_id, a.seq desc`,
          [tenant, type, [...ids], [...actions]],
        );
        for (const r of rows) out.set(String(r.resource_id), toEvent(r));
        return out;
      });
    },
    lifeEnds(tenant) {
      return guard('lifeEnds', async () => {
        assertStorable({ tenant }, '');
        const { rows } = await db.query(
          `select a.resource_type, a.resource_id, max(a.seq) as seq from grantkit_audit a
            where a.tenant = $1 and a.after is null and a.resource_type <> 'recordType'
            group by a.resource_type, a.resource_id`,
          [tenant],
        );
        return new Map(
          rows.map((r) => [
            `${String(r.resource_type)}\u0000${String(r.resource_id)}`,
            Number(r.seq),
          ]),
        );
      });
    },
    notificationsOfRevisions(tenant, from, to) {
      return guard('notificationsOfRevisions', async () => {
        const { rows } = await db.query(
          `select n.id as nid, n.user_id, n.read_at, ${AUDIT_COLUMNS}
             from grantkit_audit a join grantkit_notifications n on n.tenant = a.tenant and n.seq = a.seq
            where a.tenant = $1 and a.revision between $2 and $3 order by n.id`,
          [tenant, from, to],
        );
        return rows.map((r) => ({
          id: Number(r.nid),
          user: String(r.user_id),
          event: toEvent(r),
          readAt: null,
        }));
      });
    },
    notify(tenant, rows) {
      return guard('notify', async () => {
        if (rows.length === 0) return;
        await beforeWrite();
        assertStorable(rows, 'notifications');
        await db.query(
          `insert into grantkit_notifications (tenant, user_id, seq)
           select $1, x.user_id, x.seq from jsonb_to_recordset($2::text::jsonb) as x(user_id text, seq bigint)
           on conflict do nothing`,
          [tenant, JSON.stringify(rows.map((r) => ({ user_id: r.user, seq: r.seq })))],
        );
      });
    },
    listNotifications(tenant, user, query = {}) {
      return guard('listNotifications', async () => {
        assertStorable({ tenant, user }, '');
        const params: unknown[] = [tenant, user, bounded(query.limit, 50)];
        let cursor = '';
        if (query.before !== undefined) {
          params.push(query.before);
          cursor = `and n.id < $${params.length}`;
        }
        const { rows } = await db.query(
          `select n.id as nid, n.read_at, ${AUDIT_COLUMNS}
             from grantkit_notifications n join grantkit_audit a on a.tenant = n.tenant and a.seq = n.seq
            where n.tenant = $1 and n.user_id = $2 ${cursor} order by n.id desc limit $3`,
          params,
        );
        const count = await db.query(
          `select a.resource_type, a.resource_id, count(*) as n
             from grantkit_notifications n join grantkit_audit a on a.tenant = n.tenant and a.seq = n.seq
            where n.tenant = $1 and n.user_id = $2 and n.read_at is null
            group by a.resource_type, a.resource_id`,
          [tenant, user],
        );
        return {
          items: rows.map((r) => ({
            id: Number(r.nid),
            event: toEvent(r),
            readAt: r.read_at === null || r.read_at === undefined ? null : Number(r.read_at),
          })),
          unread: count.rows.map((r) => ({
            type: String(r.resource_type),
            id: String(r.resource_id),
            count: Number(r.n),
          })),
        };
      });
    },
    markRead(tenant, user, which) {
      return guard('markRead', async () => {
        assertStorable({ tenant, user }, '');
        await beforeWrite();
        const one = 'id' in which;
        const { rows } = await db.query(
          `update grantkit_notifications set read_at = $3
            where tenant = $1 and user_id = $2 and read_at is null ${one ? 'and id = $4' : ''}
           returning id`,
          one ? [tenant, user, Date.now(), which.id] : [tenant, user, Date.now()],
        );
        return rows.length;
      });
    },
    createWebhook(tenant, input, max) {
      return guard('createWebhook', async (deadline) => {
        assertStorable({ tenant, ...input }, '');
        await beforeWrite();
        const created = await db.transaction(async (tx) => {
          // One registration per tenant at a time (till commit), whatever the isolation level:
          // the count below sees every earlier one, committed (READ COMMITTED: each statement
          // reads what committed before it began). Ops and reads do not take this lock.
          await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [
            WEBHOOK_LOCK_CLASS,
            tenant,
          ]);
          if (deadline.expired)
            throw new StorageUnavailableError(new Error('the transaction outlived its deadline'), {
              reason: 'timeout',
            });
          const { rows } = await tx.query(
            `insert into grantkit_webhooks (tenant, id, url, actions, secret, created_by, created_at)
             select $1::text, $2::text, $3::text, $4::text[], $5::text, $6::text, $7::bigint
              where $8::bigint is null
                 or (select count(*) from grantkit_webhooks where tenant = $1) < $8::bigint
             returning id`,
            [
              tenant,
              input.id,
              input.url,
              [...input.actions],
              input.secret,
              input.by,
              Date.now(),
              max ?? null,
            ],
          );
          return rows.length > 0;
        });
        if (!created && max !== undefined) throw new WebhookLimitError(tenant, max);
      });
    },
    listWebhooks(tenant) {
      return guard('listWebhooks', async () => {
        assertStorable(tenant, 'tenant');
        const { rows } = await db.query(
          `select h.id, h.url, h.actions, h.created_by, h.created_at,
                  (select count(*) from grantkit_webhook_outbox o where o.tenant = h.tenant and o.webhook = h.id) as pending
             from grantkit_webhooks h where h.tenant = $1 order by h.created_at, h.id`,
          [tenant],
        );
        return rows.map((r) => ({
          id: String(r.id),
          url: String(r.url),
          actions: (r.actions as string[]) ?? [],
          createdBy: String(r.created_by),
          createdAt: Number(r.created_at),
          pending: Number(r.pending),
        }));
      });
    },
    deleteWebhook(tenant, id) {
      return guard('deleteWebhook', async () => {
        assertStorable({ tenant, id }, '');
        await beforeWrite();
        const { rows } = await db.query(
          'delete from grantkit_webhooks where tenant = $1 and id = $2 returning id',
          [tenant, id],
        );
        return rows.length > 0;
      });
    },
    claimDeliveries(now, leaseMs, limit) {
      return guard('claimDeliveries', async () => {
        const { rows: hooks } = await db.query(
          `update grantkit_webhooks h set leased_until = $2
            where (h.tenant, h.id) in (
              select w.tenant, w.id from grantkit_webhooks w
               where w.leased_until <= $1 and exists (
                 select 1 from grantkit_webhook_outbox o where o.tenant = w.tenant and o.webhook = w.id)
               order by w.leased_until limit $3 for update skip locked)
           returning h.tenant, h.id, h.url, h.secret, h.created_by`,
          [now, now + leaseMs, limit],
        );
        const out: ClaimedWebhook[] = [];
        for (const h of hooks) {
          const { rows } = await db.query(
            `select o.attempts, ${AUDIT_COLUMNS} from grantkit_webhook_outbox o
               join grantkit_audit a on a.tenant = o.tenant and a.seq = o.seq
              where o.tenant = $1 and o.webhook = $2 order by o.seq limit 50`,
            [h.tenant, h.id],
          );
          out.push({
            tenant: String(h.tenant),
            id: String(h.id),
            url: String(h.url),
            secret: String(h.secret),
            createdBy: String(h.created_by),
            deliveries: rows.map((r) => ({ event: toEvent(r), attempts: Number(r.attempts) })),
          });
        }
        return out;
      });
    },
    delivered(tenant, webhook, seq) {
      return guard('delivered', async () => {
        await db.query(
          'delete from grantkit_webhook_outbox where tenant = $1 and webhook = $2 and seq = $3',
          [tenant, webhook, seq],
        );
      });
    },
    failed(tenant, webhook, seq, retryAt, error) {
      return guard('failed', async () => {
        await db.query(
          `with o as (update grantkit_webhook_outbox set attempts = attempts + 1, last_error = $5
                        where tenant = $1 and webhook = $2 and seq = $3)
           update grantkit_webhooks set leased_until = $4 where tenant = $1 and id = $2`,
          [tenant, webhook, seq, retryAt, error.slice(0, 500)],
        );
      });
    },
    release(tenant, webhook) {
      return guard('release', async () => {
        await db.query(
          'update grantkit_webhooks set leased_until = 0 where tenant = $1 and id = $2',
          [tenant, webhook],
        );
      });
    },
  };
}
