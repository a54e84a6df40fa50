/**
 * A `baseUrl` that is not the grants server (the host app's own pages): the client's error
 * names the URL, the HTTP status and the content type, and says to check `baseUrl`.
 * Issue 11, finding 10.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HtmlServer, startHtmlServer } from './__fixtures__/html.ts';
import { TENANT } from './__fixtures__/server.ts';
import { createGrantkitClient } from './client.ts';
import type { GrantkitClient } from './types.ts';

let ok: HtmlServer;
let missing: HtmlServer;
const clients: GrantkitClient[] = [];
beforeAll(async () => {
  ok = await startHtmlServer(200);
  missing = await startHtmlServer(404);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});
afterAll(async () => {
  await ok.close();
  await missing.close();
});

const failed = async (baseUrl: string) => {
  const c = createGrantkitClient({ baseUrl, tenant: TENANT, userId: 'pat', push: false });
  clients.push(c);
  await c.refresh();
  expect(c.status).toBe('error');
  return c.getSnapshot().error!;
};

describe('a wrong baseUrl (issue 11, finding 10)', () => {
  it('finding 10: an HTML page answered 200 names the URL, status and content type', async () => {
    const error = await failed(`${ok.url}/app`);
    expect(error.code).toBe('invalid-snapshot');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${ok.url}/app/grants answered 200 \\(text/html; charset=utf-8, \\d+ bytes\\)`,
      ),
    );
    expect(error.message).toContain('baseUrl');
    expect(ok.paths).toContain('/app/grants');
  });

  it('finding 10: a 404 page names the URL, status and content type', async () => {
    const error = await failed(`${missing.url}/nope/`);
    expect(error).toMatchObject({ code: 'http', status: 404 });
    expect(error.message).toBe(
      `GET ${missing.url}/nope/grants answered 404 (text/html; charset=utf-8)`,
    );
  });
});
