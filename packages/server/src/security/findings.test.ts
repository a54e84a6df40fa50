/**
 * Regression tests of issue 10's findings 6, 9 and 12 over HTTP on 127.0.0.1 with a real
 * PGlite: bounded input, typed errors, request ids in the log, one definition of args.
 */
import { InvalidInputError, parseOpArgs } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acme, as, auth, startApp } from '../__fixtures__/world.ts';
import type { ErrorContext } from '../app.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
/** Fails the next `withTenantLock` with a plain Error (a fault inside the engine's apply). */
let injectFault = false;
const logged: { error: unknown; context: ErrorContext | undefined }[] = [];
beforeAll(async () => {
  storage = await createPGliteStorage();
  const faulty = new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === 'withTenantLock' && injectFault) {
        injectFault = false;
        return async () => {
          throw new Error('injected fault inside the tenant engine');
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  srv = await startApp(faulty, { onError: (error, context) => logged.push({ error, context }) });
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

const revision = async () =>
  Number((await as(srv.url, 'sam').get('/grants')).headers.get('etag')?.replaceAll('"', ''));
const VIEWS = ['/world/users', '/world/groups', '/world/bundles', '/world/recordTypes'];
const viewsAnswer = async (base: string) => {
  const statuses: number[] = [];
  for (const v of [...VIEWS, '/world/resources?type=asset', '/grants']) {
    const res = await as(base, 'sam').get(v);
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
};
const nest = (n: number, leaf: unknown, wrap: (x: unknown) => unknown) => {
  let v = leaf;
  for (let i = 0; i < n; i++) v = wrap(v);
  return v;
};
/** Deep JSON as text (JSON.stringify itself recurses). */
const deepText = (n: number, open: string, leaf: string, close: string) =>
  `${open.repeat(n)}${leaf}${close.repeat(n)}`;

describe('finding 6: one rule no longer bricks a tenant', () => {
  it('finding 6: addRule with advice values nested 2,000 deep is a 400 naming the depth bound; every view still answers', async () => {
    const rev = await revision();
    const body = `{"recordType":"cta","rule":{"id":"deep","actions":["read"],"advice":[{"field":"f","op":"=","values":[${deepText(2000, '[', '1', ']')}]}]}}`;
    const res = await as(srv.url, 'sam').op('addRule', body);
    const error = (await res.json()).error;
    expect(res.status).toBe(400);
    expect(error.field).toMatch(/^args\.rule\.advice\[0\]\.values\[0\](\[0\])+$/);
    expect(error.message).toContain('depth ≤ 32');
    expect(await viewsAnswer(srv.url)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await revision()).toBe(rev);
  });

  it('finding 6: 5,000 nested nots in rule criteria, grant conditions and bundle rules are 400, not 500', async () => {
    const not = deepText(5000, '{"not":', '{"attr":"a","op":"=","value":1}', '}');
    const cond = deepText(5000, '{"not":', '{"field":"f","op":"=","value":1}', '}');
    const cases: [string, string][] = [
      ['addRule', `{"recordType":"cta","rule":{"id":"n","actions":["read"],"criteria":${not}}}`],
      ['createBundle', `{"id":"N","grants":[],"rule":${not}}`],
      ['editBundle', `{"id":"TEAM","grants":[],"rule":${not}}`],
      ['createBundle', `{"id":"N","grants":[{"type":"cta","actions":["read"],"when":${cond}}]}`],
    ];
    for (const [op, body] of cases) {
      const res = await as(srv.url, 'sam').op(op, body);
      expect({ op, status: res.status }).toEqual({ op, status: 400 });
      expect((await res.json()).error.message).toContain('depth ≤ 32');
    }
    expect(logged).toEqual([]);
  });

  it('finding 6: an op stored before the bounds is skipped on replay, so the tenant loads and answers', async () => {
    await storage.ensureTenant('legacy', acme());
    const deep = nest(200, 1, (x) => [x]);
    await storage.withTenantLock('legacy', (tx) =>
      tx.append({
        actor: 'sam',
        op: 'addRule',
        args: {
          recordType: 'cta',
          rule: {
            id: 'deep',
            actions: ['read'],
            advice: [{ field: 'f', op: '=', values: [deep] }],
          },
        },
        at: Date.now(),
        audit: [],
      }),
    );
    const skipped: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => skipped.push(args);
    try {
      const token = auth.sign({ tenant: 'legacy', userId: 'sam' });
      const headers = { authorization: `Bearer ${token}` };
      for (const v of VIEWS) {
        const res = await fetch(`${srv.url}${v}`, { headers });
        expect({ v, status: res.status }).toEqual({ v, status: 200 });
        await res.arrayBuffer();
      }
    } finally {
      console.warn = warn;
    }
    expect(skipped).toHaveLength(1);
  });
});

describe('finding 9: bad characters are 400, and unexpected errors are logged with the request id', () => {
  it('finding 9: a NUL or lone surrogate in any id, attribute or query is a 400 naming the field, never 503', async () => {
    const rev = await revision();
    const cases: [string, unknown, string][] = [
      ['setUser', { id: 'a\u0000b' }, 'args.id'],
      ['setUser', { id: 'ann', attributes: { region: 'x\uD800' } }, 'args.attributes.region'],
      ['setUser', { id: 'ann', attributes: { 'r\u0000': 'x' } }, 'args.attributes["r\\u0000"]'],
      ['share', { asset: 'd3', user: '\uDC00', level: 'view' }, 'args.user'],
      ['addToBundle', { bundle: 'TEAM\u0000', user: 'bob' }, 'args.bundle'],
    ];
    for (const [op, args, field] of cases) {
      const res = await as(srv.url, 'sam').op(op, args);
      expect({ op, status: res.status, field: (await res.json()).error.field }).toEqual({
        op,
        status: 400,
        field,
      });
    }
    for (const q of [
      '/audit?type=dashboard&id=a%00b',
      '/world/resources?type=%00',
      '/grants?viewAs=%00',
      '/audit/all?limit=1%00',
    ]) {
      const res = await as(srv.url, 'sam').get(q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      await res.arrayBuffer();
    }
    expect(await revision()).toBe(rev);
    expect(logged).toEqual([]);
  });

  it('finding 9: an error thrown inside the engine apply reaches onError and the answer with the request id', async () => {
    logged.length = 0;
    injectFault = true;
    const res = await fetch(`${srv.url}/ops/share`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${as(srv.url, 'sam').token}`,
        'content-type': 'application/json',
        'x-request-id': 'req-finding-9',
      },
      body: JSON.stringify({ asset: 'd3', user: 'bob', level: 'view' }),
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('req-finding-9');
    expect(logged).toHaveLength(1);
    expect(String(logged[0]?.error)).toContain('injected fault');
    expect(logged[0]?.context).toEqual({
      requestId: 'req-finding-9',
      method: 'POST',
      path: '/ops/share',
    });
    // The next request works, and gets a fresh id when it sends none (or a malformed one).
    const next = await as(srv.url, 'sam').get('/world/users', { 'x-request-id': 'bad id\n' });
    expect(next.status).toBe(200);
    expect(next.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    logged.length = 0;
  });
});

describe('finding 12: one definition of op args, so HTTP and core cannot disagree', () => {
  it('finding 12: managerId null clears the manager in both layers; a null attribute and an unknown license are refused in both', async () => {
    expect((await as(srv.url, 'sam').op('setUser', { id: 'u1', managerId: 'u2' })).status).toBe(
      200,
    );
    expect((await as(srv.url, 'sam').op('setUser', { id: 'u1', managerId: null })).status).toBe(
      200,
    );
    const users = (await (await as(srv.url, 'sam').get('/world/users')).json()) as {
      id: string;
      managerId?: string;
    }[];
    expect(users.find((u) => u.id === 'u1')).not.toHaveProperty('managerId');
    const bad: [string, Record<string, unknown>][] = [
      ['setUser', { id: 'u1', attributes: { region: null } }],
      ['setUser', { id: 'u1', license: 'gold' }],
      ['share', { asset: 'd3', level: 'view' }],
      ['move', { assets: [], to: 'f1' }],
      ['createBundle', { id: 'X', grants: [{ type: 'page', actions: [] }] }],
      ['addRule', { recordType: 'cta', rule: { id: 'r', actions: ['fly'] } }],
      ['transition', { resource: { type: 'cta' }, action: 'launch' }],
    ];
    for (const [op, args] of bad) {
      let corePath: string | undefined;
      try {
        parseOpArgs(op as 'setUser', args);
      } catch (e) {
        if (e instanceof InvalidInputError) corePath = e.path;
      }
      const res = await as(srv.url, 'sam').op(op, args);
      const body = await res.json();
      expect({ op, status: res.status, field: body.error.field }).toEqual({
        op,
        status: 400,
        field: corePath,
      });
      // The path is named once in the message.
      expect(body.error.message.split(corePath as string).length).toBe(2);
    }
  });

  it('answers unknown ids 404 and unknown ops 404 by type, and a caller outside the tenant 403', async () => {
    const cases: [string, string, unknown, number][] = [
      ['sam', 'share', { asset: 'nope', user: 'bob', level: 'view' }, 404],
      ['sam', 'addToBundle', { bundle: 'TEAM', user: 'nobody' }, 404],
      ['sam', 'transition', { resource: { type: 'cta', id: 'c404' }, action: 'launch' }, 404],
      ['sam', '__proto__', {}, 404],
      ['ghost', 'share', { asset: 'd3', user: 'bob', level: 'view' }, 403],
    ];
    for (const [user, op, args, status] of cases) {
      const res = await as(srv.url, user).op(op, args);
      expect({ op, status: res.status }).toEqual({ op, status });
    }
  });
});
