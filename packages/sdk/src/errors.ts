/**
 * The one error class of the client. Every failure has a stable `code` and a message
 * saying what happened and what to do; the client keeps its last good snapshot.
 */

import { BRAND } from './brand.ts';

/**
 * Why a sync failed.
 *
 * @example
 * ```ts
 * const code: GrantkitClientErrorCode | undefined = client.getSnapshot().error?.code;
 * ```
 */
export type GrantkitClientErrorCode =
  /** The server could not be reached, the connection broke, or it answered too slowly. */
  | 'network'
  /** The server answered with an unexpected HTTP status (see `status`). */
  | 'http'
  /** The server refused the token (401/403). */
  | 'auth'
  /** A body that is not a valid grant snapshot (malformed, truncated, wrong shape). */
  | 'invalid-snapshot'
  /** A snapshot of another format version than this client reads. */
  | 'unsupported-format'
  /** A snapshot for another user or tenant (MODEL C3). */
  | 'foreign-snapshot'
  /** A snapshot older than the one held (revisions only move forward). */
  | 'older-snapshot'
  /** The snapshot is past its maximum staleness and could not be revalidated (MODEL C4). */
  | 'stale'
  /** The persistent cache could not be read or written (full, corrupted, blocked). */
  | 'storage'
  /** `awaitRevision` ran out of time. */
  | 'timeout';

/**
 * What an error carries besides its message.
 *
 * @example
 * ```ts
 * const init: GrantkitClientErrorInit = { status: 500 };
 * new GrantkitClientError('http', 'GET /grants answered 500', init);
 * ```
 */
export interface GrantkitClientErrorInit {
  /** HTTP status, for `http` and `auth`. */
  readonly status?: number | undefined;
  /** Revision involved (received, or awaited). */
  readonly revision?: number | undefined;
  readonly cause?: unknown;
}

/** The brand key of `GrantkitClientError` (the same in every copy). */
const CLIENT_ERROR_KEY = 'sdk:GrantkitClientError';

/**
 * A sync failure of the Grantkit client: `code` says which kind, the message what to do.
 * `instanceof` holds whichever build (CJS or ESM) threw it.
 *
 * @example
 * ```ts
 * const { error } = client.getSnapshot();
 * if (error?.code === 'auth') redirectToSignIn();
 * ```
 */
export class GrantkitClientError extends Error {
  declare readonly code: GrantkitClientErrorCode;
  declare readonly status: number | undefined;
  declare readonly revision: number | undefined;
  constructor(code: GrantkitClientErrorCode, message: string, init: GrantkitClientErrorInit = {}) {
    super(message, init); // `cause`, when given
    this.name = 'GrantkitClientError';
    this.code = code;
    this.status = init.status;
    this.revision = init.revision;
  }
  /** @internal */
  get [BRAND](): string {
    return CLIENT_ERROR_KEY;
  }
  /** `instanceof` holds across the CJS and ESM builds. */
  static override [Symbol.hasInstance](x: unknown): boolean {
    // No branded class extends this one: its instances (of any copy) answer its key; a
    // host's subclass, which declares no key, is checked natively.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class checked (a subclass too)
    return this === GrantkitClientError
      ? (x as { [BRAND]?: string } | null)?.[BRAND] === CLIENT_ERROR_KEY
      : // biome-ignore lint/complexity/noThisInStatic: the native check, on `this` (a subclass)
        super[Symbol.hasInstance](x);
  }
}

/** Bundlers replace `process.env.NODE_ENV`: advice in messages is for development builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Wraps anything thrown by a transport as a client error. */
export const asClientError = (e: unknown): GrantkitClientError =>
  e instanceof GrantkitClientError
    ? e
    : new GrantkitClientError(
        'network',
        `could not reach the grants server (${String((e as Error)?.message ?? e)})${process.env.NODE_ENV !== 'production' ? ': check baseUrl' : ''}`,
        { cause: e },
      );
