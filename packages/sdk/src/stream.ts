/**
 * Server-Sent Events push over `fetch` + `ReadableStream` (so the Authorization header
 * works): revision events, heartbeats, resume with `Last-Event-ID`, reconnect with
 * exponential backoff and full jitter, and an idle watchdog for silently dead links.
 */
import { asClientError, type GrantkitClientError } from './errors.ts';
import { ensureOk } from './sync.ts';
import { timerSlot } from './timer.ts';
import { isRevision } from './validate.ts';

/** What the stream needs from the client. */
export interface StreamOptions {
  readonly url: string;
  readonly fetcher: typeof fetch;
  /** Request headers (Authorization); called before every connection, `signal` bounding the wait. */
  headersFor(signal: AbortSignal): Promise<Record<string, string>>;
  /** Connected: catch up on anything missed while down. */
  onOpen(): void;
  /** Bytes arrived (an event or a heartbeat), after their events: the link is alive. */
  onBeat(): void;
  /** The server announced a revision of this user's grants. */
  onRevision(revision: number): void;
  /** Another event (`activity`, `notification`), its data parsed. */
  onEvent?(event: string, data: unknown): void;
  /** Disconnected; a reconnect is scheduled. */
  onDown(error: GrantkitClientError): void;
  /** No bytes for this long (ms) means a dead link; default 45 000. */
  readonly idleTimeout?: number;
}

/** A running stream. */
export interface Stream {
  /** Reconnects now with a fresh backoff (coming back online). */
  kick(): void;
  /** Closes it for good: the connection and every timer. */
  shut(): void;
}

/** Delay before reconnect attempt `n` (0-based): full jitter over 0.5 s · 2ⁿ, capped at 30 s. */
export const backoff = (n: number): number => Math.random() * Math.min(30_000, 500 * 2 ** n);

export function openStream(o: StreamOptions): Stream {
  let attempt = 0;
  let lastId = '';
  /** The connection's controller; `undefined` once shut. */
  let ac: AbortController | undefined;
  const retry = timerSlot();
  const idle = timerSlot();

  const stop = () => {
    retry();
    idle();
    ac?.abort();
  };
  /** (Re)arms the idle watchdog of connection `c`. */
  const watch = (c: AbortController) => {
    idle(() => c.abort(), o.idleTimeout ?? 45_000);
  };

  const connect = async (): Promise<void> => {
    const controller = new AbortController();
    const started = Date.now();
    ac = controller;
    try {
      // the watchdog also bounds the wait for the token (a `getToken` that never settles)
      watch(controller);
      const headers = await o.headersFor(controller.signal);
      if (lastId) headers['last-event-id'] = lastId;
      headers.accept = 'text/event-stream';
      const res = await o.fetcher(o.url, { headers, signal: controller.signal });
      await ensureOk(res, `GET ${o.url}`, res.ok && res.body);
      o.onOpen();
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let data = '';
      let event = '';
      // a line or an event that never ends (a broken server) is cut at 1 MB, not buffered without bound
      for (
        let chunk = await reader.read();
        !chunk.done && (buffer + data).length < 1e6;
        chunk = await reader.read()
      ) {
        watch(controller);
        const lines = (buffer + decoder.decode(chunk.value, { stream: true })).split(/\r\n|\r|\n/);
        buffer = lines.pop()!;
        for (const line of lines) {
          // `field: value` (one space after the colon dropped); a line starting with `:` is a comment
          const [, field, v] = /^([^:]*):? ?(.*)/.exec(line)!;
          if (field === 'data') data += data ? `\n${v}` : v;
          else if (field === 'event') event = v!;
          // the grants server's ids are revisions: it refuses any other Last-Event-ID (400)
          else if (field === 'id' && /^\d{1,15}$/.test(v!)) lastId = v!;
          else if (!line) {
            // a blank line ends an event
            if (data)
              try {
                const d = JSON.parse(data);
                if (!event || event === 'revision') {
                  if (isRevision(d.revision)) o.onRevision(d.revision);
                } else o.onEvent?.(event, d); // activity, notification: for the plugins
              } catch {}
            data = event = '';
          }
        }
        o.onBeat(); // after the chunk's events: a heartbeat never hides an announced revision
      }
      // ended (or cut): reconnect; `onDown` reads only the code of what is thrown (network)
      throw 0;
    } catch (e) {
      idle();
      controller.abort(); // a connection cut by the client (an endless line) is closed
      // not shut, nor replaced by a kick
      if (ac !== controller) return;
      o.onDown(asClientError(e));
      // the backoff starts over only after a connection that lasted: a server that ends every
      // stream right after its first event is not asked again and again at the shortest delay
      if (Date.now() - started > 3e4) attempt = 0;
      retry(connect, backoff(attempt++));
    }
  };

  void connect();
  return {
    kick() {
      if (!ac) return;
      stop();
      attempt = 0;
      void connect();
    },
    shut() {
      stop();
      ac = undefined;
    },
  };
}
