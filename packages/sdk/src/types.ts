/**
 * The public types of `@grantkit/sdk`: the client's options, its state, its change
 * notifications and the client itself.
 */
import type { Explanation, GrantSnapshot } from '@grantkit/core/snapshot';
import type { GrantkitClientError } from './errors.ts';
import type { GrantkitPlugin } from './plugin.ts';

/**
 * A grant snapshot (MODEL C1) and an explanation (MODEL K6), as `@grantkit/core` defines them.
 *
 * @example
 * ```ts
 * const snapshot: GrantSnapshot | null = client.getSnapshot().snapshot;
 * const why: Explanation = client.explain('edit', { type: 'dashboard', id: 'q3' });
 * ```
 */
export type { Explanation, GrantSnapshot } from '@grantkit/core/snapshot';

/**
 * A resource a check is about; no `id` means the type as a whole ("module level").
 *
 * @example
 * ```ts
 * const q3: GrantResource = { type: 'dashboard', id: 'q3' };
 * const prodBots: GrantResource = { type: 'engagement', env: 'production' };
 * ```
 */
export interface GrantResource {
  readonly type: string;
  readonly id?: string | undefined;
  readonly env?: string | undefined;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Where the client stands (MODEL C3: every check is false unless `ready`):
 * - `idle`: no user (signed out or disposed); every check is false.
 * - `loading`: a user, no valid snapshot yet; every check is false.
 * - `ready`: a valid snapshot within its maximum staleness; checks answer from it.
 * - `stale`: the snapshot is past its maximum staleness without revalidation; every check is
 *   false, and `reason` says why.
 * - `error`: no valid snapshot and the last attempt failed (see `error`); every check is false.
 *
 * @example
 * ```ts
 * const status: ClientStatus = client.status;
 * if (status === 'stale') showBanner('Permissions could not be refreshed');
 * ```
 */
export type ClientStatus = 'idle' | 'loading' | 'ready' | 'stale' | 'error';

/**
 * Why the client is `stale` (MODEL C4: every check is false). Freshness is only ever
 * extended by a fetch or a 304 of the newest revision the server announced, or by the
 * push stream's heartbeats while nothing newer was announced and no refresh failed:
 * - `revision-pending`: the server announced a newer revision of the user's grants
 *   that could not be loaded (`error` says why, e.g. `auth` when the token expired);
 * - `refresh-failed`: the last refresh failed (see `error`) and nothing confirmed the
 *   grants since;
 * - `not-revalidated`: nothing confirmed the grants (no connection, or the device slept).
 *
 * @example
 * ```ts
 * const { status, reason, error } = client.getSnapshot();
 * if (status === 'stale' && reason === 'revision-pending' && error?.code === 'auth') signInAgain();
 * ```
 */
export type StaleReason = 'revision-pending' | 'refresh-failed' | 'not-revalidated';

/**
 * The client's state; immutable, and the same object until something changes.
 *
 * @example
 * ```ts
 * const state: ClientState = useSyncExternalStore(client.subscribe, client.getSnapshot);
 * if (state.error) console.warn(state.error.message);
 * ```
 */
export interface ClientState {
  readonly status: ClientStatus;
  /** Why the status is `stale`; `null` in every other status. */
  readonly reason: StaleReason | null;
  /** Revision of the snapshot held, or `null`. */
  readonly revision: number | null;
  readonly tenant: string;
  /** The signed-in user, or `null` after `signOut()`. */
  readonly userId: string | null;
  /**
   * The last error, kept until a later sync succeeds. A failed refresh keeps `ready` until
   * maxStale: then `stale` (push heartbeats no longer count once a refresh failed).
   */
  readonly error: GrantkitClientError | null;
  /** The last good snapshot, or `null`. */
  readonly snapshot: GrantSnapshot | null;
}

/**
 * What changed, passed to `subscribe` listeners.
 *
 * @example
 * ```ts
 * client.subscribe((change: GrantChange) => {
 *   if (change.types === 'all' || change.types.has('dashboard')) rerenderDashboards();
 * });
 * ```
 */
export interface GrantChange {
  readonly revision: number | null;
  readonly status: ClientStatus;
  /** Which answers may have changed: the resource types touched between revisions, or `'all'`. */
  readonly types: ReadonlySet<string> | 'all';
}

/**
 * A grants response from a custom transport, already parsed from JSON.
 *
 * @example
 * ```ts
 * const answer: GrantsResponse = { kind: 'unchanged', revision: 42 };
 * ```
 */
export type GrantsResponse =
  | GrantSnapshot
  | { readonly kind: 'full'; readonly snapshot: GrantSnapshot }
  | { readonly kind: 'delta'; readonly from: number; readonly to: number; readonly patch: unknown }
  /** Nothing changed for this user; the server is at `revision` (from the 304's ETag). */
  | { readonly kind: 'unchanged'; readonly revision?: number };

/**
 * What a custom transport receives.
 *
 * @example
 * ```ts
 * const fetchSnapshot = async ({ since, signal }: FetchSnapshotContext) =>
 *   (await fetch(`/my/grants${since === undefined ? '' : `?since=${since}`}`, { signal })).json();
 * ```
 */
export interface FetchSnapshotContext {
  /** The revision held: a transport may answer with a delta from it. */
  readonly since?: number;
  /** The ETag of the snapshot held (`"<revision>"`). */
  readonly etag?: string;
  /** Aborted when the client no longer wants the answer. */
  readonly signal: AbortSignal;
}

/**
 * A user to sign in as.
 *
 * @example
 * ```ts
 * const next: GrantkitIdentity = { tenant: 'acme', userId: 'bob', getToken: () => session.token };
 * client.setUser(next);
 * ```
 */
export interface GrantkitIdentity {
  readonly tenant: string;
  readonly userId: string;
  /** The bearer token sent to the grants server; called before every request. */
  readonly getToken?: (() => string | Promise<string>) | undefined;
}

/**
 * Options of `createGrantkitClient`.
 *
 * @example
 * ```ts
 * const options: GrantkitClientOptions = {
 *   baseUrl: '/grantkit',
 *   tenant: 'acme',
 *   userId: 'ann',
 *   getToken: () => session.token,
 *   revalidateInterval: 30_000,
 *   plugins: [crossTab(), persist()], // from '@grantkit/sdk/cross-tab' and '@grantkit/sdk/persist'
 * };
 * const client = createGrantkitClient(options);
 * ```
 */
export interface GrantkitClientOptions extends GrantkitIdentity {
  /** The grants server, e.g. `https://api.example.com/grantkit`. Needed for push. */
  readonly baseUrl?: string | undefined;
  /** A custom transport instead of `baseUrl`: resolve `null` when nothing changed. */
  readonly fetchSnapshot?:
    | ((ctx: FetchSnapshotContext) => Promise<GrantsResponse | null | undefined>)
    | undefined;
  /** Maximum staleness in ms; default: the snapshot's own `maxStale`. */
  readonly maxStale?: number | undefined;
  /** Polling interval (ms) while no push stream is open; default 60 000. */
  readonly revalidateInterval?: number | undefined;
  /** A request slower than this (ms) is abandoned and counts as a network error; default 15 000. */
  readonly requestTimeout?: number | undefined;
  /** Server-Sent Events push from `baseUrl`; default `true`. */
  readonly push?: boolean | undefined;
  /**
   * Opt-in parts, each from its own entry point: `crossTab()` (`@grantkit/sdk/cross-tab`:
   * one fetch and one stream for all tabs of the user), `persist()` (`@grantkit/sdk/persist`:
   * the persistent cache, MODEL C4), `explainTexts()` (`@grantkit/sdk/explain`: full
   * explanation texts instead of short reasons). Default: none.
   */
  readonly plugins?: readonly GrantkitPlugin[] | undefined;
  /** A snapshot to start `ready` with (SSR, tests); validated like any other. */
  readonly initialSnapshot?: GrantSnapshot | undefined;
  /**
   * `'server'` for server-side rendering: no push stream, no plugins (no channel, no
   * storage), no window listeners, no timers; checks answer from `initialSnapshot`, or
   * from one fetch when none is given (await `client.refresh()`). Nothing is left open, so
   * a request handler may create one per request and drop it. Default `'browser'`.
   *
   * @example
   * ```ts
   * const client = createGrantkitClient({ tenant, userId, initialSnapshot, mode: 'server' });
   * ```
   */
  readonly mode?: 'browser' | 'server' | undefined;
  readonly fetch?: typeof fetch | undefined;
  /** The clock (ms since the epoch); default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * The Grantkit browser client.
 *
 * @example
 * ```ts
 * const client: GrantkitClient = createGrantkitClient({ baseUrl: '/grantkit', tenant: 'acme', userId: 'ann' });
 * await client.refresh(); // "Refresh User Data"
 * client.can('view', { type: 'dashboard', id: 'q3' });
 * ```
 */
export interface GrantkitClient {
  /** Calls `listener` after every state change; returns the unsubscribe function (`useSyncExternalStore`-compatible). */
  subscribe(listener: (change: GrantChange) => void): () => void;
  /** The current state: immutable, the same reference until something changes. */
  getSnapshot(): ClientState;
  /** May the user perform `action` on `resource`? Synchronous; `false` unless `ready` (fail closed, MODEL C3). */
  can(action: string, resource: GrantResource): boolean;
  /**
   * Why (not)? Synchronous; when not `ready`, `allowed: false` with a message naming the
   * status. A short reason unless `explainTexts()` is among the plugins.
   */
  explain(action: string, resource: GrantResource): Explanation;
  readonly status: ClientStatus;
  /** Fetches now ("Refresh User Data"); concurrent calls share one request. Never rejects: failures land in `error`. */
  refresh(): Promise<void>;
  /** Resolves once the client holds `revision` or later (read-your-writes after an admin operation). */
  awaitRevision(revision: number, options?: { timeoutMs?: number }): Promise<void>;
  /** Switches user: drops everything of the previous user, in memory and in storage. */
  setUser(identity: GrantkitIdentity): void;
  /** Clears memory (and storage, with `persist()`); status `idle`, every check false. Other tabs of the user sign out too (with `crossTab()`). */
  signOut(): void;
  /** Closes streams, timers, listeners and channels; every check is false afterwards. */
  dispose(): void;
}
