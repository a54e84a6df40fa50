import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import type { Op } from './apply.ts';

/** The rule a refused op names, or 'ok'; also asserts nothing changed on refusal (MODEL R4). */
function attempt(m: Model, actor: string, op: Op, viewAs?: string): string {
  const before = JSON.stringify(m.toWorld());
  const rev = m.revision;
  try {
    m.apply(actor, op, viewAs === undefined ? undefined : { viewAs });
    return 'ok';
  } catch (e) {
    expect(JSON.stringify(m.toWorld())).toBe(before);
    expect(m.revision).toBe(rev);
    if (e instanceof RuleViolationError) {
      expect(e.message).toMatch(new RegExp(`^MODEL ${e.rule}: `));
      expect(e.op).toBe(op.op);
      return e.rule;
    }
    if (e instanceof InvalidInputError) return `invalid:${e.path}`;
    throw e;
  }
}

const base = () =>
  model({
    users: [
      { id: 'sam', superAdmin: true },
      { id: 'pam' },
      { id: 'um', roles: ['ROLE_USER_MANAGER'] },
      { id: 'ss' },
      { id: 'b' },
      { id: 'x', attributes: { dept: 'ops' } },
      { id: 'y' },
    ],
    groups: [
      { id: 'G', members: ['y'] },
      { id: 'SYS', systemManaged: true },
    ],
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
      {
        id: 'BUILD',
        grants: pages('dashboards', 'administration', 'administration.dashboardBuilder'),
        users: ['b'],
      },
      {
        id: 'BIG',
        grants: [{ type: 'survey', actions: ['admin'] }],
        groups: ['G'],
        rule: { attr: 'dept', op: '=', value: 'ops' },
      },
    ],
    resources: [
      { type: 'folder', id: 'f', owner: 'b' },
      { type: 'folder', id: 'g', parent: 'f', owner: 'b' },
      { type: 'dashboard', id: 'd', parent: 'g', owner: 'b' },
      { type: 'engagement', id: 'e', state: 'draft', env: 'staging' },
    ],
  });

describe('operation input', () => {
  it('refuses unknown ops, args and ids with the field path', () => {
    const m = base();
    expect(attempt(m, 'sam', { op: 'fly' })).toBe('invalid:op');
    expect(attempt(m, 'sam', null as never)).toBe('invalid:');
    expect(attempt(m, 'sam', { op: 'deleteBundle', args: [] as never })).toBe('invalid:args');
    expect(attempt(m, 'ghost', { op: 'deleteBundle', args: { id: 'BIG' } })).toBe('invalid:actor');
    expect(attempt(m, 'sam', { op: 'deleteBundle', args: { id: 'NOPE' } })).toBe('invalid:args.id');
    expect(attempt(m, 'sam', { op: 'deleteBundle', args: { id: 'BIG', extra: 1 } })).toBe(
      'invalid:args.extra',
    );
    expect(
      attempt(m, 'sam', {
        op: 'createBundle',
        args: { id: 'N', grants: [{ type: 'survey', actions: ['fly'] }] },
      }),
    ).toBe('invalid:args.grants[0].actions[0]');
    expect(attempt(m, 'sam', { op: 'move', args: { assets: ['d', 'nope'], to: 'f' } })).toBe(
      'invalid:args.assets[1]',
    );
    expect(attempt(m, 'sam', { op: 'share', args: { asset: 'd', level: 'view' } })).toBe(
      'invalid:args.user',
    );
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'x', managerId: 'ghost' } })).toBe(
      'invalid:args.managerId',
    );
    expect(
      attempt(m, 'sam', {
        op: 'transition',
        args: { resource: { type: 'engagement', id: 'e' }, action: 'fly' },
      }),
    ).toBe('invalid:args.action');
  });
  it('refuses everything while viewing as (MODEL A11)', () => {
    expect(attempt(base(), 'sam', { op: 'deleteBundle', args: { id: 'BIG' } }, 'pam')).toBe('A11');
  });
});

