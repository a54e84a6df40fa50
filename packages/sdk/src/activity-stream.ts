/**
 * The cross-tenant notification stream of `activity({ notifications: { scope: 'all' } })`
 * (MODEL W5): `GET /notifications/stream` read over `fetch` (the Authorization header), with
 * an idle watchdog and reconnect with backoff. Its `ready` names the tenants it listens to; each
 * `notification` is handed on unchecked (the plugin checks it, fail closed).
 */
import type { PluginContext } from './plugin.ts';

/** What the plugin hears from the stream. */
export interface NoteStreamHandlers {
  /** Connected (again): the tenants whose notifications it carries. */
  ready(tenants: readonly string[]): void;
  note(data: unknown): void;
  /** Disconnected; it reconnects by itself. */
  down(): void;
}

/** An open stream. */
export interface NoteStream {
  close(): void;
}

/**
 * Opens the signed-in person's notification stream across their tenants: reconnects after
 * a failure or a silent link (no byte for 45 s; the server beats every 15 s) with backoff.
 */
export function openNoteStream(c: PluginContext, h: NoteStreamHandlers): NoteStream {
  let closed = false;
  let ac: AbortController | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  const connect = async () => {
    const a = new AbortController();
    ac = a;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => a.abort(), 45_000);
    };
    try {
      watch();
      // the watchdog also ends the wait for a getToken that never settles (then a reconnect)
      const headers = { ...(await c.headers(a.signal)), accept: 'text/event-stream' };
      const res = await c.fetch(`${c.base}/notifications/stream`, { headers, signal: a.signal });
      // refused or no body: reconnect with backoff (what is thrown is not read)
      if (!res.ok || !res.body) throw 0;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let event = '';
      let data = '';
      // finding T6: a line or an event that never ends is cut at 1 MB (as the grants stream's)
      for (
        let chunk = await reader.read();
        !chunk.done && (buffer + data).length < 1e6;
        chunk = await reader.read()
      ) {
        watch();
        const lines = (buffer + decoder.decode(chunk.value, { stream: true })).split(/\r\n|\r|\n/);
        buffer = lines.pop()!;
        for (const line of lines) {
          const [, field, v] = /^([^:]*):? ?(.*)/.exec(line)!;
          if (field === 'data') data += data ? `\n${v}` : v;
          else if (field === 'event') event = v!;
          else if (!line) {
            try {
              const d = data ? JSON.parse(data) : null;
              if (event === 'notification') h.note(d);
              else if (event === 'ready') {
                attempt = 0;
                const t = (d as { tenants?: unknown })?.tenants;
                h.ready(Array.isArray(t) ? t.filter((x) => typeof x === 'string') : []);
              }
            } catch {}
            event = data = '';
          }
        }
      }
    } catch {}
    clearTimeout(idle);
    a.abort(); // ended, failed or cut: the connection is closed
    if (closed || ac !== a) return;
    h.down();
    // full jitter over 0.5 s · 2ⁿ, capped at 30 s
    retry = setTimeout(connect, Math.random() * Math.min(30_000, 500 * 2 ** attempt++));
  };
  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      clearTimeout(idle);
      ac?.abort();
    },
  };
}
