/**
 * Regression tests of issue 10's model findings: each is named after the finding it covers
 * and asserts that a refused operation changes nothing (MODEL R4).
 */
import { describe, expect, it } from 'vitest';
import { attempt } from '../__fixtures__/attempt.ts';
import { model, pages } from '../__fixtures__/shared.ts';
import type { Model } from '../model/model.ts';
import type { WorldInput } from '../model/state.ts';
import { compileSnapshot } from '../snapshot/compile.ts';
import { createEvaluator } from '../snapshot/explain.ts';
import type { GrantSnapshot } from '../snapshot/format.ts';

const builder = pages('dashboards', 'administration', 'administration.dashboardBuilder');

/** The snapshot evaluator answers as the model does (MODEL C1). */
function agrees(m: Model, user: string, action: string, ref: { type: string; id: string }): void {
  const snapshot = compileSnapshot(m, user, { tenant: 't' });
  const ev = createEvaluator(JSON.parse(JSON.stringify(snapshot)) as GrantSnapshot);
  expect(ev.check(action, ref)).toBe(m.check(user, action, ref));
  expect(ev.explain(action, ref).allowed).toBe(m.check(user, action, ref));
}

describe('moves (MODEL A10)', () => {
  const world = (): WorldInput => ({
    users: [{ id: 'own' }, { id: 'ed' }, { id: 'sam', superAdmin: true }],
    bundles: [{ id: 'BUILD', grants: builder, users: ['own', 'ed'] }],
    resources: [
      {
        type: 'dashboard',
        id: 'dQ',
        owner: 'own',
        sharing: 'specific',
        shares: [{ user: 'ed', level: 'view-edit' }],
      },
      { type: 'dashboard', id: 'dE', owner: 'ed' },
      { type: 'folder', id: 'fA', owner: 'own' },
      { type: 'folder', id: 'fB', parent: 'fA', owner: 'own' },
      { type: 'folder', id: 'fT', owner: 'own' },
    ],
  });

  it('finding 1: edit becomes admin by moving into your own folder is refused (MODEL A10)', () => {
    const m = model(world());
    expect(attempt(m, 'ed', 'createAsset', { type: 'folder', id: 'fEd' })).toBe('ok');
    expect(attempt(m, 'ed', 'move', { assets: ['dQ'], to: 'fEd' })).toBe('A10');
    expect(m.check('ed', 'admin', { type: 'dashboard', id: 'dQ' })).toBe(false);
    // All or nothing: one asset the actor may not administer refuses the whole request.
    expect(attempt(m, 'ed', 'move', { assets: ['dE', 'dQ'], to: 'fEd' })).toBe('A10');
    expect(m.audit({ type: 'dashboard', id: 'dE' })).toEqual([]);
    expect(attempt(m, 'ed', 'move', { assets: ['dE'], to: 'fEd' })).toBe('ok');
    // The owner needs edit on the target too.
    expect(attempt(m, 'own', 'move', { assets: ['dQ'], to: 'fEd' })).toBe('A10');
    expect(attempt(m, 'sam', 'move', { assets: ['dQ'], to: 'fEd' })).toBe('ok');
    expect(m.audit({ type: 'dashboard', id: 'dQ' }).map((e) => e.actor)).toEqual(['sam']);
  });

  it('finding 14: a folder moved with its sub-folder is judged on the tree after the move (MODEL A10, A4)', () => {
    const m = model(world());
    // home > fT > (fA > fB) would be four levels; fA and fB side by side in fT are three.
    expect(attempt(m, 'own', 'move', { assets: ['fA'], to: 'fT' })).toBe('A10');
    expect(attempt(m, 'own', 'move', { assets: ['fA', 'fB'], to: 'fT' })).toBe('ok');
    expect(
      m
        .toWorld()
        .resources?.filter((r) => r.parent === 'fT')
        .map((r) => r.id),
    ).toEqual(['fA', 'fB']);
    // Every refusal of a move is A10: into itself, too many assets.
    expect(attempt(m, 'own', 'move', { assets: ['fT'], to: 'fA' })).toBe('A10');
    expect(attempt(m, 'own', 'move', { assets: ['fT'], to: 'fT' })).toBe('A10');
    const many = Array.from({ length: 51 }, () => 'dQ');
    expect(attempt(m, 'own', 'move', { assets: many, to: 'fT' })).toBe('A10');
  });
});

