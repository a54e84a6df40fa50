/**
 * Server-Sent Events per tenant (Hono's `streamSSE`): one stream per connection, grouped per user.
 * After each committed batch of ops (after their answers, off the request path) each
 * watched user's snapshot is recompiled once (however many tabs and ops) and an event
 * goes out only when it changed.
 * Streams end with their session: at the token's expiry, when re-authentication
 * fails (revoked, signed out), when the user is deactivated, or on `end()`.
 */

import { readableActivity, visibleTo } from '@grantkit/core';
import { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { feedItemOf } from '../activity/read.ts';
import type { Principal } from '../auth.ts';
import type { ActivityStore } from '../storage/activity.ts';
import type { StoredAudit } from '../storage/types.ts';
import type { TenantEngine } from './engine.ts';
import type { SnapshotCache } from './snapshots.ts';

/**
 * Why the server ended a stream (the `reason` of its last event, `event: end`):
 * `expired` (the credentials' `expiresAt` passed), `revoked` (they no longer
 * authenticate, or the host ended the session), `inactive` (the user was deactivated,
 * MODEL K7).
 */
export type StreamEndReason = 'expired' | 'revoked' | 'inactive';

/** The session a stream belongs to, and how to check it is still valid. */
export interface StreamSession {
  readonly principal: Principal;
  /** Re-runs the host's authentication for the stream's request: still the same caller? */
  readonly reauthenticate?: (() => Promise<boolean>) | undefined;
  /** How often to re-authenticate, in ms. */
  readonly reauthenticateMs: number;
}

interface Sink {
  readonly session: StreamSession | undefined;
  /** Sends a `revision` event. */
  revision(revision: number): void;
  /** Sends an `activity` or `notification` event (MODEL W1, W4). */
  event(event: 'activity' | 'notification', data: unknown): void;
  /** Sends an SSE comment (heartbeat). */
  comment(text: string): void;
  close(reason?: StreamEndReason): void;
}

/** A notification listener (a cross-tenant stream's part in this tenant, MODEL W5). */
interface NoteListener {
  readonly send: (note: unknown) => void;
  /** Ends the whole stream it belongs to (its user opened one too many, or `end()`). */
  readonly end: (reason?: StreamEndReason) => void;
  /** The sign-in session of the stream's credentials. */
  readonly sessionId: string | undefined;
  /**
   * Ends the stream's part in this tenant only (its user is no longer active here, MODEL
   * K7): the stream stops listening here and lets the tenant go.
   */
  readonly leave: (reason: StreamEndReason) => void;
}

interface Watcher {
  readonly userId: string;
  readonly viewAs: string | undefined;
  readonly sinks: Set<Sink>;
  lastBody: string;
}

const MAX_TIMER = 2 ** 31 - 1;
/**
 * Open grant streams one user may hold in a tenant, and as many notification streams: a new
 * one beyond it closes their oldest of its kind (which reconnects like any dropped stream).
 * A browser with cross-tab sharing holds one.
 */
export const MAX_STREAMS_PER_USER = 32;
/**
 * Events one stream may have waiting to be written (its client reads nothing and the
 * connection's buffers are full): one more drops the connection, which frees them (the
 * client reconnects and resumes from its last revision). Bounds the memory of a stream.
 */
export const MAX_PENDING_WRITES = 256;
/** Recompiles for pushes run in slices of about this many ms, with requests served between. */
const PUSH_SLICE_MS = 10;

export class StreamHub {
  private readonly watchers = new Map<string, Watcher>();
  /** Each user's open grant streams, oldest first (bounded by {@link MAX_STREAMS_PER_USER}). */
  private readonly byUser = new Map<string, Set<Sink>>();
  /**
   * Notification listeners by user, oldest first (MODEL W5: a cross-tenant stream of the
   * same person), bounded by {@link MAX_STREAMS_PER_USER}.
   */
  private readonly noteListeners = new Map<string, Set<NoteListener>>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Listening to the engine's changes only while someone watches (no work per op otherwise). */
  private stopListening: (() => void) | undefined;
  private pushing = false;
  private pushAgain = false;
  /** The last revision whose activity and notifications went out. */
  private activitySent: number;

  constructor(
    private readonly engine: TenantEngine,
    private readonly snapshots: SnapshotCache,
    private readonly heartbeatMs: number,
    private readonly activity?: ActivityStore,
  ) {
    this.activitySent = engine.revision;
  }

  /** Number of open connections (for tests and health). */
  get connections(): number {
    let n = 0;
    for (const l of this.noteListeners.values()) n += l.size;
    for (const w of this.watchers.values()) n += w.sinks.size;
    return n;
  }

  /** Is the user active in the tenant's world (MODEL K7)? An unknown user is not. */
  isActive(userId: string): boolean {
    return this.snapshots.current(userId).version.snapshot.active === true;
  }

  /**
   * Opens an event stream for a user (Hono's `streamSSE`); `lastEventId` resumes (MODEL C2).
   * With a `session`, the stream ends at `principal.expiresAt` and when re-authentication fails.
   */
  open(
    userId: string,
    viewAs: string | undefined,
    lastEventId: number | undefined,
    signal: AbortSignal,
    session?: StreamSession,
  ): Response {
    const key = viewAs === undefined ? userId : `${userId}\u0000${viewAs}`;
    const c = new Context(new Request('http://grantkit.local/grants/stream', { signal }));
    const response = streamSSE(c, (stream) => {
      // Runs at once up to its first await: the stream is registered when `open` returns.
      let open = true;
      let ended = () => {};
      const done = new Promise<void>((resolve) => {
        ended = resolve;
      });
      const timers: NodeJS.Timeout[] = [];
      // Writes in order (writeSSE is async); the stream closes after the last one.
      let written: Promise<unknown> = Promise.resolve();
      let pending = 0;
      const settle = () => {
        pending -= 1;
      };
      const write = (w: () => Promise<unknown>) => {
        if (pending >= MAX_PENDING_WRITES) {
          stream.abort(); // its client reads nothing: drop it (closes the sink, frees the queue)
          return;
        }
        pending += 1;
        written = written.then(w, w);
        written.then(settle, settle);
      };
      const s: Sink = {
        session,
        revision(revision) {
          if (open)
            write(() =>
              stream.writeSSE({
                event: 'revision',
                id: String(revision),
                data: `{"revision":${revision}}`,
              }),
            );
        },
        event(event, data) {
          if (open) write(() => stream.writeSSE({ event, data: JSON.stringify(data) }));
        },
        comment(text) {
          if (open) write(() => stream.write(`: ${text}\n\n`));
        },
        close: (reason) => {
          if (open) {
            if (reason !== undefined)
              write(() => stream.writeSSE({ event: 'end', data: JSON.stringify({ reason }) }));
            open = false;
            for (const t of timers) clearTimeout(t);
            this.remove(key, s, userId);
          }
          // Then streamSSE closes the stream: after the queued writes, or at once when the
          // client is gone or the hub closes (a client that reads nothing cannot hold it open).
          if (reason === undefined) ended();
          else void written.then(ended, ended);
        },
      };
      const { version } = this.snapshots.current(userId, viewAs);
      let w = this.watchers.get(key);
      if (w === undefined) {
        w = { userId, viewAs, sinks: new Set(), lastBody: version.body };
        this.watchers.set(key, w);
      }
      w.sinks.add(s);
      const mine = this.byUser.get(userId) ?? new Set<Sink>();
      this.byUser.set(userId, mine.add(s));
      if (mine.size > MAX_STREAMS_PER_USER) mine.values().next().value!.close();
      this.listen();
      this.startHeartbeat();
      write(() => stream.write('retry: 1000\n: connected\n\n'));
      const revision = this.engine.revision;
      if (lastEventId === undefined || lastEventId < revision) s.revision(revision);
      if (session !== undefined) this.watchSession(s, session, timers);
      stream.onAbort(() => s.close());
      if (signal.aborted) s.close();
      else signal.addEventListener('abort', () => s.close(), { once: true });
      return done;
    });
    response.headers.set('content-type', 'text/event-stream; charset=utf-8');
    response.headers.set('cache-control', 'no-cache, no-transform');
    response.headers.set('x-accel-buffering', 'no');
    return response;
  }

  /** Listens to the engine's changes (while anyone listens to this hub). */
  private listen(): void {
    if (this.stopListening !== undefined) return;
    this.activitySent = this.engine.revision;
    this.stopListening = this.engine.onChange(() => void this.push());
  }

  /**
   * Hands `userId`'s notifications of this tenant to `send` as they are given (the same
   * form as the stream's `notification` events), while they may see them (MODEL W4, W1):
   * for a stream of one person across their tenants (W5). Returns the way to stop.
   * `end` ends the stream it belongs to: past {@link MAX_STREAMS_PER_USER} listeners of
   * `userId` the oldest one's (another user's never), and those {@link end} matches (by
   * `userId` here, or `sessionId`) with their reason. `leave` ends its part in this tenant
   * only, once `userId` is no longer active here (deactivated or gone, MODEL K7; by default
   * `end`): after it, nothing of this tenant reaches `send`.
   *
   * @example
   * ```ts
   * const stop = tenant.streams.listenNotifications('lee', (note) => write('notification', note), {
   *   end: (reason) => closeStream(reason),
   *   sessionId: principal.sessionId,
   * });
   * ```
   */
  listenNotifications(
    userId: string,
    send: (note: unknown) => void,
    options: {
      readonly end?: ((reason?: StreamEndReason) => void) | undefined;
      readonly sessionId?: string | undefined;
      readonly leave?: ((reason: StreamEndReason) => void) | undefined;
    } = {},
  ): () => void {
    const set = this.noteListeners.get(userId) ?? new Set();
    this.noteListeners.set(userId, set);
    const end = options.end ?? (() => {});
    const listener: NoteListener = {
      send,
      end,
      sessionId: options.sessionId,
      leave: options.leave ?? end,
    };
    set.add(listener);
    this.listen();
    const stop = () => {
      set.delete(listener);
      if (set.size === 0 && this.noteListeners.get(userId) === set)
        this.noteListeners.delete(userId);
      this.stopIfIdle();
    };
    if (set.size > MAX_STREAMS_PER_USER) {
      const oldest = set.values().next().value!;
      set.delete(oldest); // counted out now, whatever its `end` does
      oldest.end();
    }
    return stop;
  }

  /** Ends the stream at the credentials' expiry, and when they stop authenticating. */
  private watchSession(s: Sink, session: StreamSession, timers: NodeJS.Timeout[]): void {
    const { expiresAt } = session.principal;
    if (expiresAt !== undefined) {
      const expire = (): void => {
        const left = expiresAt - Date.now();
        if (left <= 0) {
          s.close('expired');
          return;
        }
        timers[0] = setTimeout(expire, Math.min(left, MAX_TIMER));
        timers[0].unref();
      };
      expire();
    }
    const { reauthenticate } = session;
    if (reauthenticate === undefined) return;
    const check = (): void => {
      timers[1] = setTimeout(async () => {
        let valid = false;
        try {
          valid = await reauthenticate();
        } catch {
          // the host could not tell: fail closed (the client reconnects and authenticates anew)
        }
        if (!valid) s.close('revoked');
        else check();
      }, session.reauthenticateMs);
      timers[1].unref();
    };
    check();
  }

  /**
   * Ends the matching streams now (`event: end`, then closed): every stream of `userId`,
   * or only those of the session `sessionId`, notification streams listening here included
   * (MODEL W5: the whole cross-tenant stream ends). Returns how many were ended.
   */
  end(
    filter: { readonly userId?: string | undefined; readonly sessionId?: string | undefined },
    reason: StreamEndReason = 'revoked',
  ): number {
    let n = 0;
    for (const w of [...this.watchers.values()]) {
      if (filter.userId !== undefined && w.userId !== filter.userId) continue;
      for (const s of [...w.sinks]) {
        if (filter.sessionId !== undefined && s.session?.principal.sessionId !== filter.sessionId)
          continue;
        s.close(reason);
        n++;
      }
    }
    for (const [userId, listeners] of [...this.noteListeners]) {
      if (filter.userId !== undefined && userId !== filter.userId) continue;
      for (const l of [...listeners]) {
        if (filter.sessionId !== undefined && l.sessionId !== filter.sessionId) continue;
        listeners.delete(l); // counted out now, whatever its `end` does
        l.end(reason);
        n++;
      }
      if (listeners.size === 0 && this.noteListeners.get(userId) === listeners)
        this.noteListeners.delete(userId);
    }
    this.stopIfIdle();
    return n;
  }

  private remove(key: string, sink: Sink, userId: string): void {
    const mine = this.byUser.get(userId);
    if (mine?.delete(sink) && mine.size === 0) this.byUser.delete(userId);
    const w = this.watchers.get(key);
    if (w === undefined) return;
    w.sinks.delete(sink);
    if (w.sinks.size === 0) this.watchers.delete(key);
    this.stopIfIdle();
  }

  private stopIfIdle(): void {
    if (this.watchers.size > 0 || this.noteListeners.size > 0) return;
    this.stopListening?.();
    this.stopListening = undefined;
    if (this.heartbeat !== undefined) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== undefined) return;
    this.heartbeat = setInterval(() => {
      for (const w of this.watchers.values()) for (const s of w.sinks) s.comment('hb');
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * After a revision change: tell each watched user whose snapshot changed; end the
   * streams of users deactivated by it (after the event, so their clients fetch the
   * closed snapshot first).
   */
  private async push(): Promise<void> {
    if (this.pushing) {
      this.pushAgain = true; // one more pass covers whatever committed meanwhile
      return;
    }
    this.pushing = true;
    try {
      do {
        this.pushAgain = false;
        await this.engine.committed();
        this.dropInactiveListeners();
        await this.pushActivity().catch(() => {}); // revisions still go out
        let slice = performance.now();
        for (const [key, w] of [...this.watchers]) {
          if (performance.now() - slice > PUSH_SLICE_MS) {
            // Let requests in between users' recompiles; read only committed state after.
            await new Promise<void>((resolve) => setImmediate(resolve));
            await this.engine.committed();
            slice = performance.now();
          }
          if (this.watchers.get(key) !== w) continue; // closed meanwhile
          const revision = this.engine.revision;
          let body: string;
          let active: boolean;
          try {
            body = this.snapshots.current(w.userId, w.viewAs).version.body;
            active = this.isActive(w.userId);
          } catch {
            continue; // a compile failure must not break other users' streams
          }
          if (body !== w.lastBody) {
            w.lastBody = body;
            for (const s of w.sinks) s.revision(revision);
          }
          if (!active) for (const s of [...w.sinks]) s.close('inactive');
        }
      } while (this.pushAgain);
    } finally {
      this.pushing = false;
    }
  }

  /**
   * MODEL K7: the notification listeners of users no longer active here (deactivated, or
   * gone from the world) stop listening here, as their grant streams end (by `leave`: a
   * stream of several tenants keeps its others). One look-up per listening user.
   */
  private dropInactiveListeners(): void {
    if (this.noteListeners.size === 0) return;
    const model = this.engine.model;
    for (const [userId, listeners] of [...this.noteListeners]) {
      if (model.getUser(userId)?.active === true) continue;
      this.noteListeners.delete(userId); // counted out now, whatever `leave` does
      for (const l of [...listeners]) l.leave('inactive');
    }
    this.stopIfIdle();
  }

  /**
   * MODEL W1, W4 at send time: the activity of the revisions since the last pass, each
   * event to the watchers who may see it now (before/after as E5 allows), and each
   * notification to its user while they may still see its event.
   */
  private async pushActivity(): Promise<void> {
    const to = this.engine.revision;
    const from = this.activitySent + 1;
    if (this.activity === undefined || to < from) return;
    this.activitySent = to;
    const tenant = this.engine.tenant;
    const [events, notes] = await Promise.all([
      this.activity.eventsOfRevisions(tenant, from, to),
      this.activity.notificationsOfRevisions(tenant, from, to),
    ]);
    await this.engine.committed();
    const model = this.engine.model;
    /** The `notification` event of `n` for its user, or `null` when they may not see it now. */
    const noteOf = (n: (typeof notes)[number]) => {
      if (!visibleTo(model, n.user, n.event)) return null;
      const [item] = readableActivity(model, n.user, [{ ...n.event, tenant }]);
      if (item === undefined) return null;
      return {
        id: `${tenant}:${n.id}`,
        tenant,
        user: n.user,
        event: feedItemOf(tenant, item as StoredAudit),
        readAt: null,
      };
    };
    for (const n of notes) {
      const listeners = this.noteListeners.get(n.user);
      // K7: a user deactivated meanwhile gets nothing (their listeners leave at the next pass)
      if (listeners === undefined || model.getUser(n.user)?.active !== true) continue;
      let note: ReturnType<typeof noteOf>;
      try {
        note = noteOf(n);
      } catch {
        continue;
      }
      if (note !== null) for (const l of [...listeners]) l.send(note);
    }
    for (const w of this.watchers.values()) {
      if (w.viewAs !== undefined) continue; // a preview of another user gets no one's activity
      let items: unknown[];
      try {
        items = readableActivity(
          model,
          w.userId,
          events.map((e) => ({ ...e, tenant })),
        );
      } catch {
        continue;
      }
      // The same forms as GET /activity and GET /notifications: ids `<tenant>:<seq>` and
      // `<tenant>:<n>`, and the user a notification is for.
      for (const item of items)
        for (const s of w.sinks) s.event('activity', feedItemOf(tenant, item as StoredAudit));
      for (const n of notes) {
        if (n.user !== w.userId) continue;
        const note = noteOf(n);
        if (note !== null) for (const s of w.sinks) s.event('notification', note);
      }
    }
  }

  /** Closes every stream, notification streams listening here included. */
  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    for (const w of [...this.watchers.values()]) for (const s of [...w.sinks]) s.close();
    for (const listeners of [...this.noteListeners.values()])
      for (const l of [...listeners]) l.end();
    this.noteListeners.clear();
    this.stopIfIdle();
  }
}
