/**
 * `createJwtAuth` (issue 11, finding 8) against a JWKS the test serves over HTTP on
 * 127.0.0.1, and the grants server behind it with a real PGlite: claims, issuer, audience,
 * expiry, clock skew, key rotation, a tenants list, and streams that end at `exp`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startApp } from './__fixtures__/world.ts';
import { createJwtAuth, type JwtAuth } from './jwt.ts';
import { createPGliteStorage } from './storage/pglite.ts';
import type { Storage } from './storage/types.ts';

const ISSUER = 'https://id.example.com/';
const AUDIENCE = 'grantkit';

/** A signing key with its public JWK (kid set). */
async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, jwk };
}
type Key = Awaited<ReturnType<typeof signingKey>>;

/** The JWKS the test serves (change `keys` to rotate), and how often it was fetched. */
const jwks = { keys: [] as JWK[], fetches: 0 };
let jwksServer: Server;
let jwksUrl: string;
let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
let auth: JwtAuth;
let k1: Key;
let k2: Key;

const nowSec = () => Math.floor(Date.now() / 1000);
const sign = (
  key: Key,
  claims: Record<string, unknown>,
  opts: { exp?: number; iss?: string; aud?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? nowSec() + 600)
    .sign(key.privateKey);

beforeAll(async () => {
  [k1, k2] = await Promise.all([signingKey('k1'), signingKey('k2')]);
  jwks.keys = [k1.jwk];
  jwksServer = createServer((_req, res) => {
    jwks.fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: jwks.keys }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  auth = createJwtAuth({
    jwksUrl,
    issuer: ISSUER,
    audience: AUDIENCE,
    tenantClaim: 'org',
    clockSkewSeconds: 0,
    jwks: { cooldownMs: 0 },
  });
  storage = await createPGliteStorage();
  srv = await startApp(storage, { authenticate: auth.authenticate, reauthenticateMs: 200 });
});
afterAll(async () => {
  await srv.close();
  await storage.close();
  await new Promise((resolve) => jwksServer.close(resolve));
});

const grants = (token: string) =>
  fetch(`${srv.url}/grants`, { headers: { authorization: `Bearer ${token}` } });

describe('createJwtAuth (issue 11, finding 8)', () => {
  it('finding 8: a token of the JWKS gets the snapshot of the tenant and user its claims name', async () => {
    const res = await grants(await sign(k1, { sub: 'ann', org: 'acme', sid: 's-1' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tenant: 'acme', user: 'ann' });
    const other = await grants(await sign(k1, { sub: 'zed', org: 'globex' }));
    expect(await other.json()).toMatchObject({ tenant: 'globex', user: 'zed' });
    const verified = await auth.verify(
      await sign(k1, { sub: 'ann', org: 'acme', sid: 's-1' }, { exp: 2_000_000_000 }),
    );
    expect(verified).toEqual({
      tenant: 'acme',
      userId: 'ann',
      sessionId: 's-1',
      expiresAt: 2_000_000_000_000,
    });
  });

  it('finding 8: a wrong issuer, audience, key or claim, and an expired token, get 401', async () => {
    const bad = [
      await sign(k1, { sub: 'ann', org: 'acme' }, { iss: 'https://evil.example.com/' }),
      await sign(k1, { sub: 'ann', org: 'acme' }, { aud: 'someone-else' }),
      await sign(k1, { sub: 'ann', org: 'acme' }, { exp: nowSec() - 5 }),
      await sign(k1, { sub: 'ann' }), // no tenant claim
      await sign(k1, { org: 'acme' }), // no user claim
      // a key the JWKS does not hold, with the kid of one it does
      await sign({ ...k2, kid: 'k1' }, { sub: 'ann', org: 'acme' }),
      'not.a.jwt',
    ];
    for (const [i, token] of bad.entries()) {
      const res = await grants(token);
      expect([i, res.status]).toEqual([i, 401]);
    }
  });

  it('finding 8: key rotation: a token of a new key is accepted once the JWKS lists it; the removed key is refused', async () => {
    const before = jwks.fetches;
    const fresh = await sign(k2, { sub: 'bob', org: 'acme' });
    expect((await grants(fresh)).status).toBe(401); // not published yet
    jwks.keys = [k2.jwk];
    expect((await grants(fresh)).status).toBe(200); // unknown kid → the JWKS is fetched again
    expect(jwks.fetches).toBeGreaterThan(before);
    expect((await grants(await sign(k1, { sub: 'bob', org: 'acme' }))).status).toBe(401);
    jwks.keys = [k1.jwk, k2.jwk];
  });

  it('clock skew: a token expired a moment ago is accepted within the tolerance only', async () => {
    const token = await sign(k1, { sub: 'ann', org: 'acme' }, { exp: nowSec() - 20 });
    const lenient = createJwtAuth({
      jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
      tenantClaim: 'org',
      clockSkewSeconds: 120,
    });
    expect(await lenient.verify(token)).toMatchObject({ tenant: 'acme', userId: 'ann' });
    expect(await auth.verify(token)).toBeNull();
  });

  it('a tenants list claim: the request picks a listed tenant with x-grantkit-tenant', async () => {
    const multi = createJwtAuth({
      jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
      tenantsClaim: 'tenants',
    });
    const token = await sign(k1, { sub: 'ann', tenants: ['acme', 'globex'] });
    const req = (tenant?: string) =>
      new Request('http://x/grants', {
        headers: {
          authorization: `Bearer ${token}`,
          ...(tenant === undefined ? {} : { 'x-grantkit-tenant': tenant }),
        },
      });
    expect(await multi.authenticate(req('globex'))).toMatchObject({
      tenant: 'globex',
      userId: 'ann',
    });
    expect(await multi.authenticate(req('initech'))).toBeNull(); // not listed
    expect(await multi.authenticate(req())).toBeNull(); // two listed, none picked
    const single = await sign(k1, { sub: 'ann', tenants: ['acme'] });
    expect(await multi.verify(single)).toMatchObject({ tenant: 'acme' }); // MODEL W5: the principal lists every tenant of the identity (scope=all merges them).
    expect((await multi.authenticate(req('globex')))?.tenants).toEqual([
      { tenant: 'acme', userId: 'ann' },
      { tenant: 'globex', userId: 'ann' },
    ]);
  });

  it('finding 8: an event stream ends at the token’s exp (event: end, reason expired), like HMAC tokens', async () => {
    const token = await sign(k1, { sub: 'u1', org: 'acme' }, { exp: nowSec() + 2 });
    const ac = new AbortController();
    const res = await fetch(`${srv.url}/grants/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    let text = '';
    let ended = false;
    const reader = res.body!.getReader();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      ended = true;
    })();
    await eventually(() => ended, 15_000);
    expect(text).toMatch(/event: end\ndata: \{"reason":"expired"/);
    ac.abort();
  });

  it('a static key (a public JWK, or an HMAC secret) verifies without a JWKS', async () => {
    const byJwk = createJwtAuth({
      key: k1.jwk,
      issuer: ISSUER,
      audience: AUDIENCE,
      tenantClaim: 'org',
    });
    expect(await byJwk.verify(await sign(k1, { sub: 'ann', org: 'acme' }))).toMatchObject({
      userId: 'ann',
    });
    expect(await byJwk.verify(await sign(k2, { sub: 'ann', org: 'acme' }))).toBeNull();
    const secret = new TextEncoder().encode('a-shared-secret-of-32-bytes-long!');
    const hs = createJwtAuth({ key: secret, algorithms: ['HS256'] });
    const token = await new SignJWT({ sub: 'ann', tenant: 'acme' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(secret);
    expect(await hs.verify(token)).toMatchObject({ tenant: 'acme', userId: 'ann' });
    // no exp: refused (a token without an expiry would never end)
    const forever = await new SignJWT({ sub: 'ann', tenant: 'acme' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    expect(await hs.verify(forever)).toBeNull();
  });

  it('needs exactly one of jwksUrl or key, and https for a remote JWKS', () => {
    expect(() => createJwtAuth({})).toThrow(/exactly one of jwksUrl/);
    expect(() => createJwtAuth({ jwksUrl: 'http://id.example.com/jwks' })).toThrow(/must be https/);
  });
});