describe('bundles (MODEL N4–N11, R3, K8, K9)', () => {
  it('orders refusals: authority, protections, escalation, own rules (MODEL K9)', () => {
    const m = base();
    expect(attempt(m, 'x', { op: 'deleteBundle', args: { id: 'DEFAULT_BUNDLE' } })).toBe('N10');
    expect(attempt(m, 'pam', { op: 'deleteBundle', args: { id: 'DEFAULT_BUNDLE' } })).toBe('N4');
    expect(attempt(m, 'pam', { op: 'editBundle', args: { id: 'VIEW_GROUP', grants: [] } })).toBe(
      'N5',
    );
    expect(
      attempt(m, 'pam', {
        op: 'createBundle',
        args: { id: 'PB', grants: [{ type: 'survey', actions: ['admin'] }] },
      }),
    ).toBe('R3');
    expect(
      attempt(m, 'pam', { op: 'createBundle', args: { id: 'PB', grants: pages('timeline') } }),
    ).toBe('K8');
    expect(
      attempt(m, 'pam', {
        op: 'editBundle',
        args: { id: 'DEFAULT_BUNDLE', grants: [{ type: 'survey', actions: ['design'] }] },
      }),
    ).toBe('N4');
  });
  it("sets a bundle's groups and rule on create and edit (MODEL N7, N4, N5, N10)", () => {
    const m = base();
    const rule = { attr: 'dept', op: '=', value: 'ops' };
    expect(
      attempt(m, 'pam', {
        op: 'createBundle',
        args: { id: 'OPS', grants: pages('timeline'), rule },
      }),
    ).toBe('ok');
    expect(m.members({ bundle: 'OPS' })).toEqual(['x']);
    expect(m.check('x', 'navigate', { type: 'page', id: 'timeline' })).toBe(true);
    expect(
      attempt(m, 'pam', {
        op: 'editBundle',
        args: { id: 'OPS', grants: pages('timeline'), groups: ['G'] },
      }),
    ).toBe('ok');
    expect(m.members({ bundle: 'OPS' })).toEqual(['x', 'y']);
    expect(
      attempt(m, 'pam', {
        op: 'editBundle',
        args: { id: 'OPS', grants: pages('timeline'), rule: null },
      }),
    ).toBe('ok');
    expect(m.members({ bundle: 'OPS' })).toEqual(['y']);
    expect(m.check('x', 'navigate', { type: 'page', id: 'timeline' })).toBe(false);
    const last = m.audit({ type: 'bundle', id: 'OPS' }).at(-1);
    expect(last?.before).toMatchObject({ groups: ['G'], rule });
    expect(last?.after).not.toHaveProperty('rule');

    expect(attempt(m, 'x', { op: 'editBundle', args: { id: 'OPS', grants: [], groups: [] } })).toBe(
      'N10',
    );
    expect(
      attempt(m, 'pam', { op: 'editBundle', args: { id: 'DEFAULT_BUNDLE', grants: [], rule } }),
    ).toBe('N4');
    expect(
      attempt(m, 'sam', {
        op: 'editBundle',
        args: { id: 'SP_INTERNAL_USER_GROUP', grants: [], groups: ['G'] },
      }),
    ).toBe('N11');
    expect(
      attempt(m, 'pam', { op: 'editBundle', args: { id: 'OPS', grants: [], groups: ['NOPE'] } }),
    ).toBe('invalid:args.groups[0]');
    expect(
      attempt(m, 'pam', {
        op: 'editBundle',
        args: { id: 'OPS', grants: [], rule: { attr: 'dept' } },
      }),
    ).toMatch(/^invalid:args\.rule/);
  });
  it('refuses a rule that would hand out grants the actor lacks (MODEL R3)', () => {
    const m = base();
    // pam may edit bundles (N10) but does not hold survey admin: a wider rule on BIG would
    // give it to new people, so the edit is refused as an escalation.
    expect(
      attempt(m, 'pam', {
        op: 'editBundle',
        args: {
          id: 'BIG',
          grants: [{ type: 'survey', actions: ['admin'] }],
          rule: { attr: 'dept', op: '!=', value: 'x' },
        },
      }),
    ).toBe('R3');
  });
  it('protects license and system-managed bundles (MODEL N5, N6, N11)', () => {
    const m = base();
    expect(
      attempt(m, 'sam', { op: 'addToBundle', args: { bundle: 'VIEW_GROUP', user: 'x' } }),
    ).toBe('N5');
    expect(
      attempt(m, 'sam', {
        op: 'removeFromBundle',
        args: { bundle: 'VIEWANALYTICS_GROUP', user: 'x' },
      }),
    ).toBe('N6');
    expect(attempt(m, 'sam', { op: 'deleteBundle', args: { id: 'VIEWANALYTICS_GROUP' } })).toBe(
      'N6',
    );
    expect(
      attempt(m, 'sam', {
        op: 'addToBundle',
        args: { bundle: 'SP_INTERNAL_USER_GROUP', user: 'x' },
      }),
    ).toBe('N11');
    expect(
      attempt(m, 'sam', { op: 'assignRole', args: { user: 'x', role: 'SP_INTERNAL_USER_GROUP' } }),
    ).toBe('N11');
    expect(attempt(m, 'sam', { op: 'deleteBundle', args: { id: 'PX_VIEWER' } })).toBe('ok');
    expect(m.toWorld().deletedBundles).toEqual(['PX_VIEWER']);
  });
  it('rules add full licenses; a hand removal suppresses only the rule (MODEL N7, N8)', () => {
    const m = base();
    expect(m.members({ bundle: 'BIG' })).toEqual(['x', 'y']);
    expect(attempt(m, 'sam', { op: 'removeFromBundle', args: { bundle: 'BIG', user: 'x' } })).toBe(
      'ok',
    );
    expect(attempt(m, 'sam', { op: 'removeFromBundle', args: { bundle: 'BIG', user: 'y' } })).toBe(
      'ok',
    );
    expect(m.members({ bundle: 'BIG' })).toEqual(['y']);
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'x', license: 'viewer' } })).toBe('ok');
    expect(attempt(m, 'sam', { op: 'addToBundle', args: { bundle: 'BIG', user: 'x' } })).toBe('ok');
    expect(m.members({ bundle: 'BIG' })).toEqual(['x', 'y']);
    expect(m.check('x', 'admin', { type: 'survey' })).toBe(false);
  });
  it('bundle administrators assign that bundle only (MODEL N9, N10)', () => {
    const m = base();
    expect(
      attempt(m, 'pam', { op: 'createBundle', args: { id: 'T', grants: pages('timeline') } }),
    ).toBe('ok');
    expect(
      attempt(m, 'pam', {
        op: 'addToBundle',
        args: { bundle: 'T', user: 'x', administrator: true },
      }),
    ).toBe('ok');
    expect(attempt(m, 'x', { op: 'addToBundle', args: { bundle: 'T', user: 'y' } })).toBe('ok');
    expect(attempt(m, 'x', { op: 'addToBundle', args: { bundle: 'PB', user: 'y' } })).toBe('N9');
    expect(attempt(m, 'x', { op: 'editBundle', args: { id: 'T', grants: [] } })).toBe('N10');
    expect(attempt(m, 'x', { op: 'removeFromBundle', args: { bundle: 'T', user: 'y' } })).toBe(
      'ok',
    );
    expect(m.audit({ type: 'bundle', id: 'T' }).map((a) => a.action)).toEqual([
      'createBundle',
      'addToBundle',
      'addToBundle',
      'removeFromBundle',
    ]);
  });
  it('no escalation through membership or roles (MODEL R3)', () => {
    const m = base();
    expect(attempt(m, 'pam', { op: 'addToBundle', args: { bundle: 'BIG', user: 'b' } })).toBe('R3');
    expect(
      attempt(m, 'um', { op: 'assignRole', args: { user: 'x', role: 'ROLE_USER_MANAGER' } }),
    ).toBe('ok');
    expect(attempt(m, 'um', { op: 'assignRole', args: { user: 'x', role: 'BIG' } })).toBe('R3');
    expect(attempt(m, 'pam', { op: 'assignRole', args: { user: 'b', role: 'PB' } })).toBe('ok');
    expect(attempt(m, 'y', { op: 'assignRole', args: { user: 'x', role: 'PB' } })).toBe('R3');
    expect(attempt(m, 'b', { op: 'assignRole', args: { user: 'x', role: 'BIG' } })).toBe('R3');
    expect(
      attempt(m, 'um', { op: 'unassignRole', args: { user: 'x', role: 'ROLE_USER_MANAGER' } }),
    ).toBe('ok');
    expect(m.audit({ type: 'user', id: 'x' }).map((a) => a.action)).toEqual([
      'assignRole',
      'unassignRole',
    ]);
  });
});

