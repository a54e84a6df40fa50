/**
 * The admin ops client (`@grantkit/sdk/admin`) against the real grants server
 * (@grantkit/server, PGlite in memory) on 127.0.0.1: the token is sent, refusals become
 * typed errors naming the MODEL rule or the field, and with a client an op resolves only
 * once that client's snapshot reflects it (read-your-writes). Issue 11, finding 5.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HtmlServer, startHtmlServer } from './__fixtures__/html.ts';
import { connect, TENANT } from './__fixtures__/server.ts';
import { until } from './__fixtures__/util.ts';
import {
  createGrantkitAdmin,
  type GrantkitAdminOptions,
  GrantkitOpError,
  OpInputError,
  OpRefusedError,
} from './admin.ts';
import { createGrantkitClient } from './client.ts';
import { GrantkitClientError } from './errors.ts';
import type { GrantkitClient } from './types.ts';

const server = connect(inject('grants').url, inject('grants').secret);
const clients: GrantkitClient[] = [];
let html: HtmlServer;
beforeAll(async () => {
  html = await startHtmlServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});
afterAll(() => html.close());

/** A client of `userId` with no push stream: only `awaitRevision` can bring a change. */
const client = (userId: string) => {
  const c = createGrantkitClient({
    baseUrl: server.url,
    tenant: TENANT,
    userId,
    getToken: () => server.token(userId),
    push: false,
  });
  clients.push(c);
  return c;
};
const admin = (actor: string | null, options: Partial<GrantkitAdminOptions> = {}) =>
  createGrantkitAdmin({
    baseUrl: server.url,
    getToken: actor === null ? undefined : () => server.token(actor),
    ...options,
  });
/** The rejection of `p`, which must reject. */
const refusal = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the op to be refused');
};

describe('admin ops client (issue 11, finding 5)', () => {
  it('finding 5: an op resolves once the given client holds its revision (read-your-writes)', async () => {
    const ned = client('ned');
    await until(() => ned.status === 'ready', 10_000, 'ready');
    expect(ned.can('view', { type: 'report' })).toBe(false);
    const { revision, audit } = await admin('admin', { client: ned }).addToBundle({
      bundle: 'reporters',
      user: 'ned',
    });
    // no push, no wait: the snapshot already reflects the change when the op resolves
    expect(ned.getSnapshot().revision).toBeGreaterThanOrEqual(revision);
    expect(ned.can('view', { type: 'report' })).toBe(true);
    expect(audit[0]).toMatchObject({ actor: 'admin', action: 'addToBundle', revision });

    const removed = await admin('admin', { client: ned }).run('removeFromBundle', {
      bundle: 'reporters',
      user: 'ned',
    });
    expect(removed.revision).toBeGreaterThan(revision);
    expect(ned.can('view', { type: 'report' })).toBe(false);
  });

  it('finding 5: a refusal rejects with OpRefusedError carrying the MODEL rule, code and status', async () => {
    const e = await refusal(admin('mo').addToBundle({ bundle: 'reporters', user: 'ned' }));
    expect(e).toBeInstanceOf(OpRefusedError);
    expect(e).toBeInstanceOf(GrantkitOpError);
    const r = e as OpRefusedError;
    expect(r).toMatchObject({ code: 'rule', status: 403, op: 'addToBundle' });
    expect(r.rule).toMatch(/^[A-Z]\d+[a-z]?$/);
    expect(r.message).toContain(`MODEL ${r.rule}:`);
  });

  it('finding 5: without a token the op is refused with 401 (code unauthenticated)', async () => {
    const e = await refusal(admin(null).addToBundle({ bundle: 'reporters', user: 'ned' }));
    expect(e).toBeInstanceOf(GrantkitOpError);
    expect(e).not.toBeInstanceOf(OpRefusedError);
    expect(e).toMatchObject({ code: 'unauthenticated', status: 401, rule: undefined });
  });

  it('finding 5: bad input rejects with OpInputError naming the field', async () => {
    const unknown = await refusal(admin('admin').addToBundle({ bundle: 'reporters', user: 'zed' }));
    expect(unknown).toBeInstanceOf(OpInputError);
    expect(unknown).toMatchObject({ code: 'not_found', status: 404, field: 'args.user' });

    const malformed = await refusal(
      admin('admin').addToBundle({ bundle: 'reporters', user: 7 } as never),
    );
    expect(malformed).toBeInstanceOf(OpInputError);
    expect(malformed).toMatchObject({ code: 'invalid', status: 400, field: 'args.user' });
  });

  it('finding 5: a baseUrl that is not the grants server names the URL, status and content type', async () => {
    const e = await refusal(
      admin('admin', { baseUrl: `${html.url}/app/` }).setUser({ id: 'ned', active: true }),
    );
    expect(e).toBeInstanceOf(GrantkitOpError);
    expect(e).toMatchObject({ code: 'http', status: 200 });
    expect((e as Error).message).toContain(`POST ${html.url}/app/ops/setUser answered 200`);
    expect((e as Error).message).toContain('text/html');
    expect(html.paths).toContain('/app/ops/setUser');
  });

  it('finding 5: an unreachable server is a network error', async () => {
    const closed = await startHtmlServer();
    await closed.close();
    const e = await refusal(admin('admin', { baseUrl: closed.url }).deleteBundle({ id: 'x' }));
    expect(e).toMatchObject({ code: 'network', op: 'deleteBundle' });
  });

  it('finding 5: when the client never reaches the revision, the op rejects with its timeout', async () => {
    // a client whose baseUrl is not the grants server can never load the op's revision
    const lost = createGrantkitClient({
      baseUrl: html.url,
      tenant: TENANT,
      userId: 'pat',
      push: false,
    });
    clients.push(lost);
    const e = await refusal(
      admin('admin', { client: lost, awaitTimeoutMs: 300 }).setUser({
        id: 'pat',
        attributes: { team: 'a' },
      }),
    );
    expect(e).toBeInstanceOf(GrantkitClientError);
    expect(e).toMatchObject({ code: 'timeout' });
  });
});
