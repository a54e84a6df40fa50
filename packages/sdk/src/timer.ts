/**
 * One pending call at a time (the stale timer, the next fetch, the stream's watchdog and
 * reconnect): arming it again replaces the call, `arm()` clears it. The delay is capped at
 * the longest `setTimeout` keeps (a longer one would fire at once).
 */

/** The longest delay `setTimeout` keeps (about 24.8 days). */
export const MAX_TIMER = 2 ** 31 - 1;

/** A timer slot: `arm(fn, ms)` calls `fn` after `ms` instead of what was pending; `arm()` clears it. */
export type TimerSlot = (fn?: () => unknown, ms?: number) => void;

/**
 * Creates an empty timer slot.
 *
 * @example
 * ```ts
 * const poll = timerSlot();
 * poll(() => sync.fetchNow(), 60_000); // replaces any pending poll
 * poll(); // cancelled
 * ```
 */
export const timerSlot = (): TimerSlot => {
  let pending: ReturnType<typeof setTimeout> | undefined;
  return (fn, ms = 0) => {
    clearTimeout(pending);
    if (fn) pending = setTimeout(fn, Math.min(ms, MAX_TIMER));
  };
};