describe('users and groups (MODEL R3, D5, D6, D7, D8, N11)', () => {
  it('user managers edit users but not licenses or super admin status', () => {
    const m = base();
    expect(attempt(m, 'pam', { op: 'setUser', args: { id: 'y', attributes: { a: 1 } } })).toBe(
      'R3',
    );
    expect(attempt(m, 'um', { op: 'setUser', args: { id: 'y', license: 'viewer' } })).toBe('R3');
    expect(attempt(m, 'um', { op: 'setUser', args: { id: 'y', superAdmin: true } })).toBe('R3');
    expect(
      attempt(m, 'um', { op: 'setUser', args: { id: 'b', attributes: { dept: 'ops' } } }),
    ).toBe('R3');
    expect(
      attempt(m, 'um', { op: 'setUser', args: { id: 'new', attributes: { dept: 'ops' } } }),
    ).toBe('R3');
    expect(
      attempt(m, 'um', { op: 'setUser', args: { id: 'new', attributes: { dept: 'sales' } } }),
    ).toBe('ok');
    expect(m.getUser('new')).toEqual({
      id: 'new',
      license: 'full',
      active: true,
      superAdmin: false,
      attributes: { dept: 'sales' },
    });
    expect(attempt(m, 'um', { op: 'setUser', args: { id: 'x', active: false } })).toBe('ok');
    expect(attempt(m, 'um', { op: 'setUser', args: { id: 'x', active: true } })).toBe('R3');
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'x', active: true } })).toBe('ok');
  });
  it('refuses manager cycles (MODEL D5) and removing permission attributes (MODEL D6)', () => {
    const m = base();
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'x', managerId: 'y' } })).toBe('ok');
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'y', managerId: 'x' } })).toBe('D5');
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'y', managerId: 'y' } })).toBe('D5');
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'x', managerId: null } })).toBe('ok');
    expect(attempt(m, 'sam', { op: 'setEveryone', args: { recordType: 'cta', on: false } })).toBe(
      'ok',
    );
    expect(
      attempt(m, 'sam', {
        op: 'addRule',
        args: {
          recordType: 'cta',
          rule: { id: 'r', actions: ['read'], criteria: { attr: 'dept', op: '=', value: 'ops' } },
        },
      }),
    ).toBe('ok');
    // finding 12: an attribute value is a string, number, boolean or string[]; null is refused
    // as in the HTTP layer (one definition, ops/args.ts), so no attribute is ever removed (MODEL D6).
    expect(
      attempt(m, 'sam', { op: 'setUser', args: { id: 'x', attributes: { dept: null } } }),
    ).toBe('invalid:args.attributes.dept');
    expect(attempt(m, 'sam', { op: 'setUser', args: { id: 'x', attributes: { other: 1 } } })).toBe(
      'ok',
    );
    expect(
      attempt(m, 'sam', { op: 'setUser', args: { id: 'x', attributes: { other: null } } }),
    ).toBe('invalid:args.attributes.other');
    expect(m.getUser('x')?.attributes).toEqual({ dept: 'ops', other: 1 });
  });
  it('group membership needs Sharing Settings (MODEL D8) and respects rules (MODEL D7, N11)', () => {
    const m = base();
    expect(attempt(m, 'pam', { op: 'addToGroup', args: { group: 'G', user: 'x' } })).toBe('D8');
    expect(attempt(m, 'ss', { op: 'addToGroup', args: { group: 'SYS', user: 'x' } })).toBe('N11');
    expect(attempt(m, 'ss', { op: 'addToGroup', args: { group: 'G', user: 'b' } })).toBe('R3');
    expect(attempt(m, 'sam', { op: 'addToGroup', args: { group: 'G', user: 'b' } })).toBe('ok');
    expect(attempt(m, 'ss', { op: 'removeFromGroup', args: { group: 'G', user: 'b' } })).toBe('ok');
    expect(attempt(m, 'ss', { op: 'removeFromGroup', args: { group: 'G', user: 'b' } })).toBe('ok');
    expect(m.audit({ type: 'group', id: 'G' }).map((a) => [a.actor, a.action])).toEqual([
      ['sam', 'addToGroup'],
      ['ss', 'removeFromGroup'],
    ]);
  });
});