describe('bundle administrators (MODEL N9, K7)', () => {
  const world = (): WorldInput => ({
    users: [
      { id: 'pam' },
      { id: 'ba1' },
      { id: 'ba2' },
      { id: 'm' },
      { id: 'x' },
      { id: 'um', roles: ['ROLE_USER_MANAGER'] },
      { id: 'gone', active: false },
    ],
    bundles: [
      {
        id: 'PB',
        grants: pages('administration', 'administration.permissionBundles', 'cockpit'),
        users: ['pam'],
      },
      {
        id: 'CSM',
        grants: pages('cockpit'),
        users: ['ba1', 'ba2', 'm', 'um', 'gone'],
        administrators: ['ba1', 'ba2', 'um', 'gone'],
      },
    ],
  });

  it('finding 4: a bundle administrator cannot appoint or depose administrators (MODEL N9)', () => {
    const m = model(world());
    expect(
      attempt(m, 'ba1', 'addToBundle', { bundle: 'CSM', user: 'x', administrator: true }),
    ).toBe('N9');
    expect(
      attempt(m, 'ba1', 'addToBundle', { bundle: 'CSM', user: 'ba2', administrator: false }),
    ).toBe('N9');
    expect(attempt(m, 'ba1', 'removeFromBundle', { bundle: 'CSM', user: 'ba2' })).toBe('N9');
    // Members only: adding, removing a plain member, and leaving themselves are fine.
    expect(attempt(m, 'ba1', 'addToBundle', { bundle: 'CSM', user: 'x' })).toBe('ok');
    expect(
      attempt(m, 'ba1', 'addToBundle', { bundle: 'CSM', user: 'x', administrator: false }),
    ).toBe('ok');
    expect(attempt(m, 'ba1', 'removeFromBundle', { bundle: 'CSM', user: 'm' })).toBe('ok');
    // A user manager who is also an administrator cannot depose one by unassigning the role.
    expect(attempt(m, 'um', 'unassignRole', { user: 'ba2', role: 'CSM' })).toBe('N9');
    // N10 may: administrator false clears the flag and keeps the member.
    expect(
      attempt(m, 'pam', 'addToBundle', { bundle: 'CSM', user: 'ba2', administrator: false }),
    ).toBe('ok');
    expect(m.members({ bundle: 'CSM' })).toContain('ba2');
    expect(attempt(m, 'ba2', 'addToBundle', { bundle: 'CSM', user: 'm' })).toBe('N9');
    expect(attempt(m, 'ba1', 'removeFromBundle', { bundle: 'CSM', user: 'ba1' })).toBe('ok');
    expect(m.toWorld().bundles?.find((b) => b.id === 'CSM')?.administrators).toEqual([
      'gone',
      'um',
    ]);
  });

  it('finding 14: an inactive bundle administrator has no authority (MODEL K7)', () => {
    const m = model(world());
    expect(attempt(m, 'gone', 'addToBundle', { bundle: 'CSM', user: 'x' })).toBe('N9');
    expect(attempt(m, 'gone', 'removeFromBundle', { bundle: 'CSM', user: 'm' })).toBe('N9');
  });
});

