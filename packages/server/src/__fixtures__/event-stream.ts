/**
 * An event stream read over real HTTP, for tests: its raw text so far, its status, whether
 * the server ended it, and its events parsed by name.
 */

/** An open stream: `s` fills as it is read; `events(name)` parses what came so far. */
export interface OpenStream {
  readonly s: { text: string; status: number; done: boolean; close(): void };
  events(name: string): Record<string, unknown>[];
}

/**
 * Opens `GET url+path` with `token` and reads it in the background until it ends (`done`)
 * or `close()` aborts it.
 */
export function openEventStream(url: string, path: string, token: string): OpenStream {
  const ctrl = new AbortController();
  const s = { text: '', status: 0, done: false, close: () => ctrl.abort() };
  void (async () => {
    try {
      const res = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: ctrl.signal,
      });
      s.status = res.status;
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (let c = await reader.read(); !c.done; c = await reader.read())
        s.text += decoder.decode(c.value, { stream: true });
    } catch {}
    s.done = true;
  })();
  const events = (name: string) =>
    [...s.text.matchAll(new RegExp(`event: ${name}\\ndata: (.*)\\n`, 'g'))].map(
      (m) => JSON.parse(m[1]!) as Record<string, unknown>,
    );
  return { s, events };
}
