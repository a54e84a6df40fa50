/**
 * `createGrantkitClient`: holds the signed-in user's snapshot, answers checks from it
 * synchronously, keeps it fresh (fetch, push, polling, focus, online, other tabs) and
 * fails closed whenever it holds nothing valid and fresh (MODEL C1–C4).
 */
import { createEvaluator } from '@grantkit/core/snapshot';
import { cacheKey, clearCache, defaultStorage, readCache, writeCache } from './cache.ts';
import { joinChannel, type TabChannel, type TabMessage } from './channel.ts';
import { denying, type Evaluator } from './deny.ts';
import { asClientError, GrantkitClientError } from './errors.ts';
import { createClientStore } from './store.ts';
import { backoff, openStream, type Stream } from './stream.ts';
import { authHeaders, httpTransport, pull, waitForRevision } from './sync.ts';
import type {
  ClientState,
  ClientStatus,
  GrantkitClient,
  GrantkitClientOptions,
  GrantkitIdentity,
  GrantSnapshot,
} from './types.ts';
import { FORMAT, mergeSnapshot, validateSnapshot } from './validate.ts';

type Types = ReadonlySet<string> | 'all';

/** What the client holds: a valid snapshot, its evaluator, when it was last confirmed current. */
interface Held {
  readonly s: GrantSnapshot;
  readonly ev: Evaluator;
  at: number;
}

const NONE: Types = new Set();
const MAX_TIMER = 2 ** 31 - 1;

/**
 * Creates the browser client of the signed-in user's grants. It starts at once: from
 * `initialSnapshot`, or a fresh cached snapshot, else `loading` until the first fetch.
 *
 * @example
 * ```ts
 * const client = createGrantkitClient({
 *   baseUrl: 'https://api.example.com/grantkit',
 *   tenant: 'acme',
 *   userId: 'u42',
 *   getToken: () => auth.accessToken(),
 * });
 * client.subscribe(() => render());
 * if (client.can('edit', { type: 'dashboard', id: 'q3' })) showEditButton();
 * const { revision } = await adminApi.share(dashboard, user);
 * await client.awaitRevision(revision); // read-your-writes
 * ```
 */
