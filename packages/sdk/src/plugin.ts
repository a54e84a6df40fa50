/**
 * What an opt-in part of the client (`crossTab()`, `persist()`, `explainTexts()`) is: it
 * starts with each signed-in user and hears what the client takes from the server. The
 * default client keeps validation, push, ETag/deltas, fail-closed staleness and short
 * reasons; the plugins add what not every app needs, in their own entry points.
 */

import type { GrantkitClientError } from './errors.ts';
import type { ExplainWith } from './reasons.ts';
import type { GrantkitIdentity, GrantSnapshot } from './types.ts';

/**
 * Why a plugin's session ends: the client is disposed, switches user, signs out here,
 * or another tab of the user signed out.
 *
 * @example
 * ```ts
 * const stop = (why: StopReason) => { if (why === 'sign-out') forgetEverything(); };
 * ```
 */
export type StopReason = 'dispose' | 'switch-user' | 'sign-out' | 'signed-out-elsewhere';

/**
 * What the client tells a plugin when it took an answer of the server: the grants it
 * holds now, confirmed at `at`, and whether they changed from revision `previous`.
 *
 * @example
 * ```ts
 * const received = ({ snapshot, changed }: Received) => changed && save(snapshot);
 * ```
 */
export interface Received {
  readonly snapshot: GrantSnapshot;
  /** The revision held before (-1: none). */
  readonly previous: number;
  /** When the server confirmed the grants current (ms since the epoch). */
  readonly at: number;
  /** New grants, not the held ones confirmed or re-stamped. */
  readonly changed: boolean;
}

/**
 * What a plugin may do with the client, for the signed-in user.
 *
 * @example
 * ```ts
 * const start = (ctx: PluginContext) => {
 *   ctx.offer(ctx.validate(JSON.parse(saved)), { at: savedAt });
 *   return {};
 * };
 * ```
 */
export interface PluginContext {
  readonly identity: GrantkitIdentity;
  /** The snapshot held, or `null`. */
  readonly snapshot: GrantSnapshot | null;
  /** When the held grants were last confirmed current (ms). */
  readonly confirmedAt: number;
  /** Whether this client leads its user's tabs. */
  readonly leading: boolean;
  /** The grants server's base URL (`baseUrl` without trailing slashes), if any. */
  readonly base: string | undefined;
  /** The client's `fetch`. */
  readonly fetch: typeof fetch;
  /**
   * The request headers of the signed-in user (Authorization). A `getToken` still pending
   * when `signal` aborts rejects with an `auth` error naming getToken.
   */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** The client's `requestTimeout` (ms): a plugin's request slower than this is abandoned. */
  readonly requestTimeout: number;
  now(): number;
  /** Maximum staleness of `s` in ms. */
  maxStale(s: GrantSnapshot): number;
  /** Returns `raw` as a snapshot of the signed-in user, or throws why it is refused (MODEL C3). */
  validate(raw: unknown): GrantSnapshot;
  /** Takes a validated snapshot from elsewhere (the cache, another tab), confirmed at `at`; throws when older. */
  offer(snapshot: GrantSnapshot, options: { readonly at: number }): void;
  /** The held grants are current as of `revision` (not older than the held one) at `at`. */
  confirm(options: { readonly revision: number; readonly at: number }): void;
  /** Starts or stops leading: the one stream and the automatic fetches of the user's tabs. */
  lead(leading: boolean): void;
  /** Fetches now. */
  refresh(): void;
  /** Re-arms the next automatic fetch (a follower that got a snapshot needs none). */
  schedule(): void;
  /** Publishes an error that does not fail the sync (storage). */
  report(error: GrantkitClientError): void;
  /** Signs out here because another tab of the user did. */
  signOutElsewhere(): void;
}

/**
 * What a plugin does while a user is signed in; every hook is optional.
 *
 * @example
 * ```ts
 * const session: PluginSession = { received: ({ snapshot }) => save(snapshot), stop: () => {} };
 * ```
 */
export interface PluginSession {
  /** It elects the leader of the user's tabs (calls `ctx.lead`): the client does not lead alone. */
  readonly elects?: boolean;
  /** The client took an answer of the server. */
  received?(event: Received): void;
  /** A live push stream confirmed the held grants of `revision` at `at`. */
  confirmed?(event: { readonly revision: number; readonly at: number }): void;
  /** The push stream carried another event (`activity`, `notification`), its data parsed, unchecked. */
  event?(event: string, data: unknown): void;
  /** The session ends. */
  stop?(reason: StopReason): void;
}

/**
 * An opt-in part of the client, passed in `plugins` of `createGrantkitClient`.
 *
 * @example
 * ```ts
 * import { crossTab } from '@grantkit/sdk/cross-tab';
 * import { persist } from '@grantkit/sdk/persist';
 * const client = createGrantkitClient({ baseUrl, tenant, userId, plugins: [crossTab(), persist()] });
 * ```
 */
export interface GrantkitPlugin {
  /** Its name, for debugging (`cross-tab`, `persist`, `explain`). */
  readonly name: string;
  /** How a ready client explains answers (`explainTexts()`: the full texts). */
  readonly explain?: ExplainWith | undefined;
  /** Starts with each signed-in user (and again after `setUser`). */
  start?(ctx: PluginContext): PluginSession;
}
