/**
 * Fetching grants: the HTTP transport (ETag / 304, `?since=` deltas) and the pull
 * that turns any transport's answer into the next raw snapshot, applying deltas.
 */
import { applyDelta, type SnapshotPatch } from '@grantkit/core/snapshot';
import { GrantkitClientError } from './errors.ts';
import type { ClientStore } from './store.ts';
import { timerSlot } from './timer.ts';
import type { FetchSnapshotContext, GrantSnapshot, GrantsResponse } from './types.ts';
import { isRevision } from './validate.ts';

/** Bundlers replace `process.env.NODE_ENV`: details and advice in messages are for development builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** A transport: the custom `fetchSnapshot` or the HTTP one. */
export type Transport = (ctx: FetchSnapshotContext) => Promise<GrantsResponse | null | undefined>;

/** Throws the error of an unexpected HTTP answer (`auth` for 401/403), after releasing its body. */
export async function ensureOk(res: Response, what: string, ok: unknown = res.ok): Promise<void> {
  if (ok) return;
  await res.body?.cancel();
  const { status } = res;
  const auth = status === 401 || status === 403;
  throw new GrantkitClientError(
    auth ? 'auth' : 'http',
    `${what} answered ${status}${process.env.NODE_ENV !== 'production' ? (auth ? ': sign in again' : ` (${res.headers.get('content-type') ?? 'no content type'})`) : ''}`,
    { status },
  );
}

/**
 * The Authorization header from `getToken`: a failing `getToken`, or one still pending when
 * `signal` aborts (the request's time is up), is an `auth` error (a token that never comes
 * must not hang the fetch, nor every later one that shares it).
 */
export async function authHeaders(
  getToken: (() => string | Promise<string>) | undefined,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  let token: string | undefined;
  try {
    token = await Promise.race([
      getToken?.(),
      new Promise<never>((_, no) => {
        if (signal) signal.onabort = no;
      }),
    ]);
  } catch (e) {
    throw new GrantkitClientError(
      'auth',
      process.env.NODE_ENV !== 'production'
        ? `getToken failed (${signal?.aborted ? 'still pending at requestTimeout' : String((e as Error)?.message ?? e)}): sign in again`
        : 'getToken failed',
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
    headers: (signal: AbortSignal) => Promise<Record<string, string>>,
  ): Transport =>
  async ({ since, etag, signal }) => {
    if (base === undefined)
      throw new GrantkitClientError(
        'network',
        process.env.NODE_ENV !== 'production'
          ? 'createGrantkitClient needs baseUrl or fetchSnapshot to load grants'
          : 'no baseUrl',
      );
    const h = await headers(signal);
    let url = `${base}/grants`;
    // the held revision: its ETag (304 while current) and the deltas since it (`pull` gives both)
    if (etag) {
      h['if-none-match'] = etag;
      url += `?since=${since}`;
    }
    const res = await fetchImpl(url, { headers: h, signal });
    // the ETag's digits (none: 0, and the held revision stays; `pull` refuses a non-revision)
    if (res.status === 304)
      return { kind: 'unchanged', revision: +/\d+/.exec(res.headers.get('etag')!)! };
    await ensureOk(res, `GET ${url}`);
    const text = await res.text();
    try {
      return JSON.parse(text) as GrantsResponse;
    } catch (e) {
      throw new GrantkitClientError(
        'invalid-snapshot',
        `GET ${url} answered ${res.status}${process.env.NODE_ENV !== 'production' ? ` (${res.headers.get('content-type') ?? 'no content type'}, ${text.length} bytes), not a grant snapshot: check baseUrl` : ''}`,
        { status: res.status, cause: e },
      );
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
  // the held revision first; the full snapshot when a delta does not apply to it
  for (let from = held; ; from = null) {
    // a body that is not an object is refused by validation (`invalid-snapshot`)
    const r = (await transport(
      from ? { since: from.revision, etag: `"${from.revision}"`, signal } : { signal },
    )) as {
      kind?: unknown;
      snapshot?: unknown;
      from?: unknown;
      patch?: unknown;
      revision?: unknown;
    } | null;
    // unchanged since what is held; with nothing held, it is no snapshot (refused by validation)
    if (from && (r == null || r.kind === 'unchanged'))
      return { same: isRevision(r?.revision) ? r.revision : undefined };
    if (r?.kind === 'full') return { raw: r.snapshot };
    if (r?.kind !== 'delta') return { raw: r };
    if (!from)
      throw new GrantkitClientError(
        'invalid-snapshot',
        process.env.NODE_ENV !== 'production'
          ? 'refused a delta instead of a full snapshot'
          : 'refused delta',
      );
    if (r.from === from.revision)
      try {
        return { raw: applyDelta(from, r.patch as SnapshotPatch) };
      } catch {}
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
    let delay = 100; // 0 once settled
    const retry = timerSlot();
    const timer = timerSlot();
    const reached = () => (store.get().revision ?? -1) >= revision;
    const done = (e?: GrantkitClientError) => {
      delay = 0;
      timer();
      retry();
      off();
      if (e) reject(e);
      else resolve();
    };
    const off = store.subscribe(() => reached() && done());
    timer(
      () =>
        done(
          new GrantkitClientError(
            'timeout',
            process.env.NODE_ENV !== 'production'
              ? `revision ${revision} did not arrive within ${timeoutMs} ms (holding ${store.get().revision})`
              : 'timeout',
            { revision },
          ),
        ),
      timeoutMs,
    );
    // refreshes, then again after `delay` (doubling) unless the subscription settled it
    const again = (): unknown => {
      delay *= 2;
      return refresh().then(() => delay && retry(again, delay));
    };
    if (reached()) done();
    else again();
  });
}
