/**
 * A web server on 127.0.0.1 that is not the grants server: it answers every request with
 * an HTML page (what a wrong `baseUrl` reaches, e.g. the host app's own index.html).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HtmlServer {
  readonly url: string;
  /** The paths requested so far. */
  readonly paths: string[];
  close(): Promise<void>;
}

export async function startHtmlServer(status = 200): Promise<HtmlServer> {
  const paths: string[] = [];
  const page = `<!doctype html><html><head><title>My app</title></head><body>${'<p>app</p>'.repeat(50)}</body></html>`;
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
