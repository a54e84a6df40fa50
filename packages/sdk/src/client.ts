/**
 * `createGrantkitClient`: holds the signed-in user's snapshot, answers checks from it
 * synchronously, keeps it fresh (fetch, push, polling, focus, online) and fails closed
 * whenever it holds nothing valid and fresh (MODEL C1–C4). It wires small parts: the
 * snapshot holder (`holder.ts`), the sync scheduler (`scheduler.ts`), the push stream
 * (`stream.ts`), the window events (`window.ts`) and the opt-in plugins (cross-tab
 * sharing, the persistent cache, full explanation texts).
 */
import { asClientError } from './errors.ts';
import { createHolder } from './holder.ts';
import type { PluginContext, PluginSession, StopReason } from './plugin.ts';
import { createScheduler } from './scheduler.ts';
import { createClientStore } from './store.ts';
import { openStream, type Stream } from './stream.ts';
import { authHeaders, httpTransport, type Pulled, waitForRevision } from './sync.ts';
import type {
  ClientState,
  GrantkitClient,
  GrantkitClientOptions,
  GrantkitIdentity,
  GrantSnapshot,
} from './types.ts';
import { positive, validateSnapshot } from './validate.ts';
import { watchWindow } from './window.ts';

/** Bundlers replace `process.env.NODE_ENV`; development-only code is dropped from production builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * Creates the browser client of the signed-in user's grants. It starts at once: from
 * `initialSnapshot` (or a fresh cached snapshot with `persist()`), else `loading` until
 * the first fetch.
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
 * const { revision } = await hostApi.shareDashboard('q3', 'bob'); // an op made by the host's backend
 * await client.awaitRevision(revision); // read-your-writes (`@grantkit/sdk/admin` does this for you)
 *
 * // server-side rendering: nothing is opened, checks answer from the snapshot
 * const ssr = createGrantkitClient({ tenant: 'acme', userId: 'u42', initialSnapshot, mode: 'server' });
 * ```
 */
