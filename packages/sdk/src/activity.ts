/**
 * `@grantkit/sdk/activity` (opt-in): the signed-in user's activity feed and notifications
 * (MODEL W1–W4) on the client's push stream, and their watches. Fail closed like the
 * grants: an item not of the signed-in user's tenant, or of a session that ended, is
 * dropped; everything is forgotten on sign-out and on a user switch.
 */
import { type NoteStream, openNoteStream } from './activity-stream.ts';
import type {
  ActivityFilter,
  ActivityItem,
  ActivityOptions,
  ActivityPlugin,
  ListState,
  NotificationItem,
  NotificationsState,
} from './activity-types.ts';
import { GrantkitClientError } from './errors.ts';
import type { PluginContext } from './plugin.ts';

export type {
  ActivityFeed,
  ActivityFilter,
  ActivityItem,
  ActivityOptions,
  ActivityPlugin,
  ListState,
  NotificationItem,
  Notifications,
  NotificationsState,
  Source,
  WatchTarget,
} from './activity-types.ts';

const idle = { items: [], more: false, status: 'idle', error: null, unread: 0 } as const;

/**
 * The item, or `null` when refused: another tenant, no id or an id that is not
 * `<tenant>:<seq>`, a malformed one (fail closed).
 */
const asItem = (x: unknown, tenant: string): ActivityItem | null => {
  const i = x as ActivityItem;
  return i &&
    i.tenant === tenant &&
    Number.isSafeInteger(i.seq) &&
    i.id === `${tenant}:${i.seq}` &&
    Number.isFinite(i.at) &&
    typeof i.actor === 'string' &&
    typeof i.action === 'string' &&
    typeof i.resource?.type === 'string' &&
    typeof i.resource.id === 'string'
    ? i
    : null;
};

/**
 * The notification, or `null` when refused: not for the signed-in `user`, of a tenant not in
 * `tenants`, an id not `<tenant>:<n>`, an event refused by {@link asItem} (fail closed).
 */
const asNote = (
  x: unknown,
  tenants: ReadonlySet<string>,
  user: string,
): NotificationItem | null => {
  const n = x as NotificationItem & { user?: unknown };
  const tenant = n?.tenant;
  if (typeof tenant !== 'string' || !tenants.has(tenant) || n.user !== user) return null;
  const event = asItem(n.event, tenant);
  if (!event) return null;
  const num =
    typeof n.id === 'string' && n.id.startsWith(`${tenant}:`) ? n.id.slice(tenant.length + 1) : '';
  if (!/^\d+$/.test(num)) return null;
  return { id: n.id, tenant, user, event, readAt: typeof n.readAt === 'number' ? n.readAt : null };
};

/** A notification's number (ids are `<tenant>:<n>`, n rising). */
const noteSeq = (n: NotificationItem) => +n.id.slice(n.id.lastIndexOf(':') + 1);
const itemSeq = (i: ActivityItem) => i.seq;
/** Across tenants the numbers do not compare: newest first by time, then number. */
const noteAt = (n: NotificationItem) => n.event.at;

/** Newest first (by `seq`, then `then`), each id once: `add` merged into `list`. */
const merge = <T extends { id: string }>(
  list: readonly T[],
  add: readonly T[],
  seq: (t: T) => number,
  then: (t: T) => number = seq,
): T[] => {
  const seen = new Set<string>();
  return [...add, ...list]
    .filter((t) => !seen.has(t.id) && seen.add(t.id))
    .sort((a, b) => seq(b) - seq(a) || then(b) - then(a));
};

const matches = (i: ActivityItem, f: ActivityFilter) =>
  (!f.type || i.resource.type === f.type) &&
  (!f.action || i.action === f.action) &&
  (!f.actor || i.actor === f.actor) &&
  (!f.resource || (i.resource.type === f.resource.type && i.resource.id === f.resource.id)) &&
  (!f.since || i.at >= f.since) &&
  // the stream's items do not say their environment: a feed of one waits for its next page
  !f.environment;

