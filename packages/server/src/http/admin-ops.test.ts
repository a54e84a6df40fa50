/**
 * The ops of issue 13 through `POST /ops/<op>` over 127.0.0.1 with a real PGlite: user
 * groups (MODEL D9), sharing rule edits (D10), permission attributes (D6, D11) and direct
 * grants on one survey (N13), each refused with its rule and visible in what the server serves.
 */
import { createEvaluator, type GrantSnapshot } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage);
  await storage.ensureTenant('px', {
    users: [{ id: 'sa', roles: ['S1ADMIN'] }, { id: 'x' }, { id: 'y' }],
    bundles: [{ id: 'S1ADMIN', grants: [{ type: 'survey', id: 's1', actions: ['admin'] }] }],
    resources: [
      { type: 'survey', id: 's1' },
      { type: 'survey', id: 's2' },
    ],
  });
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

/** The status and the error body (rule, field) of an op. */
const op = async (user: string, name: string, args: unknown, tenant = 'acme') => {
  const res = await as(srv.url, user, tenant).op(name, args);
  const body = (await res.json()) as {
    error?: { rule?: string; field?: string };
    audit?: { action: string; resource: { type: string; id: string } }[];
  };
  return { status: res.status, rule: body.error?.rule, field: body.error?.field, body };
};
const get = async <T>(user: string, path: string, tenant = 'acme') =>
  (await (await as(srv.url, user, tenant).get(path)).json()) as T;

describe('issue 13 ops over HTTP', () => {
  it('D9: createGroup, editGroup and deleteGroup; refusals name D8, K8 (409) and the field', async () => {
    expect(await op('ann', 'createGroup', { id: 'Ops1', members: ['u1'] })).toMatchObject({
      status: 403,
      rule: 'D8',
    });
    expect(await op('sam', 'createGroup', { id: 'Ops-1' })).toMatchObject({
      status: 400,
      field: 'args.id',
    });
    const created = await op('sam', 'createGroup', { id: 'Ops1', members: ['u1'] });
    expect(created.status).toBe(200);
    expect(created.body.audit?.[0]).toMatchObject({
      action: 'createGroup',
      resource: { type: 'group', id: 'Ops1' },
    });
    expect(await op('sam', 'createGroup', { id: 'Ops1' })).toMatchObject({
      status: 409,
      rule: 'K8',
    });
    expect(
      (
        await op('sam', 'editGroup', {
          id: 'Ops1',
          rule: { attr: 'region', op: '=', value: 'amer' },
        })
      ).status,
    ).toBe(200);
    const groups = await get<{ id: string; members: string[]; rule?: unknown }[]>(
      'sam',
      '/world/groups',
    );
    expect(groups.find((g) => g.id === 'Ops1')).toMatchObject({ members: ['u1'], rule: {} });
    expect((await op('sam', 'deleteGroup', { id: 'Ops1' })).status).toBe(200);
    expect(await op('sam', 'deleteGroup', { id: 'Ops1' })).toMatchObject({ status: 404 });
  });

  it('D10, D11: rules are edited and deleted by id; attributes limit their names', async () => {
    const rel = 'relationship';
    expect(
      (await op('sam', 'addAttribute', { recordType: rel, name: 'region', source: 'user' })).status,
    ).toBe(200);
    const rule = {
      id: 'emea',
      actions: ['read'],
      criteria: { attr: 'region', op: '=', value: 'emea' },
    };
    expect((await op('sam', 'addRule', { recordType: rel, rule })).status).toBe(200);
    expect(
      await op('sam', 'editRule', {
        recordType: rel,
        id: 'emea',
        rule: { actions: ['read'], advice: [{ field: 'segment', op: '=', values: ['SMB'] }] },
      }),
    ).toMatchObject({ status: 403, rule: 'D6' });
    expect(
      (await op('sam', 'addAttribute', { recordType: rel, name: 'segment', source: 'resource' }))
        .status,
    ).toBe(200);
    expect(
      (
        await op('sam', 'editRule', {
          recordType: rel,
          id: 'emea',
          rule: {
            actions: ['read', 'write'],
            advice: [{ field: 'segment', op: '=', values: ['SMB'] }],
          },
        })
      ).status,
    ).toBe(200);
    expect(await op('sam', 'removeAttribute', { recordType: rel, name: 'region' })).toMatchObject({
      status: 403,
      rule: 'D6',
    });
    expect(await op('sam', 'removeAttribute', { recordType: rel, name: 'segment' })).toMatchObject({
      status: 403,
      rule: 'D6',
    });
    expect(await op('ann', 'deleteRule', { recordType: rel, id: 'emea' })).toMatchObject({
      status: 403,
      rule: 'D8',
    });
    expect((await op('sam', 'deleteRule', { recordType: rel, id: 'emea' })).status).toBe(200);
    expect(await op('sam', 'deleteRule', { recordType: rel, id: 'emea' })).toMatchObject({
      status: 400,
      field: 'args.id',
    });
    expect((await op('sam', 'removeAttribute', { recordType: rel, name: 'segment' })).status).toBe(
      200,
    );
    const types = await get<{ type: string; attributes?: unknown[]; rules?: unknown[] }[]>(
      'sam',
      '/world/recordTypes',
    );
    expect(types.find((t) => t.type === rel)).toMatchObject({
      rules: [],
      attributes: [{ name: 'region', source: 'user' }],
    });
  });

  it('N13: an admin of one survey grants it to another user; the snapshot carries the grant', async () => {
    const s1 = { type: 'survey', id: 's1' };
    expect(
      await op('x', 'grantOn', { resource: s1, user: 'y', actions: ['admin'] }, 'px'),
    ).toMatchObject({ status: 403, rule: 'N13' });
    expect(
      await op('sa', 'grantOn', { resource: s1, user: 'sa', actions: ['admin'] }, 'px'),
    ).toMatchObject({ status: 403, rule: 'N13' });
    const granted = await op(
      'sa',
      'grantOn',
      { resource: s1, user: 'x', actions: ['admin'] },
      'px',
    );
    expect(granted.status).toBe(200);
    expect(granted.body.audit?.[0]).toMatchObject({ action: 'grantOn', resource: s1 });
    const x = createEvaluator(await get<GrantSnapshot>('x', '/grants', 'px'));
    expect(x.check('design', s1)).toBe(true);
    expect(x.check('admin', { type: 'survey', id: 's2' })).toBe(false);
    expect(x.check('useLibrary', { type: 'survey' })).toBe(false);
    expect(x.explain('admin', s1).reasons).toEqual([{ kind: 'direct' }]);
    // Who holds what directly on s1: for its admins (x is one now), not for others.
    const grants = await as(srv.url, 'x', 'px').get('/world/directGrants?type=survey&id=s1');
    expect(await grants.json()).toEqual([{ user: 'x', actions: ['admin'] }]);
    expect((await as(srv.url, 'y', 'px').get('/world/directGrants?type=survey&id=s1')).status).toBe(
      403,
    );
    expect((await as(srv.url, 'sa', 'px').get('/world/directGrants?type=survey')).status).toBe(400);
    expect((await op('sa', 'revokeOn', { resource: s1, user: 'x' }, 'px')).status).toBe(200);
    const after = createEvaluator(await get<GrantSnapshot>('x', '/grants', 'px'));
    expect(after.check('design', s1)).toBe(false);
    const audit = await get<{ actor: string; action: string }[]>(
      'sa',
      '/audit?type=survey&id=s1',
      'px',
    );
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['sa', 'grantOn'],
      ['sa', 'revokeOn'],
    ]);
  });
});