describe('assets (MODEL A3, A7–A10a, E5)', () => {
  it('creates private assets owned by the creator, with builder page and folder edit (MODEL A3, A5, A10a)', () => {
    const m = base();
    expect(attempt(m, 'x', { op: 'createAsset', args: { type: 'dashboard', id: 'n' } })).toBe('A3');
    expect(attempt(m, 'b', { op: 'createAsset', args: { type: 'dashboard', id: 'n' } })).toBe('ok');
    expect(m.toWorld().resources?.find((r) => r.id === 'n')).toMatchObject({
      parent: 'uncategorized',
      owner: 'b',
      sharing: 'private',
    });
    expect(attempt(m, 'b', { op: 'createAsset', args: { type: 'folder', id: 'n' } })).toBe('K8');
    expect(
      attempt(m, 'b', { op: 'createAsset', args: { type: 'folder', id: 'h', parent: 'g' } }),
    ).toBe('A4');
    expect(attempt(m, 'b', { op: 'createAsset', args: { type: 'folder', id: 'h' } })).toBe('ok');
    expect(m.toWorld().resources?.find((r) => r.id === 'h')?.parent).toBe('home');
    expect(attempt(m, 'b', { op: 'createAsset', args: { type: 'engagement', id: 'z' } })).toBe(
      'invalid:args.type',
    );
    expect(
      attempt(m, 'b', { op: 'createAsset', args: { type: 'dashboard', id: 'z', parent: 'd' } }),
    ).toBe('invalid:args.parent');
  });
  it('shares, revokes and changes levels (MODEL A7, A8, A9)', () => {
    const m = base();
    expect(attempt(m, 'x', { op: 'share', args: { asset: 'd', user: 'y', level: 'view' } })).toBe(
      'A7',
    );
    expect(
      attempt(m, 'b', { op: 'share', args: { asset: 'f', group: 'G', level: 'view-edit' } }),
    ).toBe('ok');
    expect(m.check('y', 'edit', { type: 'dashboard', id: 'd' })).toBe(true);
    expect(attempt(m, 'b', { op: 'share', args: { asset: 'd', user: 'x', level: 'admin' } })).toBe(
      'A8',
    );
    expect(
      attempt(m, 'sam', { op: 'share', args: { asset: 'd', user: 'x', level: 'admin' } }),
    ).toBe('ok');
    expect(attempt(m, 'x', { op: 'share', args: { asset: 'd', user: 'y', level: 'view' } })).toBe(
      'ok',
    );
    expect(attempt(m, 'b', { op: 'share', args: { asset: 'd', user: 'x', level: 'view' } })).toBe(
      'A8',
    );
    expect(attempt(m, 'b', { op: 'revoke', args: { asset: 'd', user: 'x' } })).toBe('A8');
    expect(attempt(m, 'sam', { op: 'revoke', args: { asset: 'd', user: 'b' } })).toBe('A8');
    expect(
      attempt(m, 'b', { op: 'setSharing', args: { asset: 'd', sharing: 'public-view' } }),
    ).toBe('A8');
    expect(
      attempt(m, 'x', { op: 'setSharing', args: { asset: 'd', sharing: 'public-view' } }),
    ).toBe('ok');
    expect(m.check('x', 'admin', { type: 'dashboard', id: 'd' })).toBe(false);
    expect(attempt(m, 'b', { op: 'revoke', args: { asset: 'd', user: 'y' } })).toBe('ok');
    // MODEL A5 after authority (K9): Home's sharing is fixed, refused as a rule, not as input.
    expect(attempt(m, 'b', { op: 'setSharing', args: { asset: 'home', sharing: 'private' } })).toBe(
      'A7',
    );
    expect(
      attempt(m, 'sam', { op: 'setSharing', args: { asset: 'home', sharing: 'private' } }),
    ).toBe('A5');
    const trail = m.audit({ type: 'dashboard', id: 'd' });
    expect(trail.map((a) => `${a.actor}:${a.action}`)).toEqual([
      'sam:share',
      'x:share',
      'x:setSharing',
    ]);
    expect(trail[2]).toMatchObject({
      before: {
        sharing: 'specific',
        shares: [
          { user: 'x', level: 'admin' },
          { user: 'y', level: 'view' },
        ],
      },
      after: { sharing: 'public-view', shares: [] },
    });
    expect(trail[0]!.at).toBeLessThan(trail[1]!.at);
  });
  it('moves at most 50, never into itself, never too deep (MODEL A10)', () => {
    const m = base();
    expect(attempt(m, 'b', { op: 'move', args: { assets: ['f'], to: 'g' } })).toBe('A10');
    expect(attempt(m, 'b', { op: 'move', args: { assets: ['f'], to: 'f' } })).toBe('A10');
    expect(attempt(m, 'b', { op: 'move', args: { assets: ['home'], to: 'f' } })).toBe('A10');
    expect(attempt(m, 'b', { op: 'createAsset', args: { type: 'folder', id: 'k' } })).toBe('ok');
    expect(attempt(m, 'b', { op: 'move', args: { assets: ['k'], to: 'g' } })).toBe('A10');
    expect(attempt(m, 'b', { op: 'move', args: { assets: ['f'], to: 'k' } })).toBe('A10');
    expect(attempt(m, 'x', { op: 'move', args: { assets: ['d'], to: 'home' } })).toBe('A10');
    const many = Array.from({ length: 51 }, (_, i) => `m${i}`);
    for (const id of many) m.apply('b', { op: 'createAsset', args: { type: 'dashboard', id } });
    expect(attempt(m, 'b', { op: 'move', args: { assets: many, to: 'f' } })).toBe('A10');
    expect(attempt(m, 'b', { op: 'move', args: { assets: many.slice(0, 50), to: 'f' } })).toBe(
      'ok',
    );
    expect(attempt(m, 'b', { op: 'move', args: { assets: ['d', 'g'], to: 'home' } })).toBe('ok');
    expect(m.audit({ type: 'dashboard', id: 'd' }).map((a) => a.after)).toEqual([
      { parent: 'home' },
    ]);
  });
});

