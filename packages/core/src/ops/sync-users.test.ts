/**
 * `syncUsers` (issue 11, finding 7): the host's user table mirrored in one audited op of a
 * super admin or the system actor; idempotent; managers checked (MODEL D5).
 */
import { describe, expect, it } from 'vitest';
import { model } from '../__fixtures__/shared.ts';
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import type { WorldInput } from '../model/state.ts';
import { parseOpArgs } from './args.ts';
import { MAX_SYNC_USERS, SYSTEM_ACTOR } from './sync-users.ts';

const world: WorldInput = {
  users: [
    { id: 'sam', superAdmin: true },
    { id: 'ann', attributes: { dept: 'a', region: 'x' } },
    { id: 'old' },
    { id: 'mgr', roles: ['ROLE_USER_MANAGER'] },
  ],
};
const sync = (args: Record<string, unknown>) => ({ op: 'syncUsers', args });

describe('syncUsers (issue 11, finding 7)', () => {
  it('finding 7: upserts users, attributes, licences, managers and activation as one op of the system actor', () => {
    const m = model(world);
    const rows = [
      { id: 'ann', attributes: { dept: 'b' }, managerId: 'neo', license: 'viewer' },
      { id: 'neo', attributes: { dept: 'a' } },
      { id: 'old', active: false },
    ];
    const r = m.apply(SYSTEM_ACTOR, sync({ users: rows }));
    expect(r.revision).toBe(1);
    expect(r.audit.map((a) => [a.actor, a.action, a.resource.id])).toEqual([
      [SYSTEM_ACTOR, 'syncUsers', 'ann'],
      [SYSTEM_ACTOR, 'syncUsers', 'neo'],
      [SYSTEM_ACTOR, 'syncUsers', 'old'],
    ]);
    const users = Object.fromEntries(m.toWorld().users.map((u) => [u.id, u]));
    // attributes given replace the old ones (the host's table is the truth)
    expect(users.ann).toMatchObject({
      attributes: { dept: 'b' },
      managerId: 'neo',
      license: 'viewer',
    });
    expect(users.ann?.attributes).not.toHaveProperty('region');
    expect(users.neo).toMatchObject({ attributes: { dept: 'a' } });
    expect(users.old?.active).toBe(false);
    // the system actor is not a user of the world
    expect(users[SYSTEM_ACTOR]).toBeUndefined();
  });

  it('finding 7: a second identical call changes nothing and is not audited', () => {
    const m = model(world);
    const rows = [{ id: 'ann', attributes: { region: 'x', dept: 'b' } }, { id: 'neo' }];
    m.apply(SYSTEM_ACTOR, sync({ users: rows }));
    // the same attributes in another key order are the same attributes
    const again = m.apply(
      SYSTEM_ACTOR,
      sync({ users: [{ id: 'neo' }, { id: 'ann', attributes: { dept: 'b', region: 'x' } }] }),
    );
    expect(again).toEqual({ revision: 1, audit: [] });
  });

  it('leaves users not listed alone, unless deactivateMissing (super admins stay active)', () => {
    const m = model(world);
    m.apply('sam', sync({ users: [{ id: 'ann' }] }));
    expect(m.toWorld().users.every((u) => u.active !== false)).toBe(true);
    const r = m.apply('sam', sync({ users: [{ id: 'ann' }], deactivateMissing: true }));
    expect(r.audit.map((a) => a.resource.id).sort()).toEqual(['mgr', 'old']);
    const active = m
      .toWorld()
      .users.filter((u) => u.active !== false)
      .map((u) => u.id);
    expect(active.sort()).toEqual(['ann', 'sam']);
  });

  it('refuses a manager cycle (MODEL D5) and changes nothing', () => {
    const m = model(world);
    const rows = [
      { id: 'ann', managerId: 'neo' },
      { id: 'neo', managerId: 'ann' },
    ];
    expect(() => m.apply(SYSTEM_ACTOR, sync({ users: rows }))).toThrow(/MODEL D5/);
    expect(m.toWorld().users.map((u) => u.id)).not.toContain('neo');
    expect(m.revision).toBe(0);
  });

  it('refuses every actor but a super admin or the system actor (MODEL R3)', () => {
    const m = model(world);
    const e = (() => {
      try {
        m.apply('mgr', sync({ users: [{ id: 'x' }] }));
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(RuleViolationError);
    expect((e as RuleViolationError).rule).toBe('R3');
    // the system actor runs syncUsers only
    expect(() => m.apply(SYSTEM_ACTOR, { op: 'setUser', args: { id: 'x' } })).toThrow(/actor/);
  });

  it('names the field of a bad row: a duplicate, an unknown manager, too many users', () => {
    const m = model(world);
    const field = (args: Record<string, unknown>) => {
      try {
        m.apply(SYSTEM_ACTOR, sync(args));
      } catch (error) {
        return error instanceof InvalidInputError ? error.path : String(error);
      }
    };
    expect(field({ users: [{ id: 'a' }, { id: 'a' }] })).toBe('args.users[1].id');
    expect(field({ users: [{ id: 'a', managerId: 'nobody' }] })).toBe('args.users[0].managerId');
    expect(field({ users: [{ id: 'a', license: 'gold' }] })).toBe('args.users[0].license');
    const many = Array.from({ length: MAX_SYNC_USERS + 1 }, (_, i) => ({ id: `u${i}` }));
    expect(() => parseOpArgs('syncUsers', { users: many })).toThrow(/≤ 10000/);
    // the largest call passes the structural bounds
    const full = many.slice(1).map((u) => ({
      ...u,
      attributes: { dept: 'a', tags: ['x', 'y'] },
      license: 'full',
      active: true,
      managerId: 'u1',
    }));
    expect(parseOpArgs('syncUsers', { users: full }).users).toHaveLength(MAX_SYNC_USERS);
  });
});