describe('user managers (MODEL R3)', () => {
  const world = (): WorldInput => ({
    users: [
      { id: 'um', roles: ['ROLE_USER_MANAGER'], attributes: { region: 'EU' } },
      { id: 'ss', roles: ['ROLE_USER_MANAGER', 'SS'] },
      { id: 'sam', superAdmin: true },
      { id: 'sam2', superAdmin: true },
      { id: 'eve', attributes: { region: 'US' } },
      { id: 'boss', managerId: 'um' },
      { id: 'lea', active: false, attributes: { region: 'US' } },
      { id: 'bob', attributes: { region: 'APAC' } },
    ],
    bundles: [{ id: 'SS', grants: pages('administration', 'administration.sharingSettings') }],
    resources: [{ type: 'relationship', id: 'r1', fields: { region: 'US' } }],
    recordTypes: [
      {
        type: 'relationship',
        everyone: false,
        rules: [
          {
            id: 'rUS',
            actions: ['read'],
            criteria: { attr: 'region', op: '=', value: 'US' },
            advice: [{ field: 'region', op: '=', values: ['US'] }],
          },
          {
            id: 'rEU',
            actions: ['read', 'write'],
            criteria: { attr: 'region', op: '=', value: 'EU' },
            advice: [{ field: 'region', op: '=', values: ['EU'] }],
          },
        ],
      },
    ],
  });
  const r1 = { type: 'relationship', id: 'r1' };

  it('finding 2: a user manager cannot deactivate or otherwise change a super admin (MODEL R3)', () => {
    const m = model(world());
    expect(attempt(m, 'um', 'setUser', { id: 'sam', active: false })).toBe('R3');
    expect(attempt(m, 'um', 'setUser', { id: 'sam', attributes: { region: 'EU' } })).toBe('R3');
    expect(attempt(m, 'ss', 'setUser', { id: 'sam', managerId: 'ss' })).toBe('R3');
    expect(m.check('sam', 'write', r1)).toBe(true);
    expect(attempt(m, 'sam', 'setUser', { id: 'sam2', active: false })).toBe('ok');
    // Still a super admin while inactive: only a super admin brings them back.
    expect(attempt(m, 'um', 'setUser', { id: 'sam2', active: true })).toBe('R3');
    expect(attempt(m, 'sam', 'setUser', { id: 'sam2', active: true })).toBe('ok');
    expect(m.audit({ type: 'user', id: 'sam' })).toEqual([]);
  });

  it("finding 3: becoming someone's manager to read their records is refused (MODEL R3, D5)", () => {
    const m = model(world());
    expect(m.check('um', 'read', r1)).toBe(false);
    expect(attempt(m, 'um', 'setUser', { id: 'eve', managerId: 'um' })).toBe('R3');
    // Up the chain too: boss reports to um, so eve under boss would reach um.
    expect(attempt(m, 'um', 'setUser', { id: 'eve', managerId: 'boss' })).toBe('R3');
    expect(m.check('um', 'read', r1)).toBe(false);
    // Attributes named in rule criteria and activation are record changes too.
    expect(attempt(m, 'um', 'setUser', { id: 'bob', attributes: { region: 'US' } })).toBe('R3');
    expect(attempt(m, 'um', 'setUser', { id: 'lea', active: true })).toBe('R3');
    expect(attempt(m, 'um', 'setUser', { id: 'new', attributes: { region: 'US' } })).toBe('R3');
    // What the actor holds may be given; removing access and other attributes are fine.
    expect(attempt(m, 'um', 'setUser', { id: 'bob', attributes: { region: 'EU' } })).toBe('ok');
    expect(attempt(m, 'um', 'setUser', { id: 'eve', attributes: { title: 'Lead' } })).toBe('ok');
    expect(attempt(m, 'um', 'setUser', { id: 'eve', active: false })).toBe('ok');
    expect(
      attempt(m, 'um', 'setUser', { id: 'new', attributes: { region: 'US' }, active: false }),
    ).toBe('ok');
    // Whoever may change sharing settings (MODEL D8) may.
    expect(attempt(m, 'ss', 'setUser', { id: 'lea', active: true })).toBe('ok');
    expect(attempt(m, 'ss', 'setUser', { id: 'lea', managerId: 'ss' })).toBe('ok');
    expect(m.check('ss', 'read', r1)).toBe(true);
  });

  it('finding 15: a new user from setUser is active unless active: false (MODEL R3)', () => {
    const m = model(world());
    expect(attempt(m, 'um', 'setUser', { id: 'n1' })).toBe('ok');
    expect(attempt(m, 'um', 'setUser', { id: 'n2', active: false })).toBe('ok');
    expect(m.getUser('n1')?.active).toBe(true);
    expect(m.getUser('n2')?.active).toBe(false);
  });
});