describe('deleting assets (MODEL A5, A7, E5)', () => {
  it("finding 7 (outside walk): the deleteAsset audit entry keeps the asset's fields, so the log can name it (MODEL E5)", () => {
    const m = base();
    const args = { type: 'dashboard', id: 't1', fields: { title: 'Q3 Revenue' } };
    expect(attempt(m, 'b', { op: 'createAsset', args })).toBe('ok');
    expect(attempt(m, 'b', { op: 'deleteAsset', args: { asset: 't1' } })).toBe('ok');
    expect(m.audit({ type: 'dashboard', id: 't1' }).at(-1)).toMatchObject({
      action: 'deleteAsset',
      before: { owner: 'b', fields: { title: 'Q3 Revenue' } },
      after: null,
    });
  });

  it("lets an asset's admins delete it, keeps system and non-empty folders", () => {
    const m = base();
    expect(attempt(m, 'x', { op: 'deleteAsset', args: { asset: 'd' } })).toBe('A7');
    expect(attempt(m, 'sam', { op: 'deleteAsset', args: { asset: 'home' } })).toBe('A5');
    expect(attempt(m, 'b', { op: 'deleteAsset', args: { asset: 'f' } })).toBe('invalid:args.asset');
    expect(attempt(m, 'b', { op: 'deleteAsset', args: { asset: 'nope' } })).toBe(
      'invalid:args.asset',
    );
    expect(m.list('b', 'asset')).toContain('d');
    expect(attempt(m, 'b', { op: 'deleteAsset', args: { asset: 'd' } })).toBe('ok');
    expect(m.list('b', 'asset')).not.toContain('d');
    expect(m.check('b', 'view', { type: 'dashboard', id: 'd' })).toBe(false);
    expect(m.audit({ type: 'dashboard', id: 'd' }).at(-1)).toMatchObject({
      actor: 'b',
      action: 'deleteAsset',
      before: { parent: 'g', owner: 'b' },
      after: null,
    });
    // the folder is empty now; the world round-trips without the asset
    expect(attempt(m, 'b', { op: 'deleteAsset', args: { asset: 'g' } })).toBe('ok');
    expect(m.toWorld().resources?.some((r) => r.id === 'd' || r.id === 'g')).toBe(false);
  });
});

