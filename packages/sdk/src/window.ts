/**
 * The browser events a client reacts to (as TanStack Query's focusManager and
 * onlineManager): the page coming back into view, and the network coming back.
 */

/** What to do when the page is shown again or the device is back online. */
export interface WindowHandlers {
  /** The window got focus or the document became visible (not when it was hidden). */
  focus(): void;
  /** The browser says the network is back. */
  online(): void;
}

/**
 * Listens to `focus`, `visibilitychange` and `online` on `window`; returns the function that
 * removes the listeners. Outside a browser it does nothing.
 *
 * @example
 * ```ts
 * const stop = watchWindow({ focus: () => sync.refresh(), online: () => stream.kick() });
 * stop(); // on dispose
 * ```
 */
export function watchWindow(handlers: WindowHandlers): () => void {
  if (typeof window === 'undefined') return () => {};
  const { document } = window; // none in some runtimes that define `window` (Deno)
  const removed = new AbortController(); // its signal removes every listener
  const options = { signal: removed.signal };
  const focus = () => document?.visibilityState === 'hidden' || handlers.focus();
  window.addEventListener('focus', focus, options);
  document?.addEventListener('visibilitychange', focus, options);
  window.addEventListener('online', () => handlers.online(), options);
  return () => removed.abort();
}
