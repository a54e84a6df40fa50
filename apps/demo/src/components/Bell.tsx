/**
 * The header's notification bell (MODEL W4, `useNotifications`): the unread count on a button
 * that opens a panel of the user's notifications of every product they belong to (W5, each
 * naming its product when not this one), newest first; mark one or all read; a live
 * region announces new ones. Escape or a click outside closes it, focus returns to the bell.
 */
import { useNotifications } from '@grantkit/react';
import type { ActivityPlugin, NotificationItem } from '@grantkit/sdk/activity';
import { useEffect, useId, useRef, useState } from 'react';
import { navigate } from '../router';
import { DEMO_TENANT } from '../seed';
import { productName } from '../seed/products';
import { ago, sentenceOf, useAct } from './BellActivity';
import { Icon } from './Icon';
import { useSession } from './session';

/** The bell, or nothing while viewing as someone. */
export function Bell() {
  const act = useAct();
  return act ? <BellButton act={act} /> : null;
}

function BellButton({ act }: { act: ActivityPlugin }) {
  const { items, unread, status, more } = useNotifications(act);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // titles: read when there is something to name, and again when the panel opens
  const titles = useTitles(open || items.length > 0, open);
  const announce = useAnnouncement(items, titles, status === 'ready');

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!panel.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    // Escape closes it wherever focus is (a control just disabled leaves it on the body)
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    panel.current?.querySelector<HTMLElement>('h2')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const badge = unread > 99 ? '99+' : String(unread);
  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="action-btn bell-btn"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Notifications, ${unread} unread`}
        data-testid="bell"
        data-unread={unread}
        data-status={status}
        onClick={() => setOpen(!open)}
      >
        <Icon name="bell" />
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {badge}
          </span>
        )}
      </button>
      <p className="sr-only" role="status" aria-live="polite" data-testid="bell-live">
        {announce}
      </p>
      {open && (
        <div
          ref={panel}
          id={panelId}
          className="bell-panel"
          role="dialog"
          aria-label="Notifications"
        >
          <div className="bell-head">
            <h2 tabIndex={-1}>Notifications</h2>
            <button
              type="button"
              className="link"
              disabled={unread === 0}
              onClick={() => void act.notifications.markAllRead()}
            >
              Mark all read
            </button>
          </div>
          {status === 'loading' && items.length === 0 && <p className="muted">Loading…</p>}
          {status === 'error' && (
            <p className="refused">
              Notifications could not be loaded.{' '}
              <button
                type="button"
                className="link"
                onClick={() => void act.notifications.refresh()}
              >
                Try again
              </button>
            </p>
          )}
          {status === 'ready' && items.length === 0 && (
            <p className="muted">
              Nothing yet. Watch an engagement or a dashboard to be told when someone changes it.
            </p>
          )}
          {items.length > 0 && (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} data-unread={n.readAt === null} data-note={n.id}>
                  <span className="bell-text">
                    {n.readAt === null && <span className="sr-only">Unread: </span>}
                    {sentenceOf(n.event, titles)}
                    <span className="muted">
                      {' · '}
                      {n.tenant !== DEMO_TENANT && `${productName(n.tenant)} · `}
                      {ago(n.event.at)}
                    </span>
                  </span>
                  {n.readAt === null && (
                    <button
                      type="button"
                      className="link"
                      aria-label={`Mark read: ${noteText(n, titles)}`}
                      onClick={() => void act.notifications.markRead(n.id)}
                    >
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div className="bell-foot">
            {more && (
              <button
                type="button"
                className="link"
                onClick={() => void act.notifications.loadMore()}
              >
                Older notifications
              </button>
            )}
            <button
              type="button"
              className="link"
              onClick={() => {
                close();
                navigate('/activity');
              }}
            >
              All activity
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** A notification in words, naming its product when it is not this one (MODEL W5). */
const noteText = (n: NotificationItem, titles: ReadonlyMap<string, string>) =>
  `${sentenceOf(n.event, titles)}${n.tenant === DEMO_TENANT ? '' : ` in ${productName(n.tenant)}`}`;

/**
 * Titles of the engagements and dashboards the user may see, by `<type>:<id>`: read once
 * when `enabled`, and again when `refresh` changes (not on every change of the grants).
 */
export function useTitles(enabled = true, refresh: unknown = 0): ReadonlyMap<string, string> {
  const { api } = useSession();
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` asks again
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    Promise.all([api.resources('engagement'), api.resources('asset')]).then(
      (lists) => {
        const m = new Map<string, string>();
        for (const r of lists.flat()) {
          const f = r.fields as { title?: unknown } | undefined;
          if (typeof f?.title === 'string') m.set(`${r.type}:${r.id}`, f.title);
        }
        if (live) setTitles(m);
      },
      () => {}, // without titles the sentences name the kind ("an engagement")
    );
    return () => {
      live = false;
    };
  }, [api, enabled, refresh]);
  return titles;
}

/** The sentence of the newest notification that arrived after the first load (live region). */
function useAnnouncement(
  items: readonly NotificationItem[],
  titles: ReadonlyMap<string, string>,
  ready: boolean,
): string {
  const seen = useRef<Set<string> | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    if (seen.current === null) {
      // what the first page lists is not new
      if (ready) seen.current = new Set(items.map((n) => n.id));
      return;
    }
    const fresh = items.filter((n) => !seen.current!.has(n.id) && n.readAt === null);
    for (const n of items) seen.current.add(n.id);
    if (fresh[0]) setText(`New notification: ${noteText(fresh[0], titles)}`);
  }, [items, titles, ready]);
  return text;
}
