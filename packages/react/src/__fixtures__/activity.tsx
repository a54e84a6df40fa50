/**
 * The activity stories' world: a real SDK client with the real `activity()` plugin, whose
 * `fetch` is an in-memory grants server answering `GET /activity`, `GET /notifications`,
 * `POST /notifications/read` and `GET /watches` with items shaped as
 * packages/server/src/http/activity.ts sends them. The clock is fixed ({@link NOW}), so the
 * relative times ("2 min ago") never move. Not part of the package's public surface.
 */
import { createGrantkitClient } from '@grantkit/sdk';
import { type ActivityItem, type ActivityPlugin, activity } from '@grantkit/sdk/activity';
import { type ReactNode, useId, useState } from 'react';
import { useActivity, useNotifications } from '../useActivity.ts';
import { world } from './storybook.tsx';
import { TENANT } from './world.ts';

/** The stories' "now": 2026-11-26 15:00 UTC. */
export const NOW = Date.UTC(2026, 10, 26, 15, 0, 0);
const MIN = 60_000;

/** Who acts in the feed, by id. */
export const NAMES: Record<string, string> = {
  ann: 'Ann Archer',
  bob: 'Bob Baker',
  cai: 'Cai Carter',
  dee: 'Dee Dalton',
  eve: 'Eve Ellis',
  lou: 'Lou Launcher',
};
/** What the resources are called, and the environment of an engagement. */
const RESOURCES: Record<string, { title: string; env?: string }> = {
  'engagement:welcome': { title: 'Welcome tour', env: 'production' },
  'engagement:nps': { title: 'NPS survey', env: 'staging' },
  'dashboard:q3': { title: 'Q3 Revenue' },
  'dashboard:exec': { title: 'Exec Summary' },
  'dashboard:churn': { title: 'Churn Watch' },
  'folder:finance': { title: 'Finance' },
};
const VERBS: Record<string, string> = {
  pause: 'paused',
  resume: 'resumed',
  launch: 'launched',
  edit: 'edited',
  share: 'shared',
  move: 'moved',
  create: 'created',
};

/** The feed, newest first, as the server stores it (seq, revision, at, actor, action). */
const EVENTS: [number, number, string, string, string, string][] = [
  // seq, minutes ago, actor, action, type, id
  [18, 2, 'lou', 'pause', 'engagement', 'welcome'],
  [17, 9, 'ann', 'edit', 'dashboard', 'q3'],
  [16, 26, 'eve', 'share', 'dashboard', 'exec'],
  [15, 64, 'lou', 'launch', 'engagement', 'nps'],
  [14, 180, 'cai', 'move', 'dashboard', 'churn'],
  [13, 1500, 'ann', 'create', 'folder', 'finance'],
];

/** One feed item exactly as `GET /activity` lists it (`<tenant>:<seq>` ids). */
function itemOf([seq, ago, actor, action, type, id]: (typeof EVENTS)[number]): ActivityItem {
  return {
    id: `${TENANT}:${seq}`,
    tenant: TENANT,
    seq,
    revision: seq + 100,
    at: NOW - ago * MIN,
    actor,
    action,
    resource: { type, id },
  };
}

/** What the activity stories show: whose, how many unread, and the server's state. */
export interface ActivityScenario {
  readonly user: string;
  /** How many of the notifications (newest first) are unread. */
  readonly unread: number;
  /** `loading`: the server never answers; `error`: it answers 503. */
  readonly status: 'ready' | 'loading' | 'error';
}

const json = (value: unknown) =>
  new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });

/** The in-memory grants server of one scenario (its read marks live as long as it does). */
function storyFetch({ user, unread, status }: ActivityScenario): typeof fetch {
  const notes = EVENTS.map((e, i) => ({ n: 40 - i, event: itemOf(e), read: i >= unread }));
  return async (input, init) => {
    const url = new URL(String(input));
    if (status === 'loading') return new Promise<Response>(() => {});
    if (status === 'error') return new Response('unavailable', { status: 503 });
    const method = init?.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/activity') {
      const q = url.searchParams;
      const items = EVENTS.map(itemOf).filter(
        (i) =>
          (!q.get('type') || i.resource.type === q.get('type')) &&
          (!q.get('action') || i.action === q.get('action')) &&
          (!q.get('actor') || i.actor === q.get('actor')),
      );
      return json({ items, next: null });
    }
    if (method === 'GET' && url.pathname === '/notifications')
      return json({
        items: notes.map((x) => ({
          id: `${TENANT}:${x.n}`,
          tenant: TENANT,
          user,
          event: x.event,
          readAt: x.read ? NOW - MIN : null,
        })),
        next: null,
        unread: notes.filter((x) => !x.read).length,
      });
    if (method === 'POST' && url.pathname === '/notifications/read') {
      const body = JSON.parse(String(init?.body)) as { id?: string; all?: boolean };
      let marked = 0;
      for (const x of notes)
        if (!x.read && (body.all || body.id === `${TENANT}:${x.n}`)) {
          x.read = true;
          marked++;
        }
      return json({ marked });
    }
    if (method === 'GET' && url.pathname === '/watches')
      return json([{ target: 'mine', actions: ['edit', 'share', 'move', 'delete'] }]);
    return new Response('not found', { status: 404 });
  };
}

const plugins = new Map<string, ActivityPlugin>();

/**
 * The `activity()` plugin of a real SDK client of `scenario` (one per story and scenario),
 * its grants from the story world, its activity from the in-memory server. `fresh`: a new
 * one (a story that marks read starts over on every mount).
 */
