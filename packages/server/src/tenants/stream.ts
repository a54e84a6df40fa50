/**
 * Server-Sent Events per tenant: one stream per connection, grouped per user.
 * After every revision change each watched user's snapshot is recompiled (once
 * per user, however many tabs) and an event goes out only when it changed.
 */
import type { TenantEngine } from './engine.ts';
import type { SnapshotCache } from './snapshots.ts';

interface Sink {
  send(chunk: string): void;
  close(): void;
}

interface Watcher {
  readonly userId: string;
  readonly viewAs: string | undefined;
  readonly sinks: Set<Sink>;
  lastBody: string;
}

const encoder = new TextEncoder();
const event = (revision: number) =>
  `id: ${revision}\nevent: revision\ndata: {"revision":${revision}}\n\n`;

export class StreamHub {
  private readonly watchers = new Map<string, Watcher>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly engine: TenantEngine,
    private readonly snapshots: SnapshotCache,
    private readonly heartbeatMs: number,
  ) {
    this.stopListening = engine.onChange(() => this.push());
  }

  /** Number of open connections (for tests and health). */
  get connections(): number {
    let n = 0;
    for (const w of this.watchers.values()) n += w.sinks.size;
    return n;
  }

  /** Opens an event stream for a user; `lastEventId` resumes (MODEL C2). */
  open(
    userId: string,
    viewAs: string | undefined,
    lastEventId: number | undefined,
    signal: AbortSignal,
  ): Response {
    const key = viewAs === undefined ? userId : `${userId}\u0000${viewAs}`;
    let sink: Sink | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        let open = true;
        const s: Sink = {
          send(chunk) {
            if (!open) return;
            try {
              controller.enqueue(encoder.encode(chunk));
            } catch {
              s.close();
            }
          },
          close: () => {
            if (!open) return;
            open = false;
            this.remove(key, s);
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          },
        };
        sink = s;
        const { version } = this.snapshots.current(userId, viewAs);
        let w = this.watchers.get(key);
        if (w === undefined) {
          w = { userId, viewAs, sinks: new Set(), lastBody: version.body };
          this.watchers.set(key, w);
        }
        w.sinks.add(s);
        this.startHeartbeat();
        s.send('retry: 1000\n: connected\n\n');
        const revision = this.engine.revision;
        if (lastEventId === undefined || lastEventId < revision) s.send(event(revision));
        if (signal.aborted) s.close();
        else signal.addEventListener('abort', () => s.close(), { once: true });
      },
      cancel: () => sink?.close(),
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  }

  private remove(key: string, sink: Sink): void {
    const w = this.watchers.get(key);
    if (w === undefined) return;
    w.sinks.delete(sink);
    if (w.sinks.size === 0) this.watchers.delete(key);
    if (this.watchers.size === 0 && this.heartbeat !== undefined) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== undefined) return;
    this.heartbeat = setInterval(() => {
      for (const w of this.watchers.values()) for (const s of w.sinks) s.send(': hb\n\n');
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** After a revision change: tell each watched user whose snapshot changed. */
  private push(): void {
    const revision = this.engine.revision;
    for (const w of this.watchers.values()) {
      let body: string;
      try {
        body = this.snapshots.current(w.userId, w.viewAs).version.body;
      } catch {
        continue; // a compile failure must not break other users' streams
      }
      if (body === w.lastBody) continue;
      w.lastBody = body;
      const chunk = event(revision);
      for (const s of w.sinks) s.send(chunk);
    }
  }

  /** Closes every stream. */
  close(): void {
    this.stopListening();
    for (const w of [...this.watchers.values()]) for (const s of [...w.sinks]) s.close();
  }
}
