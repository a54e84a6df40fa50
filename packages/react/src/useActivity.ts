/**
 * React bindings of `@grantkit/sdk/activity` (issue 12): a live activity feed, the
 * notifications with their unread count, and watching one target. Each takes the
 * `activity()` plugin passed to the client and re-renders only when what it returns changes.
 */
import type {
  ActivityFeed,
  ActivityFilter,
  ActivityItem,
  ActivityPlugin,
  ListState,
  NotificationsState,
  WatchTarget,
} from '@grantkit/sdk/activity';
import * as React from 'react';

const IDLE: ListState<never> = { items: [], more: false, status: 'idle', error: null };
const idle = () => IDLE;
const none = () => () => {};

/**
 * What {@link useActivity} returns: the feed's state and `loadMore`.
 *
 * @example
 * ```tsx
 * const { items, more, loadMore }: ActivityState = useActivity(act, { action: 'pause' });
 * ```
 */
export interface ActivityState extends ListState<ActivityItem> {
  /** Loads the next older page. */
  loadMore(): Promise<void>;
}

/**
 * A live activity feed of `filter` (MODEL W1): the first page, then new items from the push
 * stream, newest first; empty while signed out. A new filter (by value) opens a new feed.
 *
 * @example
 * ```tsx
 * import { activity } from '@grantkit/sdk/activity';
 * export const act = activity(); // passed in the client's `plugins`
 *
 * function Paused() {
 *   const { items, more, loadMore } = useActivity(act, { type: 'engagement', action: 'pause' });
 *   return (
 *     <ul>
 *       {items.map((i) => <li key={i.id}>{i.actor} paused {i.resource.id}</li>)}
 *       {more && <li><button onClick={() => void loadMore()}>More</button></li>}
 *     </ul>
 *   );
 * }
 * ```
 */
export function useActivity(source: ActivityPlugin, filter?: ActivityFilter): ActivityState {
  const key = JSON.stringify(filter ?? {});
  const [feed, setFeed] = React.useState<ActivityFeed | null>(null);
  React.useEffect(() => {
    const f = source.feed(JSON.parse(key) as ActivityFilter);
    setFeed(f);
    return () => f.close();
  }, [source, key]);
  const state = React.useSyncExternalStore(
    feed?.subscribe ?? none,
    feed?.getSnapshot ?? idle,
    feed?.getSnapshot ?? idle,
  );
  const loadMore = React.useCallback(() => feed?.loadMore() ?? Promise.resolve(), [feed]);
  // one object per state: a parent's re-render gives the same value
  return React.useMemo(() => ({ ...state, loadMore }), [state, loadMore]);
}

/**
 * The user's notifications (MODEL W4), or what `select` picks of them (the component
 * re-renders only when the selected value changes: `(s) => s.unread` for a bell).
 * Mark read with `source.notifications.markRead(id)` / `markAllRead()`.
 *
 * @example
 * ```tsx
 * function Bell() {
 *   const unread = useNotifications(act, (s) => s.unread);
 *   return (
 *     <button aria-label={`Notifications, ${unread} unread`} onClick={() => void act.notifications.markAllRead()}>
 *       🔔 {unread > 0 && <span>{unread}</span>}
 *     </button>
 *   );
 * }
 * ```
 */
export function useNotifications<T = NotificationsState>(
  source: ActivityPlugin,
  select: (state: NotificationsState) => T = (s) => s as T,
): T {
  const n = source.notifications;
  const get = () => select(n.getSnapshot());
  return React.useSyncExternalStore(n.subscribe, get, get);
}

/**
 * What {@link useWatch} returns: whether the user watches the target (`null` while
 * unknown), and toggles. `error` is the last refusal (MODEL W2).
 *
 * @example
 * ```tsx
 * const { watching, watch, unwatch }: WatchState = useWatch(act, { type: 'engagement', id: 'e1' });
 * ```
 */
export interface WatchState {
  readonly watching: boolean | null;
  readonly error: Error | null;
  watch(actions?: readonly string[]): Promise<void>;
  unwatch(): Promise<void>;
}

/**
 * Watching one target (MODEL W2): one resource, a type (in environments) or `mine`.
 *
 * @example
 * ```tsx
 * function WatchButton({ id }: { id: string }) {
 *   const { watching, watch, unwatch } = useWatch(act, { type: 'engagement', id });
 *   return (
 *     <button aria-pressed={watching ?? false} disabled={watching === null} onClick={() => void (watching ? unwatch() : watch())}>
 *       {watching ? 'Unwatch' : 'Watch'}
 *     </button>
 *   );
 * }
 * ```
 */
export function useWatch(source: ActivityPlugin, target: WatchTarget): WatchState {
  const key = JSON.stringify(target);
  const [state, setState] = React.useState<{ watching: boolean | null; error: Error | null }>({
    watching: null,
    error: null,
  });
  // a signed-in user's watches; a user switch clears the notifications' state: reload
  const status = useNotifications(source, (s) => s.status === 'idle');
  React.useEffect(() => {
    let live = true;
    setState({ watching: null, error: null });
    if (!status)
      source.watches().then(
        (ws) =>
          live &&
          setState({ watching: ws.some((w) => JSON.stringify(w.target) === key), error: null }),
        (error: Error) => live && setState({ watching: null, error }),
      );
    return () => {
      live = false;
    };
  }, [source, key, status]);
  const change = React.useCallback(
    (on: boolean, actions?: readonly string[]) =>
      (on
        ? source.watch(JSON.parse(key) as WatchTarget, actions)
        : source.unwatch(JSON.parse(key) as WatchTarget)
      ).then(
        () => setState({ watching: on, error: null }),
        (error: Error) => setState((s) => ({ ...s, error })),
      ),
    [source, key],
  );
  const watch = React.useCallback((actions?: readonly string[]) => change(true, actions), [change]);
  const unwatch = React.useCallback(() => change(false), [change]);
  return React.useMemo(() => ({ ...state, watch, unwatch }), [state, watch, unwatch]);
}
