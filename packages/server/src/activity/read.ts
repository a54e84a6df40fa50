/**
 * Reading activity, notifications and lifecycle states (MODEL W1, W4, W5, W7) for one
 * person in one tenant or across the tenants they belong to: the same functions behind
 * `GET /activity`, `GET /notifications`, `GET /lifecycle` and `app.grants`. Every item is
 * judged with core's W1 decision (`readableActivity`, `visibleTo`) on the tenant's model at
 * read time: access revoked since the event hides it.
 */
import {
  type ActivityItem,
  InvalidInputError,
  type LifecycleItem,
  type NotificationItem,
  readableActivity,
  visibleTo,
} from '@grantkit/core';
import type { Membership } from '../auth.ts';
import type { ActivityQuery } from '../storage/activity.ts';
import type { Storage, StoredAudit } from '../storage/types.ts';
import type { Tenant } from '../tenants/registry.ts';
import { currentLives } from './lifetimes.ts';

export type { LifecycleItem, NotificationItem };

/** Holds a tenant while `work` runs (the registry's lease); `null` when there is no such tenant. */
export type WithTenant = <T>(tenant: string, work: (t: Tenant) => Promise<T>) => Promise<T | null>;

/** Filters of a feed (MODEL W1): all optional. */
export interface FeedFilter {
  readonly type?: string;
  /** One resource's id (with `type`). */
  readonly id?: string;
  readonly action?: string;
  readonly actor?: string;
  /** Resources now in this environment (engagements). */
  readonly environment?: string;
  /** Events at or after this time (ms since the epoch). */
  readonly since?: number;
}

/** One item of a feed (MODEL W1): core's {@link ActivityItem}, the JSON `GET /activity` answers. */
export type FeedItem = ActivityItem;

/** A page: items newest first and the cursor of the next page (`null`: no more). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** Most rows one page reads per tenant while skipping what the reader may not see. */
const SCAN_BOUND = 5000;
const BATCH = 1000;

const encode = (c: Record<string, number>): string =>
  Buffer.from(JSON.stringify(c)).toString('base64url');

/**
 * A map from tenant ids without a prototype: a tenant named `toString`, `constructor` or
 * `__proto__` reads and writes its own entry, never one of `Object.prototype`.
 */
const perTenant = (): Record<string, number> => Object.create(null) as Record<string, number>;

/** Reads a cursor of {@link encode}: per tenant, the seq (or id) to continue before, -1 when done. */
export function decodeCursor(cursor: string | undefined): Record<string, number> {
  if (cursor === undefined) return perTenant();
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const out = perTenant();
      for (const [k, v] of Object.entries(value)) {
        // -1: that tenant's part is done (a merged feed whose other tenants go on, W5).
        if (!Number.isSafeInteger(v) || (v as number) < -1) throw new Error();
        out[k] = v as number;
      }
      return out;
    }
  } catch {}
  throw new InvalidInputError('cursor', 'cursor must be the `next` of a previous page');
}

/**
 * An audited event as a feed item of `tenant` (id `<tenant>:<seq>`): the one form of
 * `GET /activity`, the stream's `activity` events and a notification's `event`.
 *
 * @example
 * ```ts
 * feedItemOf('px1', row).id; // 'px1:42'
 * ```
 */
export const feedItemOf = (
  tenant: string,
  e: StoredAudit & { before?: unknown; after?: unknown },
): FeedItem => ({
  id: `${tenant}:${e.seq}`,
  tenant,
  seq: e.seq,
  revision: e.revision,
  at: e.at,
  actor: e.actor,
  action: e.action,
  resource: e.resource,
  ...('before' in e && e.before !== undefined ? { before: e.before } : {}),
  ...('after' in e && e.after !== undefined ? { after: e.after } : {}),
});