export function activityFor(
  story: string,
  scenario: ActivityScenario,
  fresh = false,
): ActivityPlugin {
  const key = `${story}:${JSON.stringify(scenario)}`;
  let act = fresh ? undefined : plugins.get(key);
  if (!act) {
    act = activity();
    createGrantkitClient({
      tenant: TENANT,
      userId: scenario.user,
      baseUrl: 'https://grants.story.invalid',
      push: false,
      fetch: storyFetch(scenario),
      // `loading` stays loading while a story is looked at (a request is given up only after
      // requestTimeout: here the longest a timer keeps, about 24.8 days)
      ...(scenario.status === 'loading' ? { requestTimeout: 2 ** 31 - 1 } : {}),
      now: () => NOW,
      initialSnapshot: world.snapshot(scenario.user),
      fetchSnapshot: async () => world.snapshot(scenario.user),
      plugins: [act],
    });
    if (!fresh) plugins.set(key, act);
  }
  return act;
}

/** "2 min ago", from the fixed clock. */
export function ago(at: number): string {
  const m = Math.round((NOW - at) / MIN);
  if (m < 60) return `${m} min ago`;
  if (m < 1440) return `${Math.round(m / 60)} h ago`;
  return `${Math.round(m / 1440)} d ago`;
}

/** "Lou Launcher paused Welcome tour (production)". */
export function describe(i: ActivityItem): string {
  const r = RESOURCES[`${i.resource.type}:${i.resource.id}`];
  const what = r
    ? `${r.title}${r.env ? ` (${r.env})` : ''}`
    : `${i.resource.type} ${i.resource.id}`;
  return `${NAMES[i.actor] ?? i.actor} ${VERBS[i.action] ?? i.action} ${what}`;
}

const BELL = 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2zm4 4h4';

/** A bell with the unread count that opens the notifications panel (`useNotifications`). */
export function NotificationBell({
  act,
  defaultOpen = false,
}: {
  act: ActivityPlugin;
  defaultOpen?: boolean;
}): ReactNode {
  const { items, unread, status } = useNotifications(act);
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  return (
    <div style={{ position: 'relative', display: 'inline-block' }}>
      <button
        type="button"
        className="icon-btn"
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(!open)}
        style={{ padding: '0.4rem' }}
      >
        <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d={BELL} fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>
        {unread > 0 && (
          <span
            aria-hidden="true"
            style={{
              position: 'absolute',
              top: -6,
              right: -8,
              background: '#b91c1c',
              color: '#fff',
              borderRadius: 999,
              padding: '2px 6px',
              fontSize: '0.75rem',
              lineHeight: 1.2,
            }}
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section
          id={`${id}-panel`}
          className="card"
          aria-labelledby={`${id}-title`}
          style={{ position: 'absolute', top: '2.5rem', left: 0, width: '27rem', zIndex: 5 }}
        >
          <div className="toolbar" style={{ justifyContent: 'space-between', marginTop: 0 }}>
            <h2 id={`${id}-title`} style={{ margin: 0, fontSize: '1rem' }}>
              Notifications
            </h2>
            <button
              type="button"
              className="ghost"
              disabled={unread === 0}
              onClick={() => void act.notifications.markAllRead()}
            >
              Mark all read
            </button>
          </div>
          {status === 'loading' && <p className="muted">Loading notifications…</p>}
          {status === 'error' && (
            <p className="notice refused">Notifications could not be loaded.</p>
          )}
          {status === 'ready' && items.length === 0 && <p className="muted">No notifications.</p>}
          <ul aria-label="Notifications" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((n) => (
              <li
                key={n.id}
                data-unread={n.readAt === null}
                style={{
                  display: 'flex',
                  gap: '0.5rem',
                  alignItems: 'center',
                  padding: '0.4rem 0',
                  borderTop: '1px solid var(--line)',
                  fontWeight: n.readAt === null ? 600 : 400,
                }}
              >
                <span style={{ flex: 1 }}>
                  {describe(n.event)} <span className="muted">{ago(n.event.at)}</span>
                  {n.readAt === null && <span className="sr-only"> (unread)</span>}
                </span>
                {n.readAt === null && (
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Mark read: ${describe(n.event)}`}
                    onClick={() => void act.notifications.markRead(n.id)}
                  >
                    Mark read
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The activity feed as a list (`useActivity`), newest first. */
export function ActivityList({
  act,
  action,
}: {
  act: ActivityPlugin;
  action?: string | undefined;
}): ReactNode {
  const { items, status } = useActivity(act, action ? { action } : {});
  return (
    <section className="card" aria-labelledby="activity-title" style={{ maxWidth: '34rem' }}>
      <h2 id="activity-title" style={{ margin: '0 0 0.5rem', fontSize: '1rem' }}>
        Activity
      </h2>
      {status === 'loading' && <p className="muted">Loading activity…</p>}
      {status === 'error' && <p className="notice refused">Activity could not be loaded.</p>}
      {status === 'ready' && items.length === 0 && <p className="muted">No activity.</p>}
      <ul aria-label="Activity" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((i) => (
          <li
            key={i.id}
            style={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: '1rem',
              padding: '0.4rem 0',
              borderTop: '1px solid var(--line)',
            }}
          >
            <span>{describe(i)}</span>
            <time className="muted" dateTime={new Date(i.at).toISOString()}>
              {ago(i.at)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
