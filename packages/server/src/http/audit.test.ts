/**
 * `GET /audit` and `GET /audit/all` over 127.0.0.1 with a real PGlite: who may read an entry
 * and its before/after (MODEL E5), decided by core's `auditAccess` / `readableAudit`.
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

interface Entry {
  actor: string;
  action: string;
  resource: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}
const read = async (user: string, path: string) => {
  const res = await as(srv.url, user).get(path);
  return { status: res.status, body: (await res.json()) as Entry[] };
};

describe('audit trail access (MODEL E5)', () => {
  it('finding 5: viewers of a dashboard read its audit entries without the before/after share lists (MODEL E5)', async () => {
    // ann owns d2 (admin, MODEL A3); eve is given view, bob nothing.
    for (const [user, level] of [
      ['eve', 'view'],
      ['u1', 'view-edit'],
    ] as const)
      expect((await as(srv.url, 'ann').op('share', { asset: 'd2', user, level })).status).toBe(200);

    const owner = await read('ann', '/audit?type=dashboard&id=d2');
    expect(owner.status).toBe(200);
    expect(owner.body.map((e) => e.action)).toEqual(['share', 'share']);
    expect(owner.body[1]!.after).toMatchObject({ sharing: 'specific' });
    expect(JSON.stringify(owner.body[1]!.after)).toContain('u1');

    const viewer = await read('eve', '/audit?type=dashboard&id=d2');
    expect(viewer.status).toBe(200);
    expect(viewer.body.map((e) => [e.actor, e.action])).toEqual([
      ['ann', 'share'],
      ['ann', 'share'],
    ]);
    for (const e of viewer.body)
      expect(Object.keys(e)).not.toEqual(expect.arrayContaining(['before']));
    expect(JSON.stringify(viewer.body)).not.toContain('u1');

    expect((await read('bob', '/audit?type=dashboard&id=d2')).status).toBe(403);
    // The super admin reads everything, tenant-wide too.
    const all = await read('sam', '/audit/all?limit=1000');
    expect(all.body.filter((e) => e.resource.id === 'd2').every((e) => 'after' in e)).toBe(true);
  });

  it('a bundle administrator who is not N10 reads the bundle trail but not its before/after', async () => {
    // ann (N10) makes eve an administrator of DASH (a bundle ann holds, MODEL R3).
    expect(
      (
        await as(srv.url, 'ann').op('addToBundle', {
          bundle: 'DASH',
          user: 'eve',
          administrator: true,
        })
      ).status,
    ).toBe(200);
    const ann = await read('ann', '/audit?type=bundle&id=DASH');
    expect(ann.body.at(-1)).toHaveProperty('after');
    const eve = await read('eve', '/audit?type=bundle&id=DASH');
    expect(eve.status).toBe(200);
    expect(eve.body.at(-1)).toMatchObject({ actor: 'ann', action: 'addToBundle' });
    expect(eve.body.at(-1)).not.toHaveProperty('after');
    expect((await read('bob', '/audit?type=bundle&id=DASH')).status).toBe(403);
  });
});