export function createGrantkitClient(options: GrantkitClientOptions): GrantkitClient {
  const { now = Date.now, requestTimeout = 15_000 } = options;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.baseUrl?.replace(/\/+$/, '');
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const headers = () => authHeaders(id?.getToken);
  const transport = options.fetchSnapshot ?? httpTransport(base, fetchImpl, headers);

  /** The signed-in user; `null` after `signOut()` or `dispose()`. */
  let id: GrantkitIdentity | null = options;
  /** Bumped when the identity stops: answers of an older generation are dropped. */
  let gen = 0;
  let held: Held | null = null;
  let inflight: Promise<void> | undefined;
  let abort: AbortController | undefined;
  let channel: TabChannel | undefined;
  let stream: Stream | undefined;
  let leading = false;
  let streamUp = false;
  let failures = 0;
  /** A revision was announced while a fetch was in flight: fetch again after it. */
  let pending = false;
  /** The newest revision the stream announced: nothing older is fresh (finding 10). */
  let announced = -1;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let staleAt: ReturnType<typeof setTimeout> | undefined;
  let focusedAt = 0;
  let disposed = false;

  const store = createClientStore({
    status: 'loading',
    reason: null,
    revision: null,
    tenant: options.tenant,
    userId: options.userId,
    error: null,
    snapshot: null,
  });
  const deny = denying(store.get);
  let ev = deny;

  /** Maximum staleness in ms (the snapshot's own is in seconds). */
  const maxStale = (s: GrantSnapshot) => options.maxStale ?? s.maxStale * 1000;

  /** Derives the status from what is held and when it was confirmed, and publishes the state. */
  const settle = (types: Types = NONE, error = store.get().error): void => {
    clearTimeout(staleAt);
    let status: ClientStatus = !id
      ? 'idle'
      : error && error.code !== 'storage'
        ? 'error'
        : 'loading';
    let reason: ClientState['reason'] = null;
    if (held && id) {
      const left = held.at + maxStale(held.s) - now();
      status = left > 0 ? 'ready' : 'stale';
      if (left > 0) staleAt = setTimeout(settle, Math.min(left, MAX_TIMER));
      else {
        reason =
          announced > held.s.revision
            ? 'revision-pending'
            : failures
              ? 'refresh-failed'
              : 'not-revalidated';
        error ??= new GrantkitClientError(
          'stale',
          `grants of revision ${held.s.revision} are past maxStale: checks are false until revalidated`,
          { revision: held.s.revision },
        );
      }
    }
    ev = status === 'ready' ? held!.ev : deny;
    const prev = store.get();
    store.set(
      {
        status,
        reason,
        error,
        revision: held?.s.revision ?? null,
        snapshot: held?.s ?? null,
        tenant: id?.tenant ?? prev.tenant,
        userId: id?.userId ?? null,
      },
      prev.status === status ? types : 'all',
    );
  };

  const key = () => cacheKey(FORMAT, id!.tenant, id!.userId);

  /**
   * Takes a valid snapshot unless it is older (MODEL C3). `share`: it just came from the
   * server, so it is saved and sent to the other tabs; `same`: the held grants, re-stamped.
   * Older than the revision announced, it is not confirmed current: freshness stays.
   */
  const accept = (s: GrantSnapshot, at: number, share: boolean, same = false): void => {
    const was = held?.s.revision ?? -1;
    if (held && s.revision < announced) at = held.at;
    if (s.revision < was)
      throw new GrantkitClientError(
        'older-snapshot',
        `ignored snapshot revision ${s.revision}, older than ${was}`,
        { revision: s.revision },
      );
    let types: Types = NONE;
    const newer = s.revision > was;
    if (newer) {
      let evaluator = held?.ev;
      if (!held) types = 'all';
      else if (!same) ({ s, types } = mergeSnapshot(held.s, s));
      if (types === 'all' || types.size > 0) evaluator = createEvaluator(s);
      held = { s, ev: evaluator!, at };
    } else held!.at = Math.max(held!.at, at);
    // other tabs: the grants they hold at `p` are current at `r`, or the new snapshot
    if (share)
      channel?.post(same || !newer ? { t: 'ok', r: s.revision, p: was, at } : { t: 'snap', s, at });
    settle(types, null);
    if (share && storage) {
      const e = writeCache(storage, key(), { snapshot: held!.s, validatedAt: held!.at });
      if (e) settle(NONE, e);
    }
  };
  const take = (raw: unknown, at: number, share: boolean) =>
    id && accept(validateSnapshot(raw, id.tenant, id.userId), at, share);

  /** Fetches now; concurrent calls share one request. Never rejects. */
  const refresh = (): Promise<void> => {
    if (!id) return Promise.resolve();
    if (inflight) return inflight;
    const g = gen;
    const ac = new AbortController();
    abort = ac;
    const timer = setTimeout(
      () =>
        ac.abort(
          new GrantkitClientError(
            'network',
            `the grants server did not answer within ${requestTimeout} ms: retrying`,
          ),
        ),
      requestTimeout,
    );
    inflight = (async () => {
      try {
        const got = await pull(transport, held?.s ?? null, ac.signal);
        if (g !== gen) return;
        if ('raw' in got) take(got.raw, now(), true);
        // unchanged: the same grants, current as of the server's revision (read-your-writes)
        else if (held)
          accept(
            { ...held.s, revision: Math.max(got.same ?? 0, held.s.revision) },
            now(),
            true,
            true,
          );
        failures = 0;
      } catch (e) {
        if (g !== gen) return;
        failures++;
        settle(NONE, asClientError(ac.signal.aborted ? (ac.signal.reason ?? e) : e));
      } finally {
        clearTimeout(timer);
        if (g === gen) {
          inflight = undefined;
          schedule();
          // announced while in flight, and newer than what it brought: fetch once more
          if (pending && announced > (held?.s.revision ?? -1)) void refresh();
          pending = false;
        }
      }
    })();
    return inflight;
  };

  /**
   * The next automatic fetch: the leader polls while no stream is open, revalidates before
   * maxStale and retries failures with backoff; a follower only fetches if no tab gave it
   * a snapshot.
   */
  const schedule = () => {
    clearTimeout(poll);
    if (!id || (!leading && held)) return;
    let wait = streamUp ? MAX_TIMER : (options.revalidateInterval ?? 60_000);
    if (failures > 0) wait = Math.max(100, backoff(failures - 1));
    else if (held) wait = Math.min(wait, held.at + maxStale(held.s) * 0.75 - now());
    // a follower waits for the leader's snapshot (an answer to `who`; tabs may be slow)
    else if (!leading) wait = 2_000;
    poll = setTimeout(refresh, Math.min(Math.max(wait, 0), MAX_TIMER));
  };

  /** Starts or stops leading: the one stream and the automatic fetches of the user's tabs. */
  const lead = (on: boolean) => {
    leading = on;
    stream?.close();
    stream = undefined;
    streamUp = false;
    if (!on) return schedule();
    if (options.push !== false && base !== undefined)
      stream = openStream({
        url: `${base}/grants/stream`,
        fetch: fetchImpl,
        headers,
        onOpen: () => {
          // what happened while down comes as an event: the server sends its revision on
          // connecting (resuming with Last-Event-ID, when it moved since)
          streamUp = true;
          schedule();
        },
        onBeat: () => {
          // A live stream means nothing changed since the last event: the grants are current,
          // unless a newer revision was announced and not loaded, or a refresh failed.
          if (!held || inflight || failures || announced > held.s.revision) return;
          held.at = now();
          channel?.post({ t: 'ok', r: held.s.revision, p: held.s.revision, at: held.at });
          settle();
          schedule();
        },
        onRevision: (r) => {
          announced = Math.max(announced, r);
          if (held && r <= held.s.revision) return;
          if (inflight) pending = true;
          else void refresh();
        },
        onDown: (e) => {
          streamUp = false;
          // refused (expired or revoked credentials): a fetch now puts it in the state
          if (e.code === 'auth') void refresh();
          else schedule();
        },
      });
    void refresh();
  };

  const onTab = (m: TabMessage) => {
    if (m.t === 'who' && leading && held) channel?.post({ t: 'snap', s: held.s, at: held.at });
    else if (m.t === 'snap')
      try {
        take(m.s, m.at, false);
        schedule(); // a follower that waited for a snapshot has one: no fetch of its own
      } catch {} // another tab's late or foreign snapshot: ignored
    else if (m.t === 'ok' && held) {
      if (m.r === held.s.revision || m.p === held.s.revision)
        accept({ ...held.s, revision: m.r }, m.at, false, true);
      else if (m.r > held.s.revision) void refresh();
    } else if (m.t === 'out') signOut(false);
  };

  /** Starts the current identity: the initial snapshot or the cache, the channel, the first fetch. */
  const start = (initial: GrantSnapshot | undefined) => {
    if (!id) return;
    settle('all', null);
    try {
      if (initial) take(initial, now(), false);
    } catch (e) {
      settle(NONE, asClientError(e));
    }
    const entry = !held && storage ? readCache(storage, key()) : null;
    if (entry instanceof GrantkitClientError) settle(NONE, entry);
    else if (entry && storage)
      try {
        const s = validateSnapshot(entry.snapshot, id.tenant, id.userId);
        // MODEL C4: used only within its maximum staleness, on this device's clock
        const age = now() - entry.validatedAt;
        if (age >= 0 && age < maxStale(s)) accept(s, entry.validatedAt, false);
      } catch {
        clearCache(storage, id.tenant, id.userId); // a bad entry is not read again
      }
    if (options.crossTab === false) return lead(true);
    channel = joinChannel(`grantkit:${id.tenant}:${id.userId}`, lead, onTab);
    if (channel.leading) lead(true);
    else schedule();
  };

  /** Stops everything of the current identity (network, timers, channel) and forgets its grants. */
  const stop = () => {
    gen++;
    abort?.abort();
    held = null;
    inflight = undefined;
    failures = 0;
    announced = -1;
    pending = leading = streamUp = false;
    clearTimeout(poll);
    clearTimeout(staleAt);
    stream?.close();
    channel?.close();
    stream = channel = undefined;
  };

  const signOut = (broadcast: boolean) => {
    if (broadcast) channel?.post({ t: 'out' });
    stop();
    id = null;
    if (storage) clearCache(storage);
    settle('all', null);
  };

  const onFocus = () => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    settle(); // timers may have slept: judge staleness now
    if (now() - focusedAt > 1_000) {
      focusedAt = now();
      void refresh();
    }
  };
  const onOnline = () => {
    if (!leading) return;
    stream?.kick();
    failures = 0;
    void refresh();
  };
  const listen = (on: boolean) => {
    if (typeof window === 'undefined') return;
    const method = on ? 'addEventListener' : 'removeEventListener';
    window[method]('focus', onFocus);
    window[method]('online', onOnline);
    window.document?.[method]('visibilitychange', onFocus);
  };
  listen(true);
  start(options.initialSnapshot);

  return {
    subscribe: store.subscribe,
    getSnapshot: store.get,
    // The evaluator fails closed on any input (its condition path catches what it cannot read).
    can: (action, resource) => ev.check(action, resource),
    explain: (action, resource) => ev.explain(action, resource),
    get status() {
      return store.get().status;
    },
    refresh,
    awaitRevision: (revision, { timeoutMs = 10_000 } = {}) =>
      waitForRevision(store, refresh, revision, timeoutMs),
    setUser(next) {
      if (disposed) return;
      if (id && next.tenant === id.tenant && next.userId === id.userId) {
        id = next; // a new getToken only
        return;
      }
      const prev = id;
      stop();
      if (storage && prev) clearCache(storage, prev.tenant, prev.userId);
      id = next;
      start(undefined);
    },
    signOut: () => signOut(true),
    dispose() {
      if (disposed) return;
      disposed = true;
      stop();
      id = null;
      listen(false);
      settle('all', null);
    },
  };
}
