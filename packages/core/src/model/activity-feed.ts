/**
 * An in-memory, bounded activity feed and notification inbox (MODEL W1, W4) over the
 * pure functions of activity.ts: what the conformance runner and tests drive. The grants
 * server keeps the same things in SQL instead.
 */
import { InvalidInputError } from '../errors.ts';
import type { ApplyResult } from '../ops/apply.ts';
import type { SchemaDef } from '../schema/types.ts';
import { type ActivityEvent, activityOf, notificationsFor, visibleTo } from './activity.ts';
import { endsLife } from './audit-access.ts';
import { type Model, storeOf } from './model.ts';

/** One notification of one user (MODEL W4). */
export interface Notification {
  /** Unique in its feed, increasing. */
  readonly id: number;
  readonly user: string;
  readonly event: ActivityEvent;
  readonly read: boolean;
}

/** A user's notifications, newest first, with how many are unread (MODEL W4). */
export interface NotificationList {
  readonly items: readonly Notification[];
  readonly unread: number;
}

/** Options of {@link createActivityFeed}. */
export interface ActivityFeedOptions {
  /** Most events kept, and most notifications kept per user; the oldest go first (default 1000). */
  readonly limit?: number;
}

/** See {@link createActivityFeed}. */
export interface ActivityFeed {
  /** Records the events of an operation just applied to `model` and notifies their watchers. */
  record<D extends SchemaDef>(model: Model<D>, result: ApplyResult): ActivityEvent[];
  /** The events `userId` may see now (MODEL W1), oldest first; none about an earlier life of a re-created id (but for super admins). */
  activity<D extends SchemaDef>(model: Model<D>, userId: string): ActivityEvent[];
  /** `userId`'s notifications about what they may still see (its current life), newest first, with the unread count. */
  notifications<D extends SchemaDef>(model: Model<D>, userId: string): NotificationList;
  /** Marks one notification read (false: no such notification of that user). */
  markRead(userId: string, id: number): boolean;
  /** Marks every notification of `userId` read; answers how many were unread. */
  markAllRead(userId: string): number;
}

/**
 * An in-memory activity feed and notification inbox for one model, bounded by `limit`.
 * Notifications stay until read; a list shows only those about what the user may see
 * now (MODEL W1), so a revoked user sees nothing of what they lost.
 *
 * @example
 * const feed = createActivityFeed();
 * feed.record(model, model.apply('pat', { op: 'transition', args: { resource: { type: 'engagement', id: 'e1' }, action: 'pause' } }));
 * feed.notifications(model, 'lee'); // { items: [{ id: 1, user: 'lee', event: { action: 'pause', ... }, read: false }], unread: 1 }
 * feed.markAllRead('lee'); // 1
 */
export function createActivityFeed(options: ActivityFeedOptions = {}): ActivityFeed {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 0)
    throw new InvalidInputError('limit', 'an activity feed limit must be a whole number ≥ 0');
  let events: ActivityEvent[] = [];
  const inbox = new Map<string, { id: number; event: ActivityEvent; read: boolean }[]>();
  let next = 0;
  // The seq of the latest event that ended each resource's life (deleted, a published draft):
  // events up to it are about an earlier life of the id, not what a reader may view now.
  const ended = new Map<string, number>();
  const keyOf = (e: ActivityEvent) => `${e.resource.type}\u0000${e.resource.id}`;
  /** Whether `userId` may see `e` now (MODEL W1): of its resource's current life, super admins every life. */
  const sees = <D extends SchemaDef>(model: Model<D>, userId: string, e: ActivityEvent) => {
    if (!visibleTo(model, userId, e)) return false;
    const end = ended.get(keyOf(e));
    if (end === undefined || e.seq > end) return true;
    const reader = storeOf(model as unknown as Model).users.get(userId);
    return reader?.active === true && reader.superAdmin;
  };
  return {
    record(model, result) {
      const made = activityOf(result);
      for (const event of made) {
        events.push(event);
        if (endsLife(event)) ended.set(keyOf(event), event.seq);
        for (const user of notificationsFor(model, event)) {
          let list = inbox.get(user);
          if (list === undefined) {
            list = [];
            inbox.set(user, list);
          }
          list.push({ id: ++next, event, read: false });
          if (list.length > limit) list.shift();
        }
      }
      if (events.length > limit) events = events.slice(events.length - limit);
      return made;
    },
    activity(model, userId) {
      return events.filter((e) => sees(model, userId, e));
    },
    notifications(model, userId) {
      const items = (inbox.get(userId) ?? [])
        .filter((n) => sees(model, userId, n.event))
        .map((n) => ({ id: n.id, user: userId, event: n.event, read: n.read }))
        .reverse();
      return { items, unread: items.filter((n) => !n.read).length };
    },
    markRead(userId, id) {
      const n = inbox.get(userId)?.find((x) => x.id === id);
      if (n === undefined) return false;
      n.read = true;
      return true;
    },
    markAllRead(userId) {
      let count = 0;
      for (const n of inbox.get(userId) ?? [])
        if (!n.read) {
          n.read = true;
          count++;
        }
      return count;
    },
  };
}
