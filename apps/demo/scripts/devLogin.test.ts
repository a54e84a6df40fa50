import { describe, expect, it } from 'vitest';
import { withDevLogin } from './devLogin.ts';

const app = { fetch: async (r: Request) => new Response(`grants ${new URL(r.url).pathname}`) };
const auth = {
  sign: ({ tenant, userId }: { tenant: string; userId: string }) => `${tenant}.${userId}`,
};
const handler = withDevLogin(app, auth, 'acme');
const post = (body: string) =>
  handler.fetch(new Request('http://x/dev/login', { method: 'POST', body }));

describe('the dev sign-in route', () => {
  it('signs a token for the chosen user of the demo tenant', async () => {
    const res = await post('{"userId":"eve"}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ token: 'acme.eve' });
  });

  it('refuses a missing or malformed user id and other methods', async () => {
    expect((await post('{}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"userId":"a b"}')).status).toBe(400);
    expect((await handler.fetch(new Request('http://x/dev/login'))).status).toBe(405);
  });

  it('forwards everything else to the grants app', async () => {
    const res = await handler.fetch(new Request('http://x/grants'));
    expect(await res.text()).toBe('grants /grants');
  });
});

describe('the dev sign-in across products (MODEL W5)', () => {
  it('lists the tenants a person belongs to in their token, and none for others', async () => {
    const signed: unknown[] = [];
    const multi = withDevLogin(
      app,
      {
        sign: (claims: { tenant: string; userId: string }) => {
          signed.push(claims);
          return 'token';
        },
      },
      'acme',
      (userId) => (userId === 'pad' ? [{ tenant: 'px-web', userId: 'pad' }] : []),
    );
    const login = (userId: string) =>
      multi.fetch(
        new Request('http://x/dev/login', { method: 'POST', body: JSON.stringify({ userId }) }),
      );
    expect((await login('pad')).status).toBe(200);
    expect((await login('eve')).status).toBe(200);
    expect(signed).toEqual([
      { tenant: 'acme', userId: 'pad', tenants: [{ tenant: 'px-web', userId: 'pad' }] },
      { tenant: 'acme', userId: 'eve' },
    ]);
  });
});
