/**
 * The in-process API (`app.grants`, issue 11, findings 6 and 7) against a real PGlite, next to
 * the HTTP endpoints it shares its code with: snapshot, apply, audit, syncUsers.
 */
import { RuleViolationError, SYSTEM_ACTOR } from '@grantkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startApp } from './__fixtures__/world.ts';
import { GrantsForbiddenError } from './http/errors.ts';
import { createPGliteStorage } from './storage/pglite.ts';
import { type Storage, UnknownTenantError } from './storage/types.ts';

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

const caught = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const strip = ({ issuedAt: _i, ...rest }: { issuedAt?: number }) => rest;

describe('in-process API (issue 11, finding 6)', () => {
  it('finding 6: grants.snapshot answers what GET /grants answers, with no token or request', async () => {
    const inProcess = await srv.app.grants.snapshot('acme', 'ann');
    const overHttp = await (await as(srv.url, 'ann').get('/grants')).json();
    expect(strip(inProcess)).toEqual(strip(overHttp));
    expect(inProcess).toMatchObject({ tenant: 'acme', user: 'ann', revision: overHttp.revision });
  });

  it('finding 6: grants.apply commits like POST /ops, and the next snapshot (any path) shows it', async () => {
    const before = await srv.app.grants.snapshot('acme', 'eve');
    const result = await srv.app.grants.apply('acme', 'ann', {
      op: 'share',
      args: { asset: 'd2', user: 'eve', level: 'view' },
    });
    expect(result.revision).toBe(before.revision + 1);
    expect(result.audit).toEqual([
      expect.objectContaining({ actor: 'ann', action: 'share', revision: result.revision }),
    ]);
    const after = await (await as(srv.url, 'eve').get('/grants')).json();
    expect(after.revision).toBe(result.revision);
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    // refusals are the typed errors HTTP maps: MODEL rule ids
    const refused = await caught(
      srv.app.grants.apply('acme', 'bob', {
        op: 'share',
        args: { asset: 'd2', user: 'u1', level: 'admin' },
      }),
    );
    expect(refused).toBeInstanceOf(RuleViolationError);
    const http = await as(srv.url, 'bob').op('share', { asset: 'd2', user: 'u1', level: 'admin' });
    expect((await http.json()).error.rule).toBe((refused as RuleViolationError).rule);
  });

  it('finding 6: grants.audit reads what GET /audit reads, refusing what the actor may not see', async () => {
    const one = await srv.app.grants.audit('acme', 'ann', { type: 'dashboard', id: 'd2' });
    const http = await (await as(srv.url, 'ann').get('/audit?type=dashboard&id=d2')).json();
    expect(one).toEqual(http);
    expect(one.length).toBeGreaterThan(0);
    const all = await srv.app.grants.audit('acme', 'sam', { all: true, limit: 5 });
    expect(all).toEqual(await (await as(srv.url, 'sam').get('/audit/all?limit=5')).json());
    expect(await caught(srv.app.grants.audit('acme', 'eve', { all: true }))).toBeInstanceOf(
      GrantsForbiddenError,
    );
    expect((await as(srv.url, 'eve').get('/audit/all')).status).toBe(403);
  });

  it('an unknown tenant is an UnknownTenantError', async () => {
    const e = await caught(srv.app.grants.snapshot('nope', 'ann'));
    expect(e).toBeInstanceOf(UnknownTenantError);
  });
});

describe('syncUsers (issue 11, finding 7)', () => {
  it("finding 7: mirrors the host's users as one audited op of the system actor; a second identical call writes nothing", async () => {
    const users = [
      { id: 'ann', attributes: { region: 'amer' }, managerId: 'new1' },
      { id: 'new1', attributes: { region: 'emea' }, license: 'viewer' as const },
      { id: 'u3', active: false },
    ];
    const first = await srv.app.grants.syncUsers('acme', users);
    expect(first.audit.map((a) => [a.actor, a.resource.id])).toEqual([
      [SYSTEM_ACTOR, 'ann'],
      [SYSTEM_ACTOR, 'new1'],
      [SYSTEM_ACTOR, 'u3'],
    ]);
    const again = await srv.app.grants.syncUsers('acme', users);
    expect(again).toEqual({ revision: first.revision, audit: [] });
    // stored: the audit trail names the system actor, and the users are as the host says
    const trail = await srv.app.grants.audit('acme', 'sam', { type: 'user', id: 'new1' });
    expect(trail.map((e) => [e.actor, e.action])).toEqual([[SYSTEM_ACTOR, 'syncUsers']]);
    const listed = await (await as(srv.url, 'sam').get('/world/users')).json();
    expect(listed.find((u: { id: string }) => u.id === 'ann')).toMatchObject({
      attributes: { region: 'amer' },
      managerId: 'new1',
    });
    // the new user can be served at once
    expect(await srv.app.grants.snapshot('acme', 'new1')).toMatchObject({ user: 'new1' });
  });

  it('finding 7: POST /ops/syncUsers is for super admins only (MODEL R3), and cycles are refused (MODEL D5)', async () => {
    const res = await as(srv.url, 'ann').op('syncUsers', { users: [{ id: 'x1' }] });
    expect(res.status).toBe(403);
    expect((await res.json()).error.rule).toBe('R3');
    const ok = await as(srv.url, 'sam').op('syncUsers', { users: [{ id: 'x1' }] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).audit[0]).toMatchObject({ actor: 'sam', action: 'syncUsers' });
    const cycle = await as(srv.url, 'sam').op('syncUsers', {
      users: [
        { id: 'x1', managerId: 'x2' },
        { id: 'x2', managerId: 'x1' },
      ],
    });
    expect(cycle.status).toBe(403);
    expect((await cycle.json()).error.rule).toBe('D5');
  });
});
