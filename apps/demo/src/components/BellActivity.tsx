/**
 * The session's activity handle (`activity()` of `@grantkit/sdk/activity`, MODEL W1–W5; its
 * notifications across every product of the person's token, live): one
 * plugin per signed-in session, put in the client's plugins by `clientOptionsFor`, and read
 * by the bell, the watch buttons and the activity screens. None while viewing as someone
 * (the server gives a preview nobody's activity).
 */
import { useActivity, useNotifications, useWatch } from '@grantkit/react';
import {
  type ActivityFilter,
  type ActivityItem,
  type ActivityPlugin,
  activity,
} from '@grantkit/sdk/activity';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { userName } from '../names';
import type { Session } from '../session';
import { Icon } from './Icon';
import { useSession } from './session';

let current: { key: string; act: ActivityPlugin } | null = null;

/** The activity plugin of `session` (the same one for the same session); none while viewing as. */
export function activityFor(session: Session): ActivityPlugin | null {
  if (session.viewAs !== undefined) return null;
  const key = `${session.userId} ${session.token}`;
  // the bell lists every product the person belongs to, live (MODEL W5)
  if (current?.key !== key) current = { key, act: activity({ notifications: { scope: 'all' } }) };
  return current.act;
}

/** The signed-in session's activity plugin, or `null` while viewing as someone. */
export function useAct(): ActivityPlugin | null {
  return activityFor(useSession().session);
}

/** What an action did, in words: `pause` → "paused". */
const VERBS: Record<string, string> = {
  launch: 'launched',
  pause: 'paused',
  edit: 'edited',
  share: 'shared',
  revoke: 'revoked access to',
  setSharing: 'changed the sharing of',
  move: 'moved',
  deleteAsset: 'deleted',
  createAsset: 'created',
  transition: 'changed',
  setUser: 'updated',
  grantOn: 'granted access on',
  revokeOn: 'removed access on',
};
export const verbOf = (action: string): string => VERBS[action] ?? `did “${action}” on`;

/** The kind of a resource type, in words. */
const KINDS: Record<string, string> = {
  engagement: 'engagement',
  dashboard: 'dashboard',
  folder: 'folder',
  user: 'user',
  bundle: 'bundle',
  group: 'group',
  survey: 'survey',
  channel: 'channel',
  settings: 'setting',
};
export const kindOf = (type: string): string => KINDS[type] ?? type;

/**
 * One line for an activity item: "Lou Launcher paused the engagement “NPS survey Q3”".
 * `titles` maps `<type>:<id>` to a title the screen knows.
 */
export function sentenceOf(i: ActivityItem, titles: ReadonlyMap<string, string>): string {
  const title =
    titles.get(`${i.resource.type}:${i.resource.id}`) ??
    (i.resource.type === 'user' ? userName(i.resource.id) : undefined);
  const kind = kindOf(i.resource.type);
  const what = title ? `the ${kind} “${title}”` : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  return `${userName(i.actor)} ${verbOf(i.action)} ${what}`;
}

/** "3 min ago", "yesterday", or the date. */
export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/**
 * Watch / stop watching one resource (MODEL W2, `useWatch`): a toggle button naming what it
 * watches; nothing while viewing as someone.
 */
export function WatchButton(props: WatchProps & { act: ActivityPlugin }) {
  // dense lists (dashboards) share one list of watches; a few rows ask per row (useWatch)
  return props.compact ? <SharedWatch {...props} /> : <SingleWatch {...props} />;
}

interface WatchProps {
  type: string;
  id: string;
  title: string;
  /** An icon button (a star) for dense rows, sharing one list of watches. */
  compact?: boolean | undefined;
}

function SingleWatch({ act, type, id, ...rest }: WatchProps & { act: ActivityPlugin }) {
  return <WatchToggle {...rest} state={useWatch(act, { type, id })} />;
}

function SharedWatch({ act, type, id, ...rest }: WatchProps & { act: ActivityPlugin }) {
  return <WatchToggle {...rest} state={useSharedWatch(act, { type, id })} />;
}

