/**
 * The sync scheduler: when the client fetches. One fetch at a time (concurrent calls
 * share it), abandoned after `requestTimeout`; the leader polls while no push stream is
 * open and revalidates before maxStale; failures are retried with backoff; a revision
 * announced during a fetch is fetched right after it. What a fetch brings goes to
 * `receive`; failures and staleness live in the snapshot holder.
 */
import { asClientError, GrantkitClientError } from './errors.ts';
import type { SnapshotHolder } from './holder.ts';
import { backoff } from './stream.ts';
import { type Pulled, pull, type Transport } from './sync.ts';
import { MAX_TIMER, timerSlot } from './timer.ts';

/** Bundlers replace `process.env.NODE_ENV`: details in messages are for development builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** What the scheduler needs. */
export interface SchedulerOptions {
  readonly holder: SnapshotHolder;
  readonly transport: Transport;
  /** Takes what a fetch brought (throws when it is refused: that counts as a failure). */
  readonly receive: (got: Pulled) => void;
  readonly now: () => number;
  /** A request slower than this (ms) is abandoned as a network error. */
  readonly requestMs: number;
  /** Polling interval (ms) while no push stream is open. */
  readonly pollMs: number;
  /** No automatic fetch: only `refresh()` fetches (SSR: no timer is ever left armed). */
  readonly manual?: boolean | undefined;
}

/** How the scheduler runs: leading the user's tabs, and whether a push stream is open. */
export interface SchedulerMode {
  readonly leads?: boolean | undefined;
  readonly streaming?: boolean | undefined;
}

/** The sync scheduler of one client. */
export interface SyncScheduler {
  /** Fetches now; concurrent calls share one request. Never rejects. */
  fetchNow(): Promise<void>;
  /** A newer revision was announced: fetch now, or once more after the fetch in flight. */
  catchUp(): void;
  /** A fetch is in flight. */
  readonly busy: boolean;
  /** Whether this client leads (the one stream and the automatic fetches of the user's tabs). */
  readonly leads: boolean;
  /** Changes how it runs and re-arms the next automatic fetch. */
  tune(mode: SchedulerMode): void;
  /** Arms the next automatic fetch. */
  arm(): void;
  /** Starts the automatic fetches for a signed-in user (following until told to lead). */
  begin(): void;
  /** Stops: aborts the fetch in flight (its answer is dropped) and every timer. */
  halt(): void;
}

/**
 * Creates the sync scheduler of a client.
 *
 * @example
 * ```ts
 * const sync = createScheduler({ holder, transport, receive, now: Date.now, requestMs: 15_000, pollMs: 60_000 });
 * sync.begin();
 * sync.tune({ leads: true });
 * await sync.fetchNow();
 * ```
 */
export function createScheduler(options: SchedulerOptions): SyncScheduler {
  const { holder, transport, receive, now, requestMs: requestTimeout, pollMs } = options;
  let active = false;
  let inflight: Promise<void> | undefined;
  let abort: AbortController | undefined;
  /** A revision was announced while a fetch was in flight: fetch again after it. */
  let pending = false;
  let leading = false;
  let streaming = false;
  const poll = timerSlot();

  /**
   * The next automatic fetch: the leader polls while no stream is open, revalidates before
   * maxStale and retries failures with backoff; a follower only fetches if no tab gave it
   * a snapshot.
   */
  const schedule = () => {
    poll();
    const held = holder.held;
    if (!active || options.manual || (!leading && held)) return;
    let wait = streaming ? MAX_TIMER : pollMs;
    if (holder.failures > 0) wait = Math.max(100, backoff(holder.failures - 1));
    else if (held) wait = Math.min(wait, holder.heldAt + holder.staleAfter(held) * 0.75 - now());
    // a follower waits for the leader's snapshot (an answer to `who`; tabs may be slow)
    else if (!leading) wait = 2_000;
    poll(refresh, wait); // a negative wait is no wait
  };

  const refresh = (): Promise<void> => {
    if (active) inflight ??= fetchOnce();
    return inflight ?? Promise.resolve();
  };

  /**
   * One fetch (`inflight` while it runs: it always awaits before settling). Its controller
   * is `abort` until `halt()`: the answer of a fetch whose controller is no longer `abort` is
   * dropped.
   */
  const fetchOnce = async () => {
    const ac = new AbortController();
    abort = ac;
    const timer = timerSlot();
    try {
      const got = await Promise.race([
        pull(transport, holder.held, ac.signal),
        // production: the fetch rejects with the platform's AbortError (a `network` error too).
        // A transport that ignores the abort (a custom fetchSnapshot that never settles) is
        // given up one turn later: what the transport itself rejects with comes first (a
        // getToken still pending is `auth`), and refresh() never hangs.
        new Promise<never>((_, no) =>
          timer(() => {
            if (process.env.NODE_ENV !== 'production')
              ac.abort(
                new GrantkitClientError(
                  'network',
                  `the grants server did not answer within ${requestTimeout} ms (requestTimeout)`,
                ),
              );
            else ac.abort();
            timer(() => no(ac.signal.reason));
          }, requestTimeout),
        ),
      ]);
      if (abort === ac) {
        receive(got);
        holder.succeed();
      }
    } catch (e) {
      // the timeout's abort: the fetch rejects with its reason (production: the platform's
      // AbortError), or `getToken`'s `auth` error when the token was still awaited
      if (abort === ac) holder.fail(asClientError(e));
    }
    timer();
    if (abort === ac) {
      inflight = undefined;
      schedule();
      // announced while in flight, and newer than what it brought: fetch once more
      if (pending && holder.behind) void refresh();
      pending = false;
    }
  };

  return {
    fetchNow: refresh,
    catchUp() {
      if (inflight) pending = true;
      else void refresh();
    },
    get busy() {
      return inflight !== undefined;
    },
    get leads() {
      return leading;
    },
    tune(mode) {
      leading = mode.leads ?? leading;
      streaming = mode.streaming ?? streaming;
      schedule();
    },
    arm: schedule,
    begin() {
      active = true;
    },
    halt() {
      active = pending = leading = streaming = false;
      abort?.abort();
      abort = undefined;
      inflight = undefined;
      poll();
    },
  };
}
