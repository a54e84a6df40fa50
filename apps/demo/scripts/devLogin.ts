/**
 * DEV ONLY. The demo's sign-in: `POST /dev/login { userId }` answers `{ token }`, a token
 * signed for that user of the demo tenant, so anyone can sign in as any seeded user without
 * a password. Everything else goes to the grants app. A real host signs tokens after its
 * own authentication; never put a route like this in front of a production grants server.
 */
import type { GrantsApp, HmacAuth } from '@grantkit/server';

const USER_ID = /^[\w.@-]{1,64}$/;

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * Wraps `app` with the dev sign-in route for `tenant`; `tenantsOf` lists the other tenants a
 * person belongs to under the same identity (MODEL W5), signed into the token.
 */
export function withDevLogin(
  app: Pick<GrantsApp, 'fetch'>,
  auth: Pick<HmacAuth, 'sign'>,
  tenant: string,
  tenantsOf?: (userId: string) => { tenant: string; userId: string }[],
): { fetch(request: Request): Promise<Response> } {
  return {
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname !== '/dev/login') return app.fetch(request);
      if (request.method !== 'POST')
        return json(405, { error: { code: 'invalid', message: 'POST /dev/login { userId }' } });
      let userId: unknown;
      try {
        userId = ((await request.json()) as { userId?: unknown }).userId;
      } catch {
        userId = undefined;
      }
      if (typeof userId !== 'string' || !USER_ID.test(userId))
        return json(400, {
          error: { code: 'invalid', field: 'userId', message: 'userId must be a user id' },
        });
      const tenants = tenantsOf?.(userId) ?? [];
      return json(200, {
        token: auth.sign({ tenant, userId, ...(tenants.length > 0 ? { tenants } : {}) }),
      });
    },
  };
}
