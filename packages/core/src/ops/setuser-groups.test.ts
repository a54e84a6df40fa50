/**
 * MODEL R3's setUser guard on assets: a setUser by anyone but a super admin may not hand
 * anyone, through a group they thereby join, asset access the actor lacks (found by the
 * escalation search of issue 10).
 */
import { describe, expect, it } from 'vitest';
import { attempt } from '../__fixtures__/attempt.ts';
import { model, pages } from '../__fixtures__/shared.ts';
import type { WorldInput } from '../model/state.ts';
import { before, judge } from '../security/invariant.ts';
import { permsOf, universe } from '../security/permissions.ts';

describe('user managers and group shares (MODEL R3, A1, A4)', () => {
  const dept = (value: string) => ({ attr: 'dept', op: '=', value }) as const;
  // cy holds through her own shares what G gives.
  const admin = [
    { group: 'G', level: 'admin' },
    { user: 'cy', level: 'admin' },
  ] as const;
  const world: WorldInput = {
    users: [
      { id: 'ann', roles: ['ROLE_USER_MANAGER'] },
      { id: 'dan', roles: ['ROLE_USER_MANAGER'] },
      { id: 'ss', roles: ['ROLE_USER_MANAGER', 'SS'] },
      { id: 'bob', attributes: { dept: 'a' } },
      { id: 'cy', attributes: { dept: 'a' } },
      { id: 'eve', active: false, attributes: { dept: 'b' } },
      { id: 'sam', superAdmin: true },
    ],
    groups: [{ id: 'G', rule: dept('b') }],
    bundles: [{ id: 'SS', grants: pages('administration', 'administration.sharingSettings') }],
    resources: [
      { type: 'dashboard', id: 'd1', owner: 'sam', sharing: 'specific', shares: admin },
      { type: 'folder', id: 'f1', owner: 'sam', sharing: 'specific', shares: admin },
      { type: 'dashboard', id: 'd2', parent: 'f1', owner: 'sam' },
    ],
  };
  const d = (id: string) => ({ type: 'dashboard', id });

  it('R3: setUser may not hand anyone asset access the actor lacks (escalation search)', () => {
    const m = model(world);
    // Attributes a group rule uses, your own included, activation and new users (A4: d2 in f1).
    for (const [user, args] of [
      ['bob', { attributes: { dept: 'b' } }],
      ['ann', { attributes: { dept: 'b' } }],
      ['eve', { active: true }],
      ['neo', { attributes: { dept: 'b' } }],
    ] as const) {
      expect(attempt(m, 'ann', 'setUser', { id: user, ...args })).toBe('R3');
      for (const id of ['d1', 'd2']) expect(m.check(user, 'view', d(id))).toBe(false);
    }
    expect(() =>
      m.apply('ann', { op: 'setUser', args: { id: 'bob', attributes: { dept: 'b' } } }),
    ).toThrow(/ann would give bob access to an asset you may not view through a group, which ann/);
    // Sharing settings (D8) exempt neither setUser nor group membership (finding S7-4).
    expect(attempt(m, 'ss', 'setUser', { id: 'bob', attributes: { dept: 'b' } })).toBe('R3');
    expect(attempt(m, 'ss', 'addToGroup', { group: 'G', user: 'bob' })).toBe('R3');
    // What the target held already, and what the actor holds on each asset, may be given.
    expect(attempt(m, 'ann', 'setUser', { id: 'cy', attributes: { dept: 'b' } })).toBe('ok');
    const toDan = (asset: string) =>
      m.apply('sam', { op: 'share', args: { asset, user: 'dan', level: 'admin' } });
    toDan('d1');
    expect(attempt(m, 'dan', 'setUser', { id: 'eve', active: true })).toBe('R3'); // f1, d2
    toDan('f1');
    expect(attempt(m, 'dan', 'setUser', { id: 'eve', active: true })).toBe('ok');
    expect(m.check('eve', 'admin', d('d2'))).toBe(true);
    // A super admin may give anything.
    expect(attempt(m, 'ann', 'setUser', { id: 'neo', attributes: { dept: 'b' } })).toBe('R3');
    expect(attempt(m, 'sam', 'setUser', { id: 'neo', attributes: { dept: 'b' } })).toBe('ok');
    // Leaving the group or unrelated attributes give nothing.
    expect(attempt(m, 'ann', 'setUser', { id: 'neo', attributes: { dept: 'c', title: 'x' } })).toBe(
      'ok',
    );
  });

  it('R3: the escalation search judges a group share gained by setUser against the actor', () => {
    const perms = universe(model(world));
    const op = { op: 'setUser', args: { id: 'bob', attributes: { dept: 'b' } } };
    const judged = (actor: string) => {
      const m = model(world);
      const users = world.users!.map((u) => u.id);
      const sets = () => new Map(users.map((u) => [u, permsOf(m, u, perms)]));
      const was = before(m, world, sets(), users, actor, op);
      m.apply('sam', op);
      const now = { model: m, world: m.toWorld(), sets: sets() };
      return judge(was, now, actor, op, perms, {}).map((e) => `${e.rule} ${e.user} ${e.what}`);
    };
    expect(judged('ann')).toContain('R3 bob dashboard:d1:admin');
    expect(judged('ann')).toContain('R3 bob dashboard:d2:view');
    expect(judged('sam')).toEqual([]);
  });
});