describe('records and lifecycle (MODEL D2, D3, D6, D8, E2, E3, E5)', () => {
  it('changes sharing settings only with authority; turning everyone on deletes rules', () => {
    const m = base();
    expect(attempt(m, 'x', { op: 'setEveryone', args: { recordType: 'cta', on: false } })).toBe(
      'D8',
    );
    expect(attempt(m, 'ss', { op: 'setEveryone', args: { recordType: 'user', on: false } })).toBe(
      'invalid:args.recordType',
    );
    expect(attempt(m, 'ss', { op: 'setEveryone', args: { recordType: 'cta', on: false } })).toBe(
      'ok',
    );
    expect(m.check('x', 'read', { type: 'cta', id: 'c' })).toBe(false);
    expect(
      attempt(m, 'ss', {
        op: 'addRule',
        args: { recordType: 'cta', rule: { id: 'r', actions: ['read'] } },
      }),
    ).toBe('ok');
    expect(m.check('x', 'read', { type: 'cta', id: 'c' })).toBe(true);
    expect(
      attempt(m, 'ss', {
        op: 'addRule',
        args: { recordType: 'cta', rule: { id: 'r', actions: ['read'] } },
      }),
    ).toBe('K8');
    expect(
      attempt(m, 'ss', {
        op: 'addRule',
        args: { recordType: 'cta', rule: { id: 'q', actions: ['fly'] } },
      }),
    ).toBe('invalid:args.rule.actions[0]');
    expect(attempt(m, 'ss', { op: 'setEveryone', args: { recordType: 'cta', on: true } })).toBe(
      'ok',
    );
    expect(attempt(m, 'ss', { op: 'setEveryone', args: { recordType: 'cta', on: false } })).toBe(
      'ok',
    );
    expect(m.check('x', 'read', { type: 'cta', id: 'c' })).toBe(false);
    expect(m.audit({ type: 'recordType', id: 'cta' }).map((a) => a.action)).toEqual([
      'setEveryone',
      'addRule',
      'setEveryone',
      'setEveryone',
    ]);
  });
  it('allows at most 20 permission attributes per record type (MODEL D6)', () => {
    const m = base();
    const rule = (id: string, attrs: string[]) => ({
      id,
      actions: ['read'],
      criteria: { all: attrs.map((a) => ({ attr: a, op: '=', value: 1 })) },
    });
    const twenty = Array.from({ length: 20 }, (_, i) => `a${i}`);
    expect(attempt(m, 'sam', { op: 'setEveryone', args: { recordType: 'cta', on: false } })).toBe(
      'ok',
    );
    expect(
      attempt(m, 'sam', { op: 'addRule', args: { recordType: 'cta', rule: rule('r1', twenty) } }),
    ).toBe('ok');
    expect(
      attempt(m, 'sam', {
        op: 'addRule',
        args: { recordType: 'cta', rule: rule('r2', ['a1', 'a2']) },
      }),
    ).toBe('ok');
    expect(
      attempt(m, 'sam', {
        op: 'addRule',
        args: { recordType: 'cta', rule: rule('r3', ['extra']) },
      }),
    ).toBe('D6');
  });
  it('checks the state first, then the permission (MODEL E2, E3)', () => {
    const m = base();
    const t = (action: string): Op => ({
      op: 'transition',
      args: { resource: { type: 'engagement', id: 'e' }, action },
    });
    expect(attempt(m, 'x', t('pause'))).toBe('E2');
    expect(attempt(m, 'x', t('launch'))).toBe('E3');
    expect(attempt(m, 'sam', t('launch'))).toBe('ok');
    expect(m.audit({ type: 'engagement', id: 'e' })).toMatchObject([
      {
        actor: 'sam',
        action: 'launch',
        before: { state: 'draft' },
        after: { state: 'active' },
        seq: 1,
      },
    ]);
    expect(m.revision).toBe(1);
  });
});