export function createGrantkitClient(options: GrantkitClientOptions): GrantkitClient {
  // nonsense config, refused before anything starts: 0, a negative number or NaN would fetch
  // in a tight loop (or be stale at once), Infinity never time out (or never go stale)
  for (const k of ['maxStale', 'revalidateInterval', 'requestTimeout'] as const)
    if (!positive(options[k] ?? 1))
      throw TypeError(
        process.env.NODE_ENV !== 'production'
          ? `createGrantkitClient: ${k} must be a positive, finite number of ms (got ${String(options[k])})`
          : k,
      );
  const { now = Date.now } = options;
  // SSR: no stream, no plugins (channel, storage), no window events, no timers (see `mode`)
  const server = options.mode === 'server';
  const plugins = server ? [] : (options.plugins ?? []);
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.baseUrl?.replace(/\/+$/, '');
  const headers = (signal?: AbortSignal) => authHeaders(id?.getToken, signal);

  /** The signed-in user; `null` after `signOut()` or `dispose()`. */
  let id: GrantkitIdentity | null = null;
  let sessions: PluginSession[] = [];
  let stream: Stream | undefined;
  let focusedAt = 0;
  let disposed = false;
  /** While the plugins start, leadership waits for all of them (the cache is read first). */
  let starting = false;
  let leadOnStart = false;

  /**
   * Development only (every call is behind the `NODE_ENV` test, so production builds drop
   * them and the helper): the first use of a disposed client warns once (it answers false forever).
   */
  let used: (call: string) => void;
  if (process.env.NODE_ENV !== 'production') {
    let warned = false;
    used = (call) => {
      if (!disposed || warned) return;
      warned = true;
      console.warn(
        `Grantkit: ${call} was called on a disposed client: every check is false and nothing is fetched. A client cannot be restarted after dispose(): create a new one, or let <GrantkitProvider options={...}> own it (React StrictMode runs effect cleanups once more in development).`,
      );
    };
  }

  // `start` below publishes the whole state (the holder's reset) before anyone can read it
  const store = createClientStore({ tenant: options.tenant } as ClientState);
  const holder = createHolder({
    store,
    now,
    fixedStale: options.maxStale,
    timers: !server,
    explainWith: plugins.findLast((p) => p.explain)?.explain,
    // development: a check of a disposed client warns (once); `can` is the holder's own check
    denied: process.env.NODE_ENV !== 'production' ? () => used('can()') : undefined,
  });

  const check = (raw: unknown) => validateSnapshot(raw, id!.tenant, id!.userId);

  /** Takes the server's answer; the plugins hear of it (other tabs, cache). */
  const receive = (got: Pulled) => {
    const held = holder.held;
    const taken =
      'raw' in got
        ? holder.take(check(got.raw), { at: now() })
        : // unchanged: the same grants, current as of the server's revision (read-your-writes)
          held &&
          holder.take(
            { ...held, revision: Math.max(got.same ?? 0, held.revision) },
            { at: now(), same: true },
          );
    if (taken) for (const p of sessions) p.received?.(taken);
  };
  const sync = createScheduler({
    holder,
    transport: options.fetchSnapshot ?? httpTransport(base, fetchImpl, headers),
    receive,
    now,
    requestMs: options.requestTimeout ?? 15_000,
    pollMs: options.revalidateInterval ?? 60_000,
    manual: server,
  });

  /** Starts or stops leading: the one stream and the automatic fetches of the user's tabs. */
  const lead = (on: boolean) => {
    stream?.shut();
    stream = undefined;
    sync.tune({ leads: on, streaming: false });
    if (!on) return;
    if (!server && options.push !== false && base !== undefined)
      stream = openStream({
        url: `${base}/grants/stream`,
        fetcher: fetchImpl,
        headersFor: headers,
        // what happened while down comes as an event: the server sends its revision on
        // connecting (resuming with Last-Event-ID, when it moved since)
        onOpen: () => sync.tune({ streaming: true }),
        onBeat: () => {
          // A live stream means nothing changed since the last event: the grants are current,
          // unless a newer revision was announced and not loaded, or a refresh failed.
          if (sync.busy || !holder.live(now())) return;
          const revision = holder.held!.revision;
          for (const p of sessions) p.confirmed?.({ revision, at: holder.heldAt });
          sync.arm();
        },
        onRevision: (r) => holder.announce(r) && sync.catchUp(),
        onEvent: (e, d) => {
          for (const p of sessions) p.event?.(e, d);
        },
        onDown: (e) => {
          sync.tune({ streaming: false });
          // refused (expired or revoked credentials): a fetch now puts it in the state
          if (e.code === 'auth') void sync.fetchNow();
        },
      });
    // server mode: one fetch, only when no initial snapshot was given
    if (!server || !holder.held) void sync.fetchNow();
  };

  /** Starts the current identity: the initial snapshot, the plugins (cache, tabs), the first fetch. */
  const start = (initial?: GrantSnapshot) => {
    holder.reset(id);
    if (!id) return;
    sync.begin();
    try {
      if (initial) holder.take(check(initial), { at: now() });
    } catch (e) {
      holder.publish(asClientError(e));
    }
    // one context per session (a plugin tells its sessions apart by it)
    const ctx: PluginContext = {
      identity: id,
      get snapshot() {
        return holder.held;
      },
      get confirmedAt() {
        return holder.heldAt;
      },
      get leading() {
        return sync.leads;
      },
      base,
      fetch: fetchImpl,
      headers,
      requestTimeout: options.requestTimeout ?? 15_000,
      now,
      maxStale: holder.staleAfter,
      validate: check,
      // a plugin's `{ at }` as it is: not from the server (its other fields are not the holder's)
      offer: holder.take,
      confirm: ({ revision, at }) => holder.take({ ...holder.held!, revision }, { at, same: true }),
      lead: (on) => {
        if (starting) leadOnStart = on;
        else lead(on);
      },
      refresh: sync.fetchNow,
      schedule: sync.arm,
      report: holder.publish,
      signOutElsewhere: () => signOut('signed-out-elsewhere'),
    };
    starting = true;
    leadOnStart = false;
    try {
      sessions = plugins.map((p) => p.start?.(ctx) ?? {});
    } finally {
      starting = false;
    }
    if (leadOnStart || !sessions.some((p) => p.elects)) lead(true);
    else sync.arm();
  };

  /** Stops everything of the current identity (network, timers, plugins) and forgets its grants. */
  const stop = (reason: StopReason) => {
    lead(false);
    sync.halt();
    for (const p of sessions.splice(0)) p.stop?.(reason);
  };

  const signOut = (reason: StopReason) => {
    stop(reason);
    id = null;
    start();
  };

  const unwatch = (server ? () => () => {} : watchWindow)(
    () => {
      // shown again (focus, visible); timers may have slept: judge staleness now
      holder.settle();
      if (now() - focusedAt > 1_000) {
        focusedAt = now();
        void sync.fetchNow();
      }
    },
    () => {
      // back online
      if (!sync.leads) return;
      stream?.kick();
      holder.succeed();
      void sync.fetchNow();
    },
  );
  id = options;
  start(options.initialSnapshot);

  // Each call tests `disposed` before `process.env`: in Node (SSR, tests) that read is a native
  // lookup (~150 ns) that a call must not pay; production builds drop both tests. `can` is the
  // holder's check itself (its denying path warns): no wrapper on the hot path.
  const client: Omit<GrantkitClient, 'status'> = {
    subscribe: store.subscribe,
    getSnapshot: store.get,
    // The evaluator fails closed on any input (its condition path catches what it cannot read).
    can: holder.check,
    explain: (action, resource) => {
      if (disposed) {
        if (process.env.NODE_ENV !== 'production') used('explain()');
      }
      return holder.evaluator.explain(action, resource);
    },
    // production: the scheduler's own fetch (`process.env` is read once, here)
    refresh:
      process.env.NODE_ENV !== 'production'
        ? () => {
            if (disposed) used('refresh()');
            return sync.fetchNow();
          }
        : sync.fetchNow,
    awaitRevision: (revision, options) => {
      if (disposed) {
        if (process.env.NODE_ENV !== 'production') used('awaitRevision()');
      }
      return waitForRevision(store, sync.fetchNow, revision, options?.timeoutMs ?? 10_000);
    },
    setUser(next) {
      if (disposed) {
        if (process.env.NODE_ENV !== 'production') used('setUser()');
        return;
      }
      if (id && next.tenant === id.tenant && next.userId === id.userId) {
        id = next; // a new getToken only
        return;
      }
      stop('switch-user');
      id = next;
      start();
    },
    signOut: () => signOut('sign-out'),
    dispose() {
      if (disposed) return;
      disposed = true;
      signOut('dispose'); // no one signed in: nothing open, no grants held
      unwatch();
    },
  };
  // `status` defined after: a getter in an object literal leaves V8 a dictionary-mode object,
  // where every `client.can` is a hash lookup (as long as the check itself)
  return Object.defineProperty(client as GrantkitClient, 'status', {
    get: () => store.get().status,
    enumerable: true,
    configurable: true,
  });
}
