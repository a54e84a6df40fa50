/** The public types of `@grantkit/sdk/activity` (MODEL W1–W5): items, filters, list states, the plugin. */
import type { ActivityItem, NotificationItem } from '@grantkit/core';
import type { GrantkitClientError } from './errors.ts';
import type { GrantkitPlugin } from './plugin.ts';

/** The items of the server's JSON, declared once in `@grantkit/core` (MODEL W1, W4). */
export type { ActivityItem, NotificationItem };

/**
 * Which activity a feed shows (`GET /activity` filters).
 *
 * @example
 * ```ts
 * const paused: ActivityFilter = { type: 'engagement', action: 'pause', environment: 'production' };
 * ```
 */
export interface ActivityFilter {
  readonly type?: string;
  readonly action?: string;
  readonly actor?: string;
  readonly environment?: string;
  readonly resource?: { readonly type: string; readonly id: string };
  /** Only what happened from this time on (ms). */
  readonly since?: number;
}

/**
 * What a list holds: its items (newest first), whether more can be loaded, and its state.
 *
 * @example
 * ```ts
 * const show = ({ items, status }: ListState<ActivityItem>) => status === 'ready' && render(items);
 * ```
 */
export interface ListState<T> {
  readonly items: readonly T[];
  /** More older items can be loaded (`loadMore`). */
  readonly more: boolean;
  /** `idle`: signed out or no server. */
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: GrantkitClientError | null;
}

/**
 * The notifications' state: the list and the unread count.
 *
 * @example
 * ```ts
 * const badge = (s: NotificationsState) => (s.unread > 99 ? '99+' : String(s.unread));
 * ```
 */
export interface NotificationsState extends ListState<NotificationItem> {
  readonly unread: number;
}

/**
 * A store a UI subscribes to (`useSyncExternalStore`).
 *
 * @example
 * ```ts
 * const stop = feed.subscribe(() => render(feed.getSnapshot()));
 * ```
 */
export interface Source<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

/**
 * A live feed of one filter: the first page, then new items from the stream.
 *
 * @example
 * ```ts
 * const feed = act.feed({ action: 'pause' });
 * feed.subscribe(() => render(feed.getSnapshot().items));
 * await feed.loadMore();
 * feed.close();
 * ```
 */
export interface ActivityFeed extends Source<ListState<ActivityItem>> {
  /** Loads the next older page. */
  loadMore(): Promise<void>;
  /** Stops it (it keeps no listener of the client). */
  close(): void;
}

/**
 * The user's notifications: list, unread count, mark read.
 *
 * @example
 * ```ts
 * act.notifications.subscribe(() => setBadge(act.notifications.getSnapshot().unread));
 * await act.notifications.markRead(id);
 * await act.notifications.markAllRead();
 * ```
 */
export interface Notifications extends Source<NotificationsState> {
  loadMore(): Promise<void>;
  /** Loads the first page again. */
  refresh(): Promise<void>;
  markRead(id: string): Promise<void>;
  markAllRead(): Promise<void>;
}

/**
 * What a watch is about (MODEL W2): one resource, a type (in environments), or `mine`.
 *
 * @example
 * ```ts
 * const t: WatchTarget = { type: 'engagement', env: ['production'] };
 * ```
 */
export type WatchTarget =
  | 'mine'
  | { readonly type: string; readonly id?: string; readonly env?: readonly string[] };

/**
 * The activity plugin: pass it in `plugins`, then use it as the handle.
 *
 * @example
 * ```ts
 * const act = activity();
 * const client = createGrantkitClient({ baseUrl, tenant, userId, getToken, plugins: [act] });
 * const feed = act.feed({ type: 'engagement' });
 * ```
 */
export interface ActivityPlugin extends GrantkitPlugin {
  readonly name: 'activity';
  /** A live feed of `filter` (closed by `close()`). */
  feed(filter?: ActivityFilter): ActivityFeed;
  readonly notifications: Notifications;
  /** Watches `target` (POST /ops/watch); the default actions of MODEL W2 unless given. */
  watch(target: WatchTarget, actions?: readonly string[]): Promise<void>;
  unwatch(target: WatchTarget): Promise<void>;
  /** The user's watches, the default `mine` first. */
  watches(): Promise<{ target: WatchTarget; actions: string[] }[]>;
}

/**
 * Options of {@link activity}. `notifications.scope: 'all'` (MODEL W5) lists the person's
 * notifications of every tenant their token lists (`GET /notifications?scope=all`) and hears
 * them live on `GET /notifications/stream`, each naming its tenant; the default `'tenant'`
 * keeps to the signed-in tenant. The person has one user id across their tenants.
 *
 * @example
 * ```ts
 * const act = activity({ notifications: { scope: 'all' } });
 * act.notifications.subscribe(() => {
 *   for (const n of act.notifications.getSnapshot().items) console.log(n.tenant, n.event.action);
 * });
 * ```
 */
export interface ActivityOptions {
  readonly notifications?: { readonly scope?: 'tenant' | 'all' };
}
