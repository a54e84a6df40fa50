import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** A running Node HTTP server. */
export interface RunningServer {
  /** The base URL it answers on, e.g. `http://127.0.0.1:4400`. */
  url: string;
  /** Stops accepting connections and resolves when closed. */
  close(): Promise<void>;
}

/**
 * Serves a grants app over Node's HTTP server (127.0.0.1 by default; port 0 picks a free one).
 *
 * @example
 * ```ts
 * const server = await listen(createGrantsApp({ storage }), { port: 0 });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export function listen(
  app: Hono,
  options: { port?: number; hostname?: string } = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname },
      (info: AddressInfo) => {
        resolve({
          url: `http://${hostname}:${info.port}`,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      },
    );
  });
}
