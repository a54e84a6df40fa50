/**
 * The browser events a client reacts to (as TanStack Query's focusManager and
 * onlineManager): the page coming back into view, and the network coming back.
 */

/**
 * Listens to `focus`, `visibilitychange` and `online` on `window`: `shown` hears the window
 * getting focus or the document becoming visible (not hidden), `online` the browser saying
 * the network is back. Returns the function that removes the listeners. Outside a browser
 * it does nothing.
 *
 * @example
 * ```ts
 * const stop = watchWindow(() => sync.refresh(), () => stream.kick());
 * stop(); // on dispose
 * ```
 */
export function watchWindow(shown: () => void, online: () => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const { document } = window; // none in some runtimes that define `window` (Deno)
  const removed = new AbortController(); // its signal removes every listener
  const options = { signal: removed.signal };
  const focus = () => document?.visibilityState === 'hidden' || shown();
  window.addEventListener('focus', focus, options);
  document?.addEventListener('visibilitychange', focus, options);
  window.addEventListener('online', online, options);
  return () => removed.abort();
}