describe('bundle grants reach down (MODEL A4, D4)', () => {
  const world = (): WorldInput => ({
    users: [{ id: 'u' }, { id: 'v', license: 'viewer' }],
    bundles: [
      {
        id: 'B',
        grants: [
          { type: 'folder', id: 'fA', actions: ['edit'] },
          { type: 'relationship', id: 'rel1', actions: ['write'] },
        ],
        users: ['u', 'v'],
      },
    ],
    resources: [
      { type: 'folder', id: 'fA' },
      { type: 'folder', id: 'fB', parent: 'fA' },
      { type: 'dashboard', id: 'd', parent: 'fB' },
      { type: 'dashboard', id: 'dOut' },
      { type: 'relationship', id: 'rel1' },
      { type: 'cta', id: 'c1', lookups: { relationship: 'rel1' } },
      { type: 'cta', id: 'c2' },
    ],
    recordTypes: [
      { type: 'relationship', everyone: false },
      { type: 'cta', everyone: false },
    ],
  });

  it('finding 14: a bundle grant on a folder reaches the folders and dashboards inside it (MODEL A4)', () => {
    const m = model(world());
    const d = { type: 'dashboard', id: 'd' };
    expect(m.check('u', 'edit', d)).toBe(true);
    expect(m.check('u', 'edit', { type: 'folder', id: 'fB' })).toBe(true);
    expect(m.check('u', 'admin', d)).toBe(false);
    expect(m.check('u', 'view', { type: 'dashboard', id: 'dOut' })).toBe(false);
    expect(m.explain('u', 'edit', d).message).toMatch(
      /bundle “B” \(manual\) inherited from folder “fA”/,
    );
    for (const ref of [d, { type: 'folder', id: 'fB' }, { type: 'dashboard', id: 'dOut' }])
      for (const action of ['view', 'edit', 'admin']) agrees(m, 'u', action, ref);
  });

  it('finding 14: a bundle grant on a parent record reaches the records under it by lookup (MODEL D4)', () => {
    const m = model(world());
    expect(m.check('u', 'write', { type: 'cta', id: 'c1' })).toBe(true);
    expect(m.check('u', 'write', { type: 'cta', id: 'c2' })).toBe(false);
    expect(m.explain('u', 'write', { type: 'cta', id: 'c1' }).message).toMatch(
      /bundle “B” \(manual\) through relationship “rel1”/,
    );
    // A viewer's license caps records at read (MODEL N5a) and the bundle page grants away.
    expect(m.check('v', 'write', { type: 'cta', id: 'c1' })).toBe(false);
    for (const user of ['u', 'v'])
      for (const id of ['c1', 'c2'])
        for (const action of ['read', 'write']) agrees(m, user, action, { type: 'cta', id });
  });
});

