/**
 * Fetching grants: the HTTP transport (ETag / 304, `?since=` deltas) and the pull
 * that turns any transport's answer into the next raw snapshot, applying deltas.
 */
import { applyDelta } from '@grantkit/core';
import { GrantkitClientError } from './errors.ts';
import type { ClientStore } from './store.ts';
import type { FetchSnapshotContext, GrantSnapshot, GrantsResponse } from './types.ts';

/** A transport: the custom `fetchSnapshot` or the HTTP one. */
export type Transport = (ctx: FetchSnapshotContext) => Promise<GrantsResponse | null | undefined>;

/** The error of an unexpected HTTP status. */
export const httpError = (status: number, what: string): GrantkitClientError =>
  status === 401 || status === 403
    ? new GrantkitClientError('auth', `${what} answered ${status}: sign in again or fix getToken`, {
        status,
      })
    : new GrantkitClientError(
        'http',
        `${what} answered ${status}: the client retries; check the grants server`,
        { status },
      );

const invalid = (what: string, cause?: unknown): GrantkitClientError =>
  new GrantkitClientError(
    'invalid-snapshot',
    `refused ${what} from the grants server: check it and any proxy between`,
    { cause },
  );

/** The Authorization header from `getToken` (a failing `getToken` is an `auth` error). */
export async function authHeaders(
  getToken: (() => string | Promise<string>) | undefined,
): Promise<Record<string, string>> {
  let token: string | undefined;
  try {
    token = await getToken?.();
  } catch (e) {
    throw new GrantkitClientError(
      'auth',
      `getToken failed (${String((e as Error)?.message ?? e)}): sign in again`,
      { cause: e },
    );
  }
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The HTTP transport of the grants server at `base`. */
export const httpTransport =
  (
    base: string | undefined,
    fetchImpl: typeof fetch,
    headers: () => Promise<Record<string, string>>,
  ): Transport =>
  async ({ since, etag, signal }) => {
    if (base === undefined)
      throw new GrantkitClientError(
        'network',
        'createGrantkitClient needs baseUrl or fetchSnapshot to load grants',
      );
    const h = await headers();
    if (etag !== undefined) h['if-none-match'] = etag;
    const res = await fetchImpl(`${base}/grants${since === undefined ? '' : `?since=${since}`}`, {
      headers: h,
      signal,
    });
    if (res.status === 304)
      return {
        kind: 'unchanged',
        revision: Number(/\d+/.exec(res.headers.get('etag') ?? '')?.[0]),
      };
    if (!res.ok) {
      await res.body?.cancel();
      throw httpError(res.status, 'GET /grants');
    }
    const text = await res.text();
    try {
      return JSON.parse(text) as GrantsResponse;
    } catch (e) {
      throw invalid(`a body that is not JSON (${text.length} bytes)`, e);
    }
  };

/** What a pull found: a raw snapshot to check, or the held one is still current (as of `same`). */
export type Pulled = { readonly raw: unknown } | { readonly same: number | undefined };

/**
 * Asks `transport` for what changed since `held` and returns the next raw snapshot (not
 * validated yet), or that nothing changed. A delta that does not start at `held` (or
 * does not apply) is answered by fetching the full snapshot.
 */
export async function pull(
  transport: Transport,
  held: GrantSnapshot | null,
  signal: AbortSignal,
): Promise<Pulled> {
  const ask = (from: GrantSnapshot | null) =>
    transport(
      from === null ? { signal } : { since: from.revision, etag: `"${from.revision}"`, signal },
    );
  let body: unknown = await ask(held);
  for (let full = held === null; ; full = true) {
    if (body == null) return { same: undefined };
    if (typeof body !== 'object') throw invalid('a body that is not an object');
    const r = body as {
      kind?: unknown;
      snapshot?: unknown;
      from?: unknown;
      patch?: unknown;
      revision?: unknown;
    };
    if (r.kind === 'unchanged')
      return { same: Number.isSafeInteger(r.revision) ? (r.revision as number) : undefined };
    if (r.kind === 'full') return { raw: r.snapshot };
    if (r.kind !== 'delta') return { raw: body };
    if (!full && held !== null && r.from === held.revision) {
      try {
        return { raw: applyDelta(held, r.patch as Parameters<typeof applyDelta>[1]) };
      } catch {}
    }
    if (full) throw invalid('a delta where a full snapshot was asked for');
    body = await ask(null);
  }
}

/**
 * Resolves once the store holds `revision` or later (read-your-writes): refreshes now,
 * then again with a doubling pause while the server has not caught up; rejects with
 * `timeout` after `timeoutMs`.
 */
export function waitForRevision(
  store: ClientStore,
  refresh: () => Promise<void>,
  revision: number,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let delay = 100;
    let over = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const reached = () => (store.get().revision ?? -1) >= revision;
    const done = (e?: GrantkitClientError) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      clearTimeout(retry);
      off();
      if (e) reject(e);
      else resolve();
    };
    const off = store.subscribe(() => reached() && done());
    const timer = setTimeout(
      () =>
        done(
          new GrantkitClientError(
            'timeout',
            `revision ${revision} did not arrive within ${timeoutMs} ms (holding ${store.get().revision}): see the client's error`,
            { revision },
          ),
        ),
      timeoutMs,
    );
    const again = (): unknown =>
      reached()
        ? done()
        : refresh().then(() => {
            if (over) return;
            if (reached()) return done();
            delay *= 2;
            retry = setTimeout(again, delay);
          });
    again();
  });
}
