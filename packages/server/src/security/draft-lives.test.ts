/**
 * A draft copy published onto its original is removed (MODEL E1, E2): its id may be given to
 * another draft, of another engagement in another environment. What was audited about the
 * published copy (the production original's fields it carried) is an earlier life of that
 * id (MODEL E5, W1): the new draft's editors read neither its trail, its feed nor a
 * notification of it. Real PGlite, real HTTP on 127.0.0.1.
 */
import type { WorldInput } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

const world = (): WorldInput => ({
  users: [
    { id: 'sam', superAdmin: true },
    { id: 'pl', roles: ['PX_ADMIN'] },
    { id: 'ed', roles: ['STG'] },
  ],
  bundles: [
    {
      id: 'STG',
      grants: [{ type: 'engagement', actions: ['view', 'edit'], env: ['staging'] }],
    },
  ],
  resources: [
    {
      type: 'engagement',
      id: 'prod1',
      env: 'production',
      state: 'active',
      fields: { secret: 'payroll-s3' },
    },
    { type: 'engagement', id: 'st1', env: 'staging', state: 'draft' },
  ],
});

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  await storage.ensureTenant('dl', world());
  srv = await startApp(storage);
});
afterAll(async () => {
  await srv?.close();
  await storage?.close();
});

const call = (user: string) => {
  const client = as(srv.url, user, 'dl');
  return {
    get: async (path: string) => {
      const res = await client.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.json() as Promise<unknown>;
    },
    op: async (op: string, args: unknown) => {
      const res = await client.op(op, args);
      expect({ op, status: res.status }).toEqual({ op, status: 200 });
    },
  };
};

describe('a published draft copy is an earlier life of its id (MODEL E5, W1)', () => {
  it('finding S7-1 (server): a staging editor re-using a published copy’s id reads only the new draft’s trail and feed', async () => {
    const pl = call('pl');
    const ed = call('ed');
    await pl.op('draftCopy', { resource: { type: 'engagement', id: 'prod1' }, id: 'dx' });
    await pl.op('transition', {
      resource: { type: 'engagement', id: 'dx' },
      action: 'edit',
      fields: { secret: 'payroll-v2' },
    });
    await pl.op('transition', { resource: { type: 'engagement', id: 'dx' }, action: 'launch' });
    await ed.op('draftCopy', { resource: { type: 'engagement', id: 'st1' }, id: 'dx' });

    // One page at a time too: the copy's end is on another page than its beginning.
    const pages: unknown[] = [];
    for (const limit of [1, 2, 50])
      pages.push(await ed.get(`/activity?resource=engagement:dx&limit=${limit}`));
    const trail = (await ed.get('/audit?type=engagement&id=dx')) as { actor: string }[];
    const feed = (await ed.get('/activity?resource=engagement:dx')) as {
      items: { actor: string }[];
    };
    expect(trail.map((e) => e.actor)).toEqual(['ed']);
    expect(feed.items.map((e) => e.actor)).toEqual(['ed']);
    const read = JSON.stringify([trail, feed, pages, await ed.get('/activity')]);
    expect(read).not.toContain('payroll-s3');
    expect(read).not.toContain('"pl"');

    // A super admin reads both lives.
    const all = (await call('sam').get('/audit?type=engagement&id=dx')) as { actor: string }[];
    expect(all.map((e) => e.actor)).toEqual(['pl', 'pl', 'pl', 'ed']);
  });
});
