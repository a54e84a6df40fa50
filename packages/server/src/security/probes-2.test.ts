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
  ['setSharing', { asset: 'f1', sharing: 'public-view' }],
  ['share', { asset: 'd1', user: 'bob', level: 'view-edit' }],
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

describe('JWT algorithm confusion against a JWKS', () => {
  it('HS256 on an RSA key id or an oct key, PS256 on an RS key, RS256 on an EC key, none, an embedded jwk: null, never thrown', async () => {
    const { createServer } = await import('node:http');
    const { exportJWK, generateKeyPair, base64url } = await import('jose');
    const { createJwtAuth } = await import('../jwt.ts');
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'r' };
    const keys = [
      rsaJwk,
      { ...(await exportJWK(ec.publicKey)), kid: 'e' },
      { kty: 'oct', k: 'c2VjcmV0', kid: 'o' },
    ];
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const jwt = createJwtAuth({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
      const claims = enc({ sub: 'ann', tenant: 'acme', exp: Math.floor(Date.now() / 1000) + 600 });
      const headers = [
        { alg: 'HS256', kid: 'r' },
        { alg: 'HS256', kid: 'o' },
        { alg: 'PS256', kid: 'r' },
        { alg: 'RS256', kid: 'e' },
        { alg: 'ES384', kid: 'e' },
        { alg: 'none' },
        { alg: 'RS256', jwk: rsaJwk },
      ];
      for (const h of headers) expect(await jwt.verify(`${enc(h)}.${claims}.AAAA`)).toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('admins racing conflicting ops on one resource', () => {
  const sam = () => as(srv.url, 'sam');
  const ann = () => as(srv.url, 'ann');
  const answer = async (res: Response) => ({ status: res.status, body: await res.json() });
  const auditOf = async (type: string, id: string) =>
    (await (await sam().get(`/audit?type=${type}&id=${id}`)).json()) as {
      action: string;
      revision: number;
    }[];
  const assets = async () =>
    (await (await sam().get('/world/resources?type=asset')).json()) as {
      id: string;
      parent?: string | null;
      shares?: unknown;
    }[];

  it('two createAsset with one id at once: one 200, one 409 K8, one audit entry', async () => {
    for (let round = 0; round < 5; round++) {
      const id = `race-${round}`;
      const results = await Promise.all([
        sam().op('createAsset', { type: 'dashboard', id }).then(answer),
        ann().op('createAsset', { type: 'dashboard', id }).then(answer),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.error.rule).toBe('K8');
      const audit = await auditOf('dashboard', id);
      expect(audit.map((e) => e.action)).toEqual(['createAsset']);
      expect((await assets()).filter((a) => a.id === id)).toHaveLength(1);
    }
  });

  it('deleteAsset and share on one asset at once: no 5xx, either the share is refused or deleted with it', async () => {
    for (let round = 0; round < 5; round++) {
      const id = `ds-${round}`;
      expect((await sam().op('createAsset', { type: 'dashboard', id })).status).toBe(200);
      const [del, share] = await Promise.all([
        sam().op('deleteAsset', { asset: id }).then(answer),
        sam().op('share', { asset: id, user: 'bob', level: 'view' }).then(answer),
      ]);
      expect(del.status).toBe(200);
      expect([200, 404]).toContain(share.status);
      expect((await assets()).some((a) => a.id === id)).toBe(false);
      const bob = await (await as(srv.url, 'bob').get('/grants')).json();
      expect(JSON.stringify(bob)).not.toContain(`"${id}"`);
      const actions = (await auditOf('dashboard', id)).map((e) => e.action);
      expect(actions).toEqual(
        share.status === 200 && share.body.revision < del.body.revision
          ? ['createAsset', 'share', 'deleteAsset']
          : ['createAsset', 'deleteAsset'],
      );
    }
  });

  it('move a into b and b into a at once: exactly one applies, no cycle', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [`fa-${round}`, `fb-${round}`];
      for (const id of [a, b])
        expect((await sam().op('createAsset', { type: 'folder', id })).status).toBe(200);
      const results = await Promise.all([
        sam()
          .op('move', { assets: [a], to: b })
          .then(answer),
        ann()
          .op('move', { assets: [b], to: a })
          .then(answer),
      ]);
      expect(results.every((r) => r.status < 500)).toBe(true);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const byId = new Map((await assets()).map((x) => [x.id, x.parent ?? null]));
      expect([byId.get(a) === b, byId.get(b) === a].filter(Boolean)).toHaveLength(1);
      const moved = [...(await auditOf('folder', a)), ...(await auditOf('folder', b))].filter(
        (e) => e.action === 'move',
      );
      expect(moved).toHaveLength(1);
    }
  });

  it('deleteAsset of a folder while createAsset and move put children into it: no orphan under a deleted folder', async () => {
    for (let round = 0; round < 5; round++) {
      const [f, child, moved] = [`fx-${round}`, `cx-${round}`, `mx-${round}`];
      expect((await sam().op('createAsset', { type: 'folder', id: f })).status).toBe(200);
      expect((await sam().op('createAsset', { type: 'dashboard', id: moved })).status).toBe(200);
      const results = await Promise.all([
        sam().op('createAsset', { type: 'dashboard', id: child, parent: f }).then(answer),
        sam()
          .op('move', { assets: [moved], to: f })
          .then(answer),
        ann().op('deleteAsset', { asset: f }).then(answer),
        sam().op('deleteAsset', { asset: f }).then(answer),
      ]);
      expect(results.every((r) => r.status < 500)).toBe(true);
      const all = await assets();
      const ids = new Set(all.map((a) => a.id));
      for (const a of all)
        if (a.parent) expect([...ids, 'home', 'uncategorized']).toContain(a.parent);
      // either the folder went first (the child and the move are refused) or they did (it is not empty)
      expect(results.filter((r) => r.status === 200)).toHaveLength(ids.has(f) ? 2 : 1);
      if (!ids.has(f)) {
        expect(all.find((a) => a.id === child)?.parent ?? null).not.toBe(f);
        expect(all.find((a) => a.id === moved)?.parent ?? null).not.toBe(f);
      }
    }
  });

  it('the same share retried: the second changes nothing and writes no audit entry', async () => {
    const args = { asset: 'd2', user: 'eve', level: 'view' };
    const [x, y] = await Promise.all([
      sam().op('share', args).then(answer),
      sam().op('share', args).then(answer),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect([x.body.audit.length, y.body.audit.length].sort()).toEqual([0, 1]);
    expect(
      (await auditOf('dashboard', 'd2')).filter(
        (e) => e.action === 'share' && JSON.stringify(e).includes('eve'),
      ),
    ).toHaveLength(1);
  });
});

describe('a tenant evicted and reloaded from its checkpoint plus ops', () => {
  it('answers every user and view exactly as before: folders, group shares, group rules, record rules, lifecycle states, deactivation, a deleted group', async () => {
    const { eventually } = await import('../__fixtures__/world.ts');
    const db = await createPGliteStorage();
    await db.ensureTenant('pz', {
      users: [
        { id: 'sam', superAdmin: true },
        { id: 'pa', roles: ['PX_ADMIN'] },
        { id: 'pl', roles: ['PX_PRODUCTION_LAUNCHER', 'PX_VIEWER'] },
        { id: 'ann', attributes: { region: 'emea' } },
        { id: 'bob', attributes: { region: 'amer' } },
        { id: 'cat' },
        { id: 'eve', license: 'viewer' },
      ],
      groups: [{ id: 'EMEA', rule: { attr: 'region', op: '=', value: 'emea' } }],
      bundles: [
        {
          id: 'DASH',
          grants: [{ type: 'page', id: 'dashboards', actions: ['navigate'] }],
          users: ['ann', 'bob', 'cat'],
        },
      ],
      resources: [
        { type: 'folder', id: 'f1', owner: 'sam', sharing: 'private' },
        { type: 'folder', id: 'f2', owner: 'sam', sharing: 'private' },
        { type: 'dashboard', id: 'd1', parent: 'f1', owner: 'sam' },
        { type: 'engagement', id: 'e0', env: 'production', state: 'active' },
        { type: 'engagement', id: 'e1', env: 'staging', state: 'draft' },
        { type: 'cta', id: 'c1', fields: { region: 'emea' } },
      ],
      recordTypes: [{ type: 'cta', everyone: false, rules: [] }],
    });
    const evictions: string[] = [];
    const app = await startApp(db, {
      // a checkpoint every 6 ops: the reload reads one and replays the ops after it
      checkpointEvery: 6,
      tenants: { idleMs: 60_000, maxMemoryBytes: 0, onEvict: (e) => evictions.push(e.tenant) },
    });
    const who = (u: string) => as(app.url, u, 'pz');
    try {
      const ops: [string, string, unknown][] = [
        ['sam', 'createGroup', { id: 'TEAM2', members: ['bob', 'cat'] }],
        ['sam', 'share', { asset: 'f1', group: 'EMEA', level: 'view-edit' }],
        ['sam', 'share', { asset: 'f2', group: 'TEAM2', level: 'view' }],
        ['sam', 'move', { assets: ['d1'], to: 'f2' }],
        ['sam', 'createAsset', { type: 'dashboard', id: 'd9', parent: 'f1' }],
        ['sam', 'setSharing', { asset: 'f1', sharing: 'public-view' }],
        ['sam', 'addRule', { recordType: 'cta', rule: { id: 'r1', actions: ['read'] } }],
        ['sam', 'setUser', { id: 'ann', attributes: { region: 'amer' } }],
        ['sam', 'setUser', { id: 'bob', attributes: { region: 'emea' } }],
        ['sam', 'setUser', { id: 'cat', active: false }],
        ['pa', 'transition', { resource: { type: 'engagement', id: 'e0' }, action: 'pause' }],
        ['pa', 'transition', { resource: { type: 'engagement', id: 'e1' }, action: 'launch' }],
        ['sam', 'share', { asset: 'd9', user: 'eve', level: 'view' }],
        ['sam', 'revoke', { asset: 'f2', group: 'TEAM2' }],
        ['sam', 'deleteGroup', { id: 'TEAM2' }],
        ['ann', 'watch', { target: { type: 'dashboard', id: 'd9' } }],
      ];
      for (const [actor, op, args] of ops) {
        const res = await who(actor).op(op, args);
        expect(`${op} ${res.status} ${await res.text()}`).toMatch(new RegExp(`^${op} 200`));
      }
      const users = ['sam', 'pa', 'pl', 'ann', 'bob', 'eve'];
      const views = [
        '/world/users',
        '/world/groups',
        '/world/bundles',
        '/world/recordTypes',
        '/world/resources?type=asset',
        '/world/resources?type=engagement',
        '/audit/all?limit=1000',
      ];
      const state = async () => {
        const out: Record<string, unknown> = {};
        for (const u of users) {
          const res = await who(u).get('/grants');
          const { issuedAt: _, ...body } = (await res.json()) as Record<string, unknown>;
          out[`grants ${u}`] = { etag: res.headers.get('etag'), body };
          out[`watches ${u}`] = await (await who(u).get('/watches')).json();
        }
        for (const v of views) out[v] = await (await who('sam').get(v)).json();
        out.cat = await (await who('cat').get('/grants'))
          .text()
          .then((t) => t.replace(/"issuedAt":\d+/, ''));
        return out;
      };
      // checkpoints are written after commit, in the background: wait for the one due at 12
      await eventually(async () => ((await db.loadTenant('pz'))?.checkpointRevision ?? 0) >= 12);
      // one op more (the next checkpoint is due 6 ops after the last): it is replayed at the reload
      expect((await who('sam').op('deleteAsset', { asset: 'd1' })).status).toBe(200);
      const before = await state();
      const revision = Number((before['grants sam'] as { etag: string }).etag.replaceAll('"', ''));
      expect((await db.loadTenant('pz'))?.checkpointRevision).toBeLessThan(revision);
      await as(app.url, 'zed', 'globex').get('/grants'); // the budget evicts pz
      await eventually(() => evictions.includes('pz'));
      expect(await state()).toEqual(before);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
