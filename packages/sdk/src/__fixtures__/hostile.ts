/**
 * A hostile or broken grants server on 127.0.0.1: a plain `node:http` server whose
 * answers each test writes itself (`GET /grants`, `GET /grants/stream`, any other path:
 * `/ops/<op>`, `/notifications`), for what the
 * real server never sends: subtly wrong snapshots, deltas that do not apply, garbage
 * on the event stream, endless lines, streams that close at once. It records every
 * request and counts the bytes it streamed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request seen: its path with the query, and the headers the client sent. */
export interface Seen {
  readonly url: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
}

/** Answers one request; `n` counts the requests of its path, from 0. */
export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

export interface HostileServer {
  readonly url: string;
  /** What `GET /grants` answers (default: a 503). */
  grants: Handler;
  /** What `GET /grants/stream` answers (default: a stream that stays open, silent). */
  stream: Handler;
  /** What any other path answers (default: a 404). */
  other: Handler;
  /** Every request, in order. */
  readonly seen: Seen[];
  /** Requests seen of `path` (without the query). */
  count(path: string): number;
  /** Connections open now. */
  open(): number;
  /** Cuts every connection, forgets the requests seen and restores the default answers (between tests). */
  reset(): void;
  close(): Promise<void>;
}

/** Answers `body` as JSON with status 200 (and `headers`). */
export const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Starts an event stream on `res` and writes `text` (the stream stays open). */
export const sse = (res: ServerResponse, text = '') => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  if (text) res.write(text);
};

const unavailable: Handler = (_, res) => {
  res.writeHead(503);
  res.end();
};
const silent: Handler = (_, res) => sse(res);
const notFound: Handler = (_, res) => {
  res.writeHead(404);
  res.end();
};

/** A hostile server, not listening yet: `listen()` starts it on 127.0.0.1 and sets `url`. */
export function createHostileServer(): HostileServer & { listen(): Promise<void> } {
  const sockets = new Set<Socket>();
  const counts = new Map<string, number>();
  const hostile: HostileServer & { listen(): Promise<void> } = {
    url: '',
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      (hostile as { url: string }).url =
        `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    grants: unavailable,
    stream: silent,
    other: notFound,
    seen: [],
    count: (path) => counts.get(path) ?? 0,
    open: () => sockets.size,
    reset() {
      for (const s of sockets) s.destroy();
      hostile.seen.length = 0;
      counts.clear();
      hostile.grants = unavailable;
      hostile.stream = silent;
      hostile.other = notFound;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const n = counts.get(path) ?? 0;
    counts.set(path, n + 1);
    hostile.seen.push({ url, path, headers: req.headers });
    req.resume();
    // one request per connection: a test's first request never meets a socket the last one cut
    res.shouldKeepAlive = false;
    // a client that gives up (abort, shut) closes its socket: nothing more is written to it
    res.on('error', () => {});
    if (path === '/grants/stream') hostile.stream(req, res, n);
    else if (path === '/grants') hostile.grants(req, res, n);
    else hostile.other(req, res, n);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return hostile;
}

/** Starts a hostile server on 127.0.0.1. */
export async function startHostileServer(): Promise<HostileServer> {
  const hostile = createHostileServer();
  await hostile.listen();
  return hostile;
}