/** A small store: a state, listeners, set. */
function cell<S>(initial: S) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: S) {
      state = next;
      for (const l of [...listeners]) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/**
 * Creates the activity plugin of a client: its feeds and notifications follow the
 * signed-in user and the push stream (the client must lead its tabs' stream: a follower
 * tab of `crossTab()` loads pages but hears nothing live).
 *
 * @example
 * ```ts
 * import { createGrantkitClient } from '@grantkit/sdk';
 * import { activity } from '@grantkit/sdk/activity';
 *
 * const act = activity();
 * const client = createGrantkitClient({ baseUrl, tenant: 'px1', userId: 'lee', getToken, plugins: [act] });
 * act.notifications.subscribe(() => console.log(act.notifications.getSnapshot().unread));
 * await act.watch({ type: 'engagement', env: ['production'] });
 * ```
 */
export function activity(options: ActivityOptions = {}): ActivityPlugin {
  const all = options.notifications?.scope === 'all';
  const scope = all ? '&scope=all' : '';
  /** The current session's context; `null` while signed out. */
  let ctx: PluginContext | null = null;
  /** The tenants whose notifications are shown: the signed-in one, and those the stream named. */
  let tenants: ReadonlySet<string> = new Set();
  let noteStream: NoteStream | null = null;
  const order = all ? noteAt : noteSeq;
  /** Each open feed hears a stream item, `null` (signed out) or `true` (a user signed in). */
  const feeds = new Set<(i: ActivityItem | null | true) => void>();
  const notes = cell<NotificationsState>(idle);
  let notesCursor: string | null = null;

  /** A request of the current session; rejects when the session ends meanwhile. */
  const call = async (path: string, init?: RequestInit): Promise<[unknown, PluginContext]> => {
    const c = ctx;
    if (!c || c.base === undefined) throw new GrantkitClientError('auth', 'signed out');
    const url = c.base + path;
    // a server that never answers, or a getToken that never settles, ends at the client's
    // requestTimeout: `network` naming the URL, or `auth` naming getToken (never loading forever)
    const signal = AbortSignal.timeout(c.requestTimeout);
    const headers = { ...(await c.headers(signal)), 'content-type': 'application/json' };
    // finding T3: a body that is not JSON, or not an object (a page, a list), is no answer of
    // the grants server: a typed error naming the URL, never a SyntaxError or TypeError.
    // Finding T8: a request that fails (not reached, cut mid-answer) is a `network` one.
    const fail = (e: unknown): never => {
      throw new GrantkitClientError('network', `${url}: ${String(e)}`, { cause: e });
    };
    const res = await c.fetch(url, { ...init, headers, signal }).catch(fail);
    const { status } = res;
    const text = res.ok ? await res.text().catch(fail) : '';
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {}
    if (ctx !== c) throw new GrantkitClientError('auth', 'the session ended');
    if (!res.ok || typeof body !== 'object' || !body)
      throw new GrantkitClientError(
        'http',
        `${url} answered ${status} (${res.headers.get('content-type') ?? 'no content type'})`,
        { status },
      );
    return [body, c];
  };
  const list = <T, W>(
    body: unknown,
    c: PluginContext,
    check: (x: unknown, within: W, user: string) => T | null,
    within: W,
    sent: string | null,
  ) => {
    const b = body as { items?: unknown; next?: unknown; unread?: unknown };
    const raw: unknown[] = Array.isArray(b?.items) ? b.items : [];
    const items = raw.flatMap((x) => {
      const v = check(x, within, c.identity.userId);
      return v ? [v] : [];
    });
    return {
      items,
      // finding N2: a `next` equal to the cursor sent would page in a loop: the end
      next: typeof b?.next === 'string' && b.next !== sent ? b.next : null,
      dropped: items.length < raw.length,
    };
  };

  const loadNotes = async (more: boolean) => {
    const s = notes.get();
    const sent = more ? notesCursor : null;
    const session = ctx;
    if (more && !sent) return;
    notes.set({ ...s, status: 'loading' });
    try {
      const cursor = more ? `&cursor=${encodeURIComponent(sent!)}` : '';
      const [body, c] = await call(`/notifications?limit=50${cursor}${scope}`);
      const { items, next, dropped } = list(body, c, asNote, tenants, sent);
      const unread = (body as { unread?: unknown }).unread;
      notesCursor = next;
      // the first page keeps what the stream brought meanwhile (newer than the page)
      const key = all ? noteAt : (n: NotificationItem) => n.event.seq;
      const top = Math.max(-1, ...items.map(key));
      const ids = new Set(items.map((n) => n.id));
      const prev = notes.get().items.filter((n) => more || (key(n) > top && !ids.has(n.id)));
      notes.set({
        items: merge(prev, items, order, noteSeq),
        more: next !== null,
        status: 'ready',
        error: null,
        unread:
          // the server's count covers what was dropped (fail closed): then only what is shown
          // finding N1: a count that is negative or not a number is not shown
          (Number.isSafeInteger(unread) && (unread as number) >= 0 && !dropped
            ? (unread as number)
            : items.filter((n) => !n.readAt).length) +
          (more ? 0 : prev.filter((n) => !n.readAt).length),
      });
    } catch (e) {
      // finding N3: the failure of an ended session's page is not the current session's
      if (ctx && ctx === session)
        notes.set({ ...notes.get(), status: 'error', error: e as GrantkitClientError });
    }
  };

  const mark = async (body: object, id?: string) => {
    // one id names its tenant (the server marks it there); "all" covers the listed tenants
    const q = id === undefined && all ? '?scope=all' : '';
    await call(`/notifications/read${q}`, { method: 'POST', body: JSON.stringify(body) });
    const s = notes.get();
    const at = ctx!.now();
    let marked = 0;
    const items = s.items.map((n) => {
      if (n.readAt !== null || (id !== undefined && n.id !== id)) return n;
      marked++;
      return { ...n, readAt: at };
    });
    notes.set({ ...s, items, unread: id === undefined ? 0 : Math.max(0, s.unread - marked) });
  };

  const op = (name: string, args: object) =>
    call(`/ops/${name}`, { method: 'POST', body: JSON.stringify(args) }).then(() => {});

  return {
    name: 'activity',
    start(c) {
      ctx = c;
      notesCursor = null;
      tenants = new Set([c.identity.tenant]);
      noteStream?.close();
      noteStream = null;
      /** A notification of the stream(s), fail closed: only the signed-in user's, of `tenants`. */
      const hear = (data: unknown) => {
        const n = ctx === c && asNote(data, tenants, c.identity.userId);
        const s = notes.get();
        if (!n || s.items.some((p) => p.id === n.id)) return;
        notes.set({
          ...s,
          items: merge(s.items, [n], order, noteSeq),
          unread: s.unread + (n.readAt ? 0 : 1),
        });
      };
      if (all && c.base !== undefined)
        // the list waits for the stream's `ready` (its tenants): nothing given meanwhile is missed
        noteStream = openNoteStream(c, {
          ready(named) {
            if (ctx !== c) return;
            tenants = new Set([c.identity.tenant, ...named]);
            void loadNotes(false);
          },
          note: hear,
          down() {
            // no stream (yet): the list of the signed-in tenant meanwhile
            if (ctx === c && notes.get().status === 'idle') void loadNotes(false);
          },
        });
      else void loadNotes(false);
      for (const f of feeds) f(true);
      return {
        event(type, data) {
          if (ctx !== c) return;
          const item = type === 'activity' && asItem(data, c.identity.tenant);
          if (item) for (const f of feeds) f(item);
          if (type === 'notification') hear(data);
        },
        stop() {
          // a stale client's stop (React StrictMode mounts twice) must not end the current one
          if (ctx !== c) return;
          ctx = null;
          noteStream?.close();
          noteStream = null;
          tenants = new Set();
          notesCursor = null;
          notes.set(idle);
          for (const f of feeds) f(null as never); // forget: every feed empties
        },
      };
    },
    notifications: {
      subscribe: notes.subscribe,
      getSnapshot: notes.get,
      loadMore: () => loadNotes(true),
      refresh: () => loadNotes(false),
      markRead: (id) => mark({ id }, id),
      markAllRead: () => mark({ all: true }),
    },
    feed(filter = {}) {
      const state = cell<ListState<ActivityItem>>(idle);
      let cursor: string | null = null;
      let session: PluginContext | null = null;
      const q = new URLSearchParams();
      for (const k of ['type', 'action', 'actor', 'environment'] as const)
        if (filter[k]) q.set(k, filter[k]!);
      if (filter.resource) q.set('resource', `${filter.resource.type}:${filter.resource.id}`);
      if (filter.since !== undefined) q.set('since', `${filter.since}`);
      const load = async (more: boolean) => {
        if (more && !cursor) return;
        if (!ctx) return state.set(idle);
        const started = ctx;
        session = started;
        const sent = more ? cursor : null;
        state.set({ ...state.get(), status: 'loading' });
        try {
          const p = new URLSearchParams(q);
          if (sent) p.set('cursor', sent);
          const [body, c] = await call(`/activity?${p}`);
          const { items, next } = list(body, c, asItem, c.identity.tenant, sent);
          cursor = next;
          const top = Math.max(-1, ...items.map((i) => i.seq));
          const prev = state.get().items.filter((i) => more || i.seq > top);
          state.set({
            items: merge(prev, items, itemSeq),
            more: next !== null,
            status: 'ready',
            error: null,
          });
        } catch (e) {
          if (ctx && ctx === started)
            state.set({ ...state.get(), status: 'error', error: e as GrantkitClientError });
        }
      };
      const hear = (i: ActivityItem | null | true) => {
        if (i === true) return void load(false);
        if (i === null) {
          cursor = session = null;
          return state.set(idle);
        }
        const s = state.get();
        if (ctx !== session || !matches(i, filter) || s.items.some((p) => p.id === i.id)) return;
        state.set({ ...s, items: merge(s.items, [i], itemSeq) });
      };
      feeds.add(hear);
      void load(false);
      return {
        subscribe: state.subscribe,
        getSnapshot: state.get,
        loadMore: () => load(true),
        close: () => void feeds.delete(hear),
      };
    },
    watch: (target, actions) => op('watch', actions ? { target, actions } : { target }),
    unwatch: (target) => op('unwatch', { target }),
    watches: () => call('/watches').then(([b]) => (Array.isArray(b) ? b : [])),
  };
}