describe('what changes nothing, and sharing settings (MODEL E5, D2, A5, K10)', () => {
  const world = (): WorldInput => ({
    users: [{ id: 'pam' }, { id: 'ss' }, { id: 'sam', superAdmin: true }, { id: 'b' }],
    bundles: [
      {
        id: 'PB',
        grants: pages('administration', 'administration.permissionBundles', 'timeline'),
        users: ['pam'],
      },
      {
        id: 'SS',
        grants: pages('administration', 'administration.sharingSettings'),
        users: ['ss'],
      },
      { id: 'BUILD', grants: builder, users: ['b'] },
      { id: 'T', grants: pages('timeline') },
    ],
    recordTypes: [
      {
        type: 'relationship',
        everyone: false,
        rules: [
          { id: 'r', actions: ['read'], advice: [{ field: 'region', op: '=', values: ['US'] }] },
        ],
      },
    ],
  });

  it('finding 14: an editBundle or setEveryone that changes nothing is not audited (MODEL E5)', () => {
    const m = model(world());
    expect(attempt(m, 'pam', 'editBundle', { id: 'T', grants: pages('timeline') })).toBe('ok');
    expect(attempt(m, 'ss', 'setEveryone', { recordType: 'cta', on: true })).toBe('ok');
    expect(m.revision).toBe(0);
    expect(m.audit({ type: 'bundle', id: 'T' })).toEqual([]);
    expect(m.audit({ type: 'recordType', id: 'cta' })).toEqual([]);
    expect(attempt(m, 'ss', 'setEveryone', { recordType: 'cta', on: false })).toBe('ok');
    expect(m.audit({ type: 'recordType', id: 'cta' }).map((e) => e.action)).toEqual([
      'setEveryone',
    ]);
  });

  it('finding 14: addRule is refused with D2 while everyone gets read/write (MODEL D2)', () => {
    const m = model(world());
    const rule = { id: 'r2', actions: ['read'] };
    expect(attempt(m, 'b', 'addRule', { recordType: 'cta', rule })).toBe('D8');
    expect(attempt(m, 'ss', 'addRule', { recordType: 'cta', rule })).toBe('D2');
    expect(attempt(m, 'ss', 'addRule', { recordType: 'relationship', rule })).toBe('ok');
  });

  it("finding 15: Home and Uncategorized's sharing is refused with A5 after authority (MODEL A5, K9)", () => {
    const m = model(world());
    for (const asset of ['home', 'uncategorized']) {
      expect(attempt(m, 'b', 'share', { asset, user: 'pam', level: 'view' })).toBe('A7');
      expect(attempt(m, 'sam', 'share', { asset, user: 'pam', level: 'view' })).toBe('A5');
      expect(attempt(m, 'sam', 'setSharing', { asset, sharing: 'private' })).toBe('A5');
      expect(attempt(m, 'sam', 'revoke', { asset, user: 'pam' })).toBe('A5');
    }
  });

  it('finding 15: Uncategorized sits in Home, the second level of MODEL A4', () => {
    const m = model(world());
    expect(
      attempt(m, 'b', 'createAsset', { type: 'folder', id: 'f2', parent: 'uncategorized' }),
    ).toBe('ok');
    expect(attempt(m, 'b', 'createAsset', { type: 'folder', id: 'f3', parent: 'f2' })).toBe('A4');
    expect(m.list('b', 'asset')).toEqual(['f2', 'home', 'uncategorized']);
  });

  it('finding 15: a check without id but with fields asks about a record with those fields (MODEL K10)', () => {
    const m = model({ ...world(), users: [...world().users, { id: 'u' }] });
    expect(m.check('u', 'read', { type: 'relationship', fields: { region: 'US' } })).toBe(true);
    expect(m.check('u', 'read', { type: 'relationship', fields: { region: 'EU' } })).toBe(false);
    expect(m.check('u', 'read', { type: 'relationship' })).toBe(false);
    const ev = createEvaluator(
      JSON.parse(JSON.stringify(compileSnapshot(m, 'u', { tenant: 't' }))),
    );
    expect(ev.check('read', { type: 'relationship', fields: { region: 'US' } })).toBe(true);
    expect(ev.check('read', { type: 'relationship' })).toBe(false);
  });

  it('finding 15: assignRole needs the role to reach the actor, N10 included (MODEL R3)', () => {
    const m = model(world());
    expect(attempt(m, 'pam', 'assignRole', { user: 'b', role: 'T' })).toBe('R3');
    expect(attempt(m, 'pam', 'assignRole', { user: 'b', role: 'PB' })).toBe('ok');
  });
});
