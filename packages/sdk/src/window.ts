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
  const focus = () => document?.visibilityState === 'hidden' || shown();
  // add/removeEventListener, not an AbortSignal: a test DOM installed over Node's globals
  // (jsdom's window beside Node's AbortController) refuses a signal it did not make
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    window[method]('focus', focus);
    document?.[method]('visibilitychange', focus);
    window[method]('online', online);
  };
  listen('addEventListener');
  return () => listen('removeEventListener');
}
