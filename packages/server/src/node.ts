import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A running Node HTTP server. */
export interface RunningServer {
  /** The base URL it answers on, e.g. `http://127.0.0.1:4400`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends open ones (event streams included) and resolves when closed. */
  close(): Promise<void>;
}

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Host name (default `127.0.0.1`). */
  hostname?: string;
}

/**
 * Serves a Fetch handler (such as a grants app) over Node's HTTP server.
 *
 * @example
 * ```ts
 * const server = await listen(createGrantsApp({ storage, schema, authenticate }), { port: 0 });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export function listen(
  app: { fetch(request: Request): Response | Promise<Response> },
  options: ListenOptions = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: (request: Request) => app.fetch(request), port: options.port ?? 0, hostname },
      (info: AddressInfo) => {
        resolve({
          url: `http://${hostname}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
