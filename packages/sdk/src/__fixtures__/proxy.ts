/**
 * A real HTTP proxy on 127.0.0.1 in front of the real grants server, for fault
 * injection: it can refuse connections, answer 500, delay, truncate, corrupt, swap the
 * caller's token (so the server answers for another user), replay an older answer, and
 * drop open event streams. Not a mock: every answer it passes on comes from the server.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What to do with one request. */
export type Fault =
  | { readonly kind: 'down' } // the connection is closed without an answer
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'truncate' } // half the body, then the connection is cut
  | { readonly kind: 'corrupt' } // the body with every `{` replaced by `<`
  /** Forwarded with another Authorization; `full`: without `since` and `If-None-Match`. */
  | { readonly kind: 'token'; readonly token: string; readonly full?: boolean }
  | { readonly kind: 'body'; readonly body: string }; // a recorded body from the server

/** A recorded answer of the server. */
export interface Recorded {
  readonly path: string;
  readonly status: number;
  readonly body: string;
}

export interface FaultProxy {
  readonly url: string;
  /** Decides per request; `undefined` passes it on. */
  rule: ((req: IncomingMessage) => Fault | undefined) | undefined;
  /** Every answer passed on, in order (event streams excluded). */
  readonly recorded: Recorded[];
  /** Requests seen, by path (without the query). */
  readonly hits: Map<string, number>;
  /** Everything the event streams passed on, in order. */
  readonly streamed: string;
  /** Event streams currently open through the proxy. */
  openStreams(): number;
  /** Cuts every open event stream. */
  dropStreams(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<FaultProxy> {
  const to = new URL(target);
  const streams = new Set<Socket>();
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    rule: undefined,
    recorded: [],
    streamed: '',
    hits: new Map(),
    openStreams: () => streams.size,
    dropStreams: () => {
      for (const s of streams) s.destroy();
    },
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    proxy.hits.set(path, (proxy.hits.get(path) ?? 0) + 1);
    const fault = proxy.rule?.(req);
    if (fault?.kind === 'down') return req.socket.destroy();
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'internal', message: 'injected' } }));
    }
    if (fault?.kind === 'body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(fault.body);
    }
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    const headers = { ...req.headers, host: to.host };
    let url = req.url;
    if (fault?.kind === 'token') {
      headers.authorization = `Bearer ${fault.token}`;
      if (fault.full) {
        url = path;
        delete headers['if-none-match'];
      }
    }
    const up = httpRequest(
      { host: to.hostname, port: to.port, path: url, method: req.method, headers },
      (answer) => {
        const isStream = path.endsWith('/grants/stream') && answer.statusCode === 200;
        if (isStream) {
          streams.add(req.socket);
          req.socket.once('close', () => streams.delete(req.socket));
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.flushHeaders();
          answer.on('data', (c: Buffer) => {
            (proxy as { streamed: string }).streamed += c.toString('utf8');
          });
          answer.pipe(res);
          res.once('close', () => answer.destroy());
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8');
          proxy.recorded.push({ path, status: answer.statusCode ?? 0, body });
          const out = { ...answer.headers };
          delete out['content-length'];
          delete out['transfer-encoding'];
          if (fault?.kind === 'corrupt') body = body.replaceAll('{', '<');
          const bytes = Buffer.from(body);
          if (fault?.kind === 'truncate') {
            res.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': bytes.length });
            res.write(bytes.subarray(0, bytes.length >> 1));
            setTimeout(() => req.socket.destroy(), 20);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': bytes.length });
          res.end(bytes);
        });
      },
    );
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
    res.once('close', () => up.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
