/**
 * A second attacker's pass over HTTP on 127.0.0.1 with a real PGlite: every op's args
 * mutated as a fuzzer would (null, wrong types, look-alike ids, empty and duplicate
 * arrays), and admins racing conflicting ops on one resource. No 5xx, a refused op
 * changes nothing (R4), exactly one outcome of a race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage);
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

const revision = async () =>
  Number((await as(srv.url, 'sam').get('/grants')).headers.get('etag')?.replaceAll('"', ''));

/** A valid args object of each op (against Acme), the seed of the mutations. */
const SEEDS: [string, Record<string, unknown>][] = [
  ['createBundle', { id: 'FZ', grants: [{ type: 'page', id: 'timeline', actions: ['navigate'] }] }],
  ['editBundle', { id: 'TEAM', grants: [{ type: 'page', id: 'timeline', actions: ['navigate'] }] }],
  ['deleteBundle', { id: 'TEAM' }],
  ['addToBundle', { bundle: 'TEAM', user: 'eve', administrator: true }],
  ['removeFromBundle', { bundle: 'DASH', user: 'bob' }],
  ['assignRole', { user: 'eve', role: 'TEAM' }],
  ['unassignRole', { user: 'ann', role: 'DASH' }],
  [
    'setUser',
    {
      id: 'eve',
      attributes: { region: 'emea' },
      license: 'viewer',
      active: true,
      superAdmin: false,
      managerId: 'ann',
    },
  ],
  ['addToGroup', { group: 'EMEA', user: 'eve' }],
  ['removeFromGroup', { group: 'EMEA', user: 'ann' }],
  ['createGroup', { id: 'GZ', members: ['eve', 'bob'] }],
  ['editGroup', { id: 'EMEA', members: ['eve'], rule: null }],
  ['deleteGroup', { id: 'EMEA' }],
  ['createAsset', { type: 'dashboard', id: 'dz', parent: 'f1' }],
  ['deleteAsset', { asset: 'd2' }],
  ['setSharing', { asset: 'f1', sharing: 'public' }],
  ['share', { asset: 'd1', user: 'bob', level: 'edit' }],
  ['revoke', { asset: 'd1', user: 'bob' }],
  ['move', { assets: ['d2'], to: 'f1' }],
  ['setEveryone', { recordType: 'relationship', on: true }],
  ['addRule', { recordType: 'relationship', rule: { id: 'rz', actions: ['read'] } }],
  ['grantOn', { resource: { type: 'dashboard', id: 'd2' }, user: 'bob', actions: ['view'] }],
  ['revokeOn', { resource: { type: 'dashboard', id: 'd2' }, user: 'bob', actions: ['view'] }],
  ['watch', { target: { type: 'dashboard', id: 'd2' } }],
  ['unwatch', { target: { type: 'dashboard', id: 'd2' } }],
];

/** What a fuzzer puts in one position. */
const POISON: unknown[] = [
  null,
  42,
  -1,
  1e308,
  true,
  [],
  {},
  [null],
  '',
  ' d2',
  'd2 ',
  'd\u200b2',
  'ԁ2',
  'x'.repeat(256),
  { __proto__: null, toString: 'x' },
  ['d2', 'd2'],
];

/** Every path to a leaf or array of `v`, with `v` itself. */
const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] => {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
};
const setAt = (v: unknown, at: (string | number)[], x: unknown): unknown => {
  if (at.length === 0) return x;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<
    string | number,
    unknown
  >;
  copy[at[0]!] = setAt(copy[at[0]!], at.slice(1), x);
  return copy;
};

describe('fuzzed op args', () => {
  it('null, wrong types, look-alikes and duplicates in every position of every op: never a 5xx, a refusal changes nothing', async () => {
    const bad: string[] = [];
    const sam = as(srv.url, 'sam');
    let turn = 0;
    let known = await revision();
    for (const [op, seed] of SEEDS) {
      for (const at of paths(seed).slice(1)) {
        // two poisons per position, rotating through the list: bounded load (~400 requests)
        for (const poison of [POISON[turn++ % POISON.length], POISON[turn++ % POISON.length]]) {
          const what = `${op} ${at.join('.')}=${JSON.stringify(poison)}`;
          const res = await sam.op(op, setAt(seed, at, poison));
          const body = await res.text();
          if (res.status === 200) known = JSON.parse(body).revision;
          else if (![400, 403, 404, 409].includes(res.status))
            bad.push(`${what}: ${res.status} ${body}`);
          else if ((await revision()) !== known)
            bad.push(`${what}: ${res.status} yet the revision moved`);
        }
      }
    }
    expect(bad).toEqual([]);
    // the tenant still answers
    expect((await sam.get('/grants')).status).toBe(200);
  }, 600_000);
});

describe('JWT algorithm confusion', () => {
  it('finding J1: a token whose header alg is not the static key’s (HS256 signed with the public RSA key, PS256, none) is refused with 401, not thrown', async () => {
    const { exportJWK, generateKeyPair, SignJWT, base64url } = await import('jose');
    const { createHmac } = await import('node:crypto');
    const { createJwtAuth } = await import('../jwt.ts');
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'r1', alg: 'RS256' };
    const jwt = createJwtAuth({ key: jwk });
    const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
    const claims = enc({ sub: 'ann', tenant: 'acme', exp: Math.floor(Date.now() / 1000) + 600 });
    const hmacWith = (secret: string, head: string) =>
      `${head}.${claims}.${createHmac('sha256', secret).update(`${head}.${claims}`).digest('base64url')}`;
    const forged = [
      hmacWith(JSON.stringify(jwk), enc({ alg: 'HS256', kid: 'r1' })),
      hmacWith(jwk.n!, enc({ alg: 'HS512' })),
      `${enc({ alg: 'PS256', kid: 'r1' })}.${claims}.AAAA`,
      `${enc({ alg: 'ES256' })}.${claims}.AAAA`,
      `${enc({ alg: 'none' })}.${claims}.`,
    ];
    for (const token of forged) expect(await jwt.verify(token)).toBeNull();
    const good = await new SignJWT({ sub: 'ann', tenant: 'acme' })
      .setProtectedHeader({ alg: 'RS256', kid: 'r1' })
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await jwt.verify(good)).toMatchObject({ tenant: 'acme', userId: 'ann' });
    // over HTTP: 401 each, and nothing reaches the host's error log
    const errors: unknown[] = [];
    const s2 = await createPGliteStorage();
    const app = await startApp(s2, {
      authenticate: jwt.authenticate,
      onError: (error) => errors.push(error),
    });
    try {
      for (const token of forged) {
        const res = await fetch(`${app.url}/grants`, {
          headers: { authorization: `Bearer ${token}` },
        });
        await res.arrayBuffer();
        expect(res.status).toBe(401);
      }
      const ok = await fetch(`${app.url}/grants`, { headers: { authorization: `Bearer ${good}` } });
      await ok.arrayBuffer();
      expect(ok.status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      await app.close();
      await s2.close();
    }
  });
});