/** One tenant's page for one user: `before` is the seq to continue before; -1 when done. */
async function tenantFeed(
  t: Tenant,
  storage: Storage,
  m: Membership,
  filter: FeedFilter,
  before: number | undefined,
  limit: number,
): Promise<{ items: FeedItem[]; rest: number }> {
  await t.engine.ready();
  const model = t.engine.model;
  let inEnv: Set<string> | undefined;
  if (filter.environment !== undefined) {
    inEnv = new Set();
    for (const r of t.engine.world().resources ?? [])
      if (r.env === filter.environment && (filter.type === undefined || r.type === filter.type))
        inEnv.add(`${r.type}\u0000${r.id}`);
  }
  const query: ActivityQuery = {
    ...(filter.type === undefined ? {} : { type: filter.type }),
    ...(filter.id === undefined ? {} : { id: filter.id }),
    ...(filter.action === undefined ? {} : { action: filter.action }),
    ...(filter.actor === undefined ? {} : { actor: filter.actor }),
    ...(filter.since === undefined ? {} : { since: filter.since }),
  };
  const items: FeedItem[] = [];
  let cursor = before;
  let scanned = 0;
  // The first read is one page (most readers see most events); later ones grow.
  let batch = limit + 1;
  while (items.length < limit && scanned < SCAN_BOUND) {
    const rows = await storage.activity.listEvents(m.tenant, {
      ...query,
      ...(cursor === undefined ? {} : { before: cursor }),
      limit: batch,
    });
    scanned += rows.length;
    // An earlier life of a resource's id (deleted, created again) is not what is viewed now.
    const candidates = await currentLives(
      storage,
      m.tenant,
      model.getUser(m.userId),
      inEnv === undefined
        ? rows
        : rows.filter((r) => inEnv.has(`${r.resource.type}\u0000${r.resource.id}`)),
    );
    const visible = readableActivity(
      model,
      m.userId,
      candidates.map((r) => ({ ...r, before: r.before, after: r.after })),
    );
    for (const e of visible) {
      items.push(feedItemOf(m.tenant, e as StoredAudit));
      if (items.length === limit) return { items, rest: e.seq };
    }
    if (rows.length < batch) return { items, rest: -1 };
    cursor = rows[rows.length - 1]!.seq;
    batch = Math.min(BATCH, batch * 4);
  }
  return { items, rest: cursor ?? -1 };
}

/**
 * A page of the feed of `members` (one membership: one tenant; several: W5's merged feed),
 * newest first, each item visible to that tenant's user (MODEL W1).
 *
 * @example
 * ```ts
 * const page = await readFeed(withTenant, storage, [{ tenant: 'px1', userId: 'ann' }], { action: 'pause' }, 50);
 * const more = await readFeed(withTenant, storage, members, filter, 50, page.next ?? undefined);
 * ```
 */
export async function readFeed(
  withTenant: WithTenant,
  storage: Storage,
  members: readonly Membership[],
  filter: FeedFilter,
  limit: number,
  cursor?: string,
): Promise<Page<FeedItem>> {
  const at = decodeCursor(cursor);
  const pages = await Promise.all(
    members.map(async (m) => {
      const before = at[m.tenant];
      if (before === -1 || (cursor !== undefined && before === undefined)) return null;
      return withTenant(m.tenant, (t) => tenantFeed(t, storage, m, filter, before, limit));
    }),
  );
  const merged: { item: FeedItem; m: number }[] = [];
  pages.forEach((p, i) => {
    for (const item of p?.items ?? []) merged.push({ item, m: i });
  });
  merged.sort((a, b) => b.item.at - a.item.at || b.item.seq - a.item.seq);
  const taken = merged.slice(0, limit);
  const next = perTenant();
  let more = false;
  members.forEach((m, i) => {
    const page = pages[i];
    if (page === null || page === undefined) return;
    const mine = taken.filter((x) => x.m === i);
    // Continue before the last item taken; when every item was taken, before what was scanned.
    next[m.tenant] =
      mine.length < page.items.length
        ? (mine.at(-1)?.item.seq ?? at[m.tenant] ?? Number.MAX_SAFE_INTEGER)
        : page.rest;
    if (next[m.tenant] !== -1) more = true;
  });
  return { items: taken.map((x) => x.item), next: more ? encode(next) : null };
}

/**
 * The notifications of `members`, newest first, with the unread count (MODEL W4, W5); those
 * about what the user may no longer see are left out.
 *
 * @example
 * ```ts
 * const { items, unread } = await readNotifications(withTenant, storage, [{ tenant: 'px1', userId: 'ann' }], 20);
 * ```
 */