function WatchToggle({
  title,
  compact,
  state: { watching, error, watch, unwatch },
}: {
  title: string;
  compact?: boolean | undefined;
  state: {
    watching: boolean | null;
    error: Error | null;
    watch(): Promise<void>;
    unwatch(): Promise<void>;
  };
}) {
  return (
    <button
      type="button"
      className={compact ? 'icon-btn watch-btn' : 'action-btn watch-btn'}
      aria-pressed={watching ?? false}
      aria-label={`${watching ? 'Stop watching' : 'Watch'} ${title}`}
      aria-disabled={watching === null}
      title={
        error
          ? error.message
          : watching
            ? 'You are told when it is launched, paused, edited, shared or moved'
            : 'Get a notification when someone changes it'
      }
      data-watching={watching === null ? 'unknown' : String(watching)}
      data-label={compact ? (watching ? 'Stop watching' : 'Watch') : undefined}
      data-state={compact && watching !== null ? 'allowed' : undefined}
      onClick={() => {
        if (watching === null) return;
        void (watching ? unwatch() : watch());
      }}
    >
      <Icon name="star" filled={watching === true} />
      {!compact && (watching ? ' Watching' : ' Watch')}
    </button>
  );
}

interface WatchList {
  keys: Set<string> | null;
  error: Error | null;
  readonly listeners: Set<() => void>;
}
const lists = new WeakMap<ActivityPlugin, WatchList>();

/** One `GET /watches` for every compact watch button of a session (its plugin). */
function listOf(act: ActivityPlugin): WatchList {
  let list = lists.get(act);
  if (list !== undefined) return list;
  const made: WatchList = { keys: null, error: null, listeners: new Set() };
  const emit = () => {
    for (const l of [...made.listeners]) l();
  };
  act.watches().then(
    (ws) => {
      made.keys = new Set(ws.map((w) => JSON.stringify(w.target)));
      emit();
    },
    (error: Error) => {
      // try again shortly (the next render asks anew): a button is never stuck greyed
      made.error = error;
      setTimeout(() => {
        if (lists.get(act) === made) lists.delete(act);
        emit();
      }, 1000);
      emit();
    },
  );
  lists.set(act, made);
  list = made;
  return list;
}

/** `useWatch`'s answer for one resource, from the session's one list of watches. */
function useSharedWatch(
  act: ActivityPlugin,
  target: { type: string; id: string },
): {
  watching: boolean | null;
  error: Error | null;
  watch(): Promise<void>;
  unwatch(): Promise<void>;
} {
  const key = JSON.stringify(target);
  // ask once the session has started (its notifications are loading or loaded)
  const idle = useNotifications(act, (s) => s.status === 'idle');
  const list: WatchList | null = idle ? null : listOf(act);
  const watching = useSyncExternalStore(
    (l) => {
      list?.listeners.add(l);
      return () => list?.listeners.delete(l);
    },
    () => (list?.keys ? list.keys.has(key) : null),
  );
  const change = async (on: boolean) => {
    if (list === null) return;
    try {
      await (on ? act.watch(target) : act.unwatch(target));
      if (on) list.keys?.add(key);
      else list.keys?.delete(key);
      list.error = null;
    } catch (error) {
      list.error = error as Error;
    }
    for (const l of [...list.listeners]) l();
  };
  return {
    watching,
    error: list?.error ?? null,
    watch: () => change(true),
    unwatch: () => change(false),
  };
}

/** {@link WatchButton} with the session's handle (nothing while viewing as). */
export function Watch(props: WatchProps) {
  const act = useAct();
  return act ? <WatchButton act={act} {...props} /> : null;
}

/**
 * Hears the session's live activity of `filter` (`useActivity`) and hands its items to
 * `onItems` whenever they change; renders nothing (nothing while viewing as someone).
 */
export function OnActivity({
  filter,
  onItems,
}: {
  filter?: ActivityFilter;
  onItems(items: readonly ActivityItem[]): void;
}) {
  const act = useAct();
  return act ? <Hear act={act} filter={filter} onItems={onItems} /> : null;
}

function Hear({
  act,
  filter,
  onItems,
}: {
  act: ActivityPlugin;
  filter: ActivityFilter | undefined;
  onItems(items: readonly ActivityItem[]): void;
}) {
  const { items } = useActivity(act, filter);
  const handler = useRef(onItems);
  handler.current = onItems;
  useEffect(() => {
    handler.current(items);
  }, [items]);
  return null;
}