export async function readNotifications(
  withTenant: WithTenant,
  storage: Storage,
  members: readonly Membership[],
  limit: number,
  cursor?: string,
): Promise<Page<NotificationItem> & { readonly unread: number }> {
  const at = decodeCursor(cursor);
  const lists = await Promise.all(
    members.map(async (m) => {
      const before = at[m.tenant];
      if (before === -1 || (cursor !== undefined && before === undefined)) return null;
      return withTenant(m.tenant, async (t) => {
        await t.engine.ready();
        const { items, unread } = await storage.activity.listNotifications(m.tenant, m.userId, {
          ...(before === undefined ? {} : { before }),
          limit,
        });
        const model = t.engine.model;
        const current = new Set(
          (
            await currentLives(
              storage,
              m.tenant,
              model.getUser(m.userId),
              items.map((n) => n.event as StoredAudit),
            )
          ).map((e) => e.seq),
        );
        // Unread: only those about what the user may see now (W1), like the items.
        let visibleUnread = 0;
        for (const u of unread)
          if (visibleTo(model, m.userId, { resource: { type: u.type, id: u.id } }))
            visibleUnread += u.count;
        const out: { n: NotificationItem; id: number }[] = [];
        for (const n of items) {
          if (!current.has((n.event as StoredAudit).seq)) continue;
          if (!visibleTo(model, m.userId, n.event)) continue;
          const [e] = readableActivity(model, m.userId, [n.event]);
          if (e === undefined) continue;
          const event = feedItemOf(m.tenant, e as StoredAudit);
          out.push({
            id: n.id,
            n: {
              id: `${m.tenant}:${n.id}`,
              tenant: m.tenant,
              user: m.userId,
              event,
              readAt: n.readAt,
            },
          });
        }
        return {
          out,
          unread: visibleUnread,
          full: items.length === limit,
          last: items.at(-1)?.id,
        };
      });
    }),
  );
  const merged: { n: NotificationItem; id: number; m: number }[] = [];
  let unread = 0;
  lists.forEach((l, i) => {
    if (l === null) return;
    unread += l.unread;
    for (const x of l.out) merged.push({ ...x, m: i });
  });
  merged.sort((a, b) => b.n.event.at - a.n.event.at || b.id - a.id);
  const taken = merged.slice(0, limit);
  const next = perTenant();
  let more = false;
  members.forEach((m, i) => {
    const l = lists[i];
    if (l === null || l === undefined) return;
    const mine = taken.filter((x) => x.m === i);
    if (mine.length < l.out.length)
      next[m.tenant] = mine.at(-1)?.id ?? at[m.tenant] ?? Number.MAX_SAFE_INTEGER;
    else next[m.tenant] = l.full && l.last !== undefined ? l.last : -1;
    if (next[m.tenant] !== -1) more = true;
  });
  return { items: taken.map((x) => x.n), unread, next: more ? encode(next) : null };
}

/**
 * Resources of `type` in `state` that each membership's user may view (MODEL W7, W1),
 * across the memberships (W5), most recently changed first.
 *
 * @example
 * ```ts
 * const paused = await readLifecycle(withTenant, storage, members, 'engagement', 'paused');
 * paused[0]; // { tenant: 'px1', type: 'engagement', id: 'e1', state: 'paused', lastTransition: { actor: 'lee', action: 'pause', at } }
 * ```
 */
export async function readLifecycle(
  withTenant: WithTenant,
  storage: Storage,
  members: readonly Membership[],
  type: string,
  state: string,
): Promise<LifecycleItem[]> {
  const lists = await Promise.all(
    members.map((m) =>
      withTenant(m.tenant, async (t) => {
        await t.engine.ready();
        const model = t.engine.model;
        const info = model.schema.types.get(type);
        if (info === undefined || info.lifecycle.size === 0) return [];
        const found = (t.engine.world().resources ?? []).filter(
          (r) =>
            r.type === type &&
            r.state === state &&
            visibleTo(model, m.userId, { resource: { type, id: r.id } }),
        );
        const last = await storage.activity.lastTransitions(
          m.tenant,
          type,
          found.map((r) => r.id),
          [...info.lifecycle.keys()],
        );
        return found.map((r): LifecycleItem => {
          const e = last.get(r.id);
          const title = r.fields?.title;
          return {
            tenant: m.tenant,
            type,
            id: r.id,
            state,
            ...(r.env === undefined ? {} : { environment: r.env }),
            ...(typeof title === 'string' ? { title } : {}),
            lastTransition: e === undefined ? null : { actor: e.actor, action: e.action, at: e.at },
          };
        });
      }),
    ),
  );
  return lists
    .flatMap((l) => l ?? [])
    .sort((a, b) => (b.lastTransition?.at ?? 0) - (a.lastTransition?.at ?? 0));
}
