// The administrative ops of issue 13: groups (MODEL D9), rule edits (D10), permission
// attributes (D6, D11) and direct grants on one resource (N13).
import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { createEvaluator } from '../snapshot/browser.ts';
import { compileSnapshot } from '../snapshot/compile.ts';
import type { Op } from './apply.ts';

/** The rule a refused op names, `invalid:<path>`, or 'ok'; a refusal changes nothing (MODEL R4). */
function attempt(m: Model, actor: string, op: string, args: Record<string, unknown>): string {
  const before = JSON.stringify(m.toWorld());
  const rev = m.revision;
  try {
    m.apply(actor, { op, args } as Op);
    return 'ok';
  } catch (e) {
    expect(JSON.stringify(m.toWorld())).toBe(before);
    expect(m.revision).toBe(rev);
    if (e instanceof RuleViolationError) return e.rule;
    if (e instanceof InvalidInputError) return `invalid:${e.path}`;
    throw e;
  }
}

const SS = { id: 'SS', grants: pages('administration', 'administration.sharingSettings') };
const world = () =>
  model({
    users: [
      { id: 'sam', superAdmin: true },
      { id: 'ss', roles: ['SS'] },
      { id: 'um', roles: ['ROLE_USER_MANAGER'] },
      { id: 'a', attributes: { dept: 'Sales', region: 'EU' } },
      { id: 'b', attributes: { dept: 'Ops' } },
      { id: 'sa', roles: ['S1ADMIN'] },
      { id: 'v', license: 'viewer' },
      { id: 'off', active: false, roles: ['S1ADMIN'] },
    ],
    groups: [
      { id: 'SYS', members: ['a'], systemManaged: true },
      { id: 'BG', members: ['b'] },
      { id: 'RG', members: ['b'] },
      { id: 'FREE', members: ['b'] },
      { id: 'SG', members: ['b'] },
    ],
    bundles: [
      SS,
      { id: 'S1ADMIN', grants: [{ type: 'survey', id: 's1', actions: ['admin'] }] },
      { id: 'COCKPIT', grants: pages('cockpit'), groups: ['BG'] },
      { id: 'BYRULE', grants: pages('timeline'), rule: { userGroup: ['RG'] } },
    ],
    resources: [
      { type: 'survey', id: 's1' },
      { type: 'survey', id: 's2' },
      {
        type: 'dashboard',
        id: 'd1',
        sharing: 'specific',
        shares: [{ group: 'SG', level: 'view' }],
      },
      { type: 'relationship', id: 'r1', fields: { segment: 'SMB' } },
    ],
    recordTypes: [
      {
        type: 'relationship',
        everyone: false,
        rules: [
          { id: 'eu', actions: ['read'], criteria: { attr: 'region', op: '=', value: 'EU' } },
        ],
      },
      { type: 'cta', everyone: false, attributes: [{ name: 'tier', source: 'resource' }] },
    ],
  });

describe('user groups (MODEL D9)', () => {
  it('D9: createGroup by a Sharing Settings user; membership is recomputed at once', () => {
    const m = world();
    const rule = { attr: 'dept', op: '=', value: 'Sales' };
    expect(attempt(m, 'um', 'createGroup', { id: 'Sales', rule })).toBe('D8');
    expect(attempt(m, 'ss', 'createGroup', { id: 'Sales', rule })).toBe('ok');
    expect(m.members({ group: 'Sales' })).toEqual(['a']);
    expect(attempt(m, 'ss', 'createGroup', { id: 'Sales' })).toBe('K8');
    expect(attempt(m, 'ss', 'createGroup', { id: 'Sales-2' })).toBe('invalid:args.id');
    expect(attempt(m, 'ss', 'editGroup', { id: 'Sales', members: ['b'] })).toBe('ok');
    expect(m.members({ group: 'Sales' })).toEqual(['a', 'b']);
    expect(attempt(m, 'ss', 'editGroup', { id: 'Sales', rule: null })).toBe('ok');
    expect(m.members({ group: 'Sales' })).toEqual(['b']);
    // Nothing changes: not audited.
    expect(attempt(m, 'ss', 'editGroup', { id: 'Sales', members: ['b'] })).toBe('ok');
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'Sales' })).toBe('ok');
    expect(m.audit({ type: 'group', id: 'Sales' }).map((e) => e.action)).toEqual([
      'createGroup',
      'editGroup',
      'editGroup',
      'deleteGroup',
    ]);
    expect(m.toWorld().groups?.map((g) => g.id)).toEqual(['SYS', 'BG', 'RG', 'FREE', 'SG']);
  });

  it('D9: system-managed groups and groups a bundle, share or sharing rule names are protected', () => {
    const m = world();
    expect(attempt(m, 'ss', 'editGroup', { id: 'SYS', members: [] })).toBe('D9');
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'SYS' })).toBe('D9');
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'BG' })).toBe('D9');
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'RG' })).toBe('D9');
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'SG' })).toBe('D9');
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'nope' })).toBe('invalid:args.id');
    expect(attempt(m, 'sam', 'addRule', { recordType: 'relationship', rule: ruleOn('FREE') })).toBe(
      'ok',
    );
    expect(attempt(m, 'ss', 'deleteGroup', { id: 'FREE' })).toBe('D9');
    // A refused delete keeps the groups in their order (MODEL R4).
    expect(m.toWorld().groups?.map((g) => g.id)).toEqual(['SYS', 'BG', 'RG', 'FREE', 'SG']);
  });

  it('D9, R3: createGroup and editGroup may not give anyone a bundle permission the actor lacks', () => {
    const m = world();
    expect(attempt(m, 'ss', 'editGroup', { id: 'BG', members: ['b', 'a'] })).toBe('R3');
    // Through a rule on attributes, and through a rule naming another group.
    const dept = { attr: 'dept', op: '=', value: 'Sales' };
    expect(attempt(m, 'ss', 'editGroup', { id: 'BG', rule: dept })).toBe('R3');
    expect(attempt(m, 'ss', 'editGroup', { id: 'BG', rule: { userGroup: ['SYS'] } })).toBe('R3');
    expect(attempt(m, 'ss', 'editGroup', { id: 'FREE', rule: dept })).toBe('ok');
    expect(attempt(m, 'ss', 'createGroup', { id: 'RG2', members: ['a'] })).toBe('ok');
    expect(attempt(m, 'sam', 'editGroup', { id: 'BG', members: ['b', 'a'] })).toBe('ok');
    expect(m.check('a', 'navigate', { type: 'page', id: 'cockpit' })).toBe(true);
  });
});

const ruleOn = (group: string) => ({
  id: `on${group}`,
  actions: ['read'],
  criteria: { userGroup: [group] },
});

describe('sharing rule edits (MODEL D10)', () => {
  it('D10: editRule replaces a rule by id and deleteRule removes it; unknown ids are input errors', () => {
    const m = world();
    const r1 = { type: 'relationship', id: 'r1' };
    const edit = {
      actions: ['read', 'write'],
      advice: [{ field: 'segment', op: '=', values: ['SMB'] }],
    };
    expect(attempt(m, 'um', 'editRule', { recordType: 'relationship', id: 'eu', rule: edit })).toBe(
      'D8',
    );
    expect(attempt(m, 'ss', 'editRule', { recordType: 'relationship', id: 'x', rule: edit })).toBe(
      'invalid:args.id',
    );
    expect(
      attempt(m, 'ss', 'editRule', {
        recordType: 'relationship',
        id: 'eu',
        rule: { ...edit, id: 'other' },
      }),
    ).toBe('invalid:args.rule.id');
    expect(attempt(m, 'ss', 'editRule', { recordType: 'relationship', id: 'eu', rule: edit })).toBe(
      'ok',
    );
    expect(m.check('b', 'write', r1)).toBe(true);
    expect(attempt(m, 'ss', 'deleteRule', { recordType: 'relationship', id: 'eu' })).toBe('ok');
    expect(m.check('b', 'read', r1)).toBe(false);
    expect(attempt(m, 'ss', 'deleteRule', { recordType: 'relationship', id: 'eu' })).toBe(
      'invalid:args.id',
    );
    expect(m.audit({ type: 'recordType', id: 'relationship' })).toMatchObject([
      { action: 'editRule', before: { id: 'eu', actions: ['read'] }, after: { id: 'eu' } },
      { action: 'deleteRule', before: { id: 'eu' }, after: null },
    ]);
  });

  it('D2: addRule is refused while everyone gets read/write', () => {
    const m = world();
    const rule = { id: 'n', actions: ['read'] };
    expect(attempt(m, 'ss', 'addRule', { recordType: 'relationshipType', rule })).toBe('D2');
  });
});

describe('permission attributes (MODEL D6, D11)', () => {
  it('D11: addAttribute and removeAttribute by a Sharing Settings user, audited under the record type', () => {
    const m = world();
    const add = (name: string, source: string) =>
      attempt(m, 'ss', 'addAttribute', { recordType: 'cta', name, source });
    expect(attempt(m, 'um', 'addAttribute', { recordType: 'cta', name: 'x', source: 'user' })).toBe(
      'D8',
    );
    expect(add('tier', 'resource')).toBe('K8');
    expect(add('tier', 'bogus')).toBe('invalid:args.source');
    expect(add('dept', 'user')).toBe('ok');
    for (let i = 0; i < 18; i++) expect(add(`f${i}`, 'resource')).toBe('ok');
    expect(add('one-too-many', 'resource')).toBe('D6');
    expect(attempt(m, 'ss', 'removeAttribute', { recordType: 'cta', name: 'dept' })).toBe('D6');
    expect(attempt(m, 'ss', 'removeAttribute', { recordType: 'cta', name: 'nope' })).toBe(
      'invalid:args.name',
    );
    expect(attempt(m, 'ss', 'removeAttribute', { recordType: 'cta', name: 'f0' })).toBe('ok');
    expect(m.toWorld().recordTypes?.find((r) => r.type === 'cta')?.attributes).toHaveLength(19);
    expect(m.audit({ type: 'recordType', id: 'cta' }).at(-1)).toMatchObject({
      action: 'removeAttribute',
      actor: 'ss',
    });
  });

  it('D6, D11: a non-empty list limits the names rules use; a field in use stays', () => {
    const m = world();
    const rule = (id: string, field: string, attr = 'dept') => ({
      id,
      actions: ['read'],
      criteria: { attr, op: '=', value: 'Sales' },
      advice: [{ field, op: '=', values: ['gold'] }],
    });
    const addRule = (r: object) => attempt(m, 'ss', 'addRule', { recordType: 'cta', rule: r });
    expect(addRule(rule('c1', 'tier'))).toBe('D6'); // dept is not listed
    expect(
      attempt(m, 'ss', 'addAttribute', { recordType: 'cta', name: 'dept', source: 'user' }),
    ).toBe('ok');
    expect(addRule(rule('c1', 'tier'))).toBe('ok');
    expect(addRule(rule('c2', 'color'))).toBe('D6');
    expect(addRule(rule('c2', 'dept'))).toBe('D6'); // a user attribute is not a record field
    expect(
      attempt(m, 'ss', 'editRule', { recordType: 'cta', id: 'c1', rule: rule('c1', 'color') }),
    ).toBe('D6');
    expect(attempt(m, 'ss', 'removeAttribute', { recordType: 'cta', name: 'tier' })).toBe('D6');
    expect(attempt(m, 'ss', 'deleteRule', { recordType: 'cta', id: 'c1' })).toBe('ok');
    expect(attempt(m, 'ss', 'removeAttribute', { recordType: 'cta', name: 'tier' })).toBe('ok');
    // An empty list accepts any name (relationship has none).
    expect(
      attempt(m, 'ss', 'addRule', { recordType: 'relationship', rule: rule('any', 'color', 'x') }),
    ).toBe('ok');
  });

  it('D11: a world lists attributes as { name, source } or as bare user attribute names', () => {
    const m = model({
      users: [{ id: 'a' }],
      recordTypes: [{ type: 'cta', everyone: false, attributes: ['dept'] }],
    });
    expect(m.toWorld().recordTypes?.[0]?.attributes).toEqual([{ name: 'dept', source: 'user' }]);
    const bad = (attributes: unknown) => () =>
      model({ users: [], recordTypes: [{ type: 'cta', everyone: false, attributes } as never] });
    expect(bad([{ name: 'x', source: 'nope' }])).toThrow(/attributes\[0\]\.source/);
    expect(bad(['x', 'x'])).toThrow(/K8/);
    expect(bad('x')).toThrow(/attributes/);
    expect(bad([7])).toThrow(/attributes\[0\]/);
    expect(bad(Array.from({ length: 21 }, (_, i) => `a${i}`))).toThrow(/D6/);
  });
});

describe('direct grants on one resource (MODEL N13)', () => {
  const s1 = { type: 'survey', id: 's1' };

  it('N13: an admin of one survey grants and takes back actions on it, never for themselves', () => {
    const m = world();
    const grant = (actor: string, user: string, actions: string[], resource: object = s1) =>
      attempt(m, actor, 'grantOn', { resource, user, actions });
    expect(grant('um', 'a', ['admin'])).toBe('N13');
    expect(grant('sa', 'sa', ['admin'])).toBe('N13');
    expect(grant('off', 'a', ['admin'])).toBe('N13'); // MODEL K7
    expect(grant('sa', 'a', ['admin'], { type: 'survey', id: 's2' })).toBe('N13');
    expect(grant('sa', 'a', ['nope'])).toBe('invalid:args.actions[0]');
    expect(grant('sa', 'a', ['view'], { type: 'dashboard', id: 'd1' })).toBe(
      'invalid:args.resource.type',
    );
    expect(grant('sa', 'a', ['admin'], { type: 'survey', id: 'zz' })).toBe(
      'invalid:args.resource.id',
    );
    expect(grant('sa', 'a', ['admin'])).toBe('ok');
    expect(grant('sa', 'a', ['admin'])).toBe('ok'); // nothing new: not audited
    expect(m.check('a', 'design', s1)).toBe(true); // MODEL K4
    expect(m.check('a', 'admin', { type: 'survey', id: 's2' })).toBe(false);
    expect(m.check('a', 'useLibrary', { type: 'survey' })).toBe(false); // MODEL K5
    expect(m.explain('a', 'admin', s1).reasons).toEqual([{ kind: 'direct' }]);
    expect(m.explain('a', 'admin', s1).message).toMatch(/granted directly/);
    // The grantee, now an admin, grants on; the grant outlives the grantor's access.
    expect(grant('a', 'b', ['analyze', 'useLibrary'])).toBe('ok');
    expect(m.check('b', 'useLibrary', { type: 'survey' })).toBe(false);
    expect(attempt(m, 'sa', 'revokeOn', { resource: s1, user: 'a' })).toBe('ok');
    expect(m.check('b', 'analyze', s1)).toBe(true);
    expect(attempt(m, 'a', 'revokeOn', { resource: s1, user: 'b' })).toBe('N13');
    expect(attempt(m, 'sa', 'revokeOn', { resource: s1, user: 'b', actions: ['useLibrary'] })).toBe(
      'ok',
    );
    expect(m.check('b', 'analyze', s1)).toBe(true);
    expect(attempt(m, 'sa', 'revokeOn', { resource: s1, user: 'a' })).toBe('ok'); // nothing left
    expect(m.audit(s1).map((e) => [e.actor, e.action])).toEqual([
      ['sa', 'grantOn'],
      ['a', 'grantOn'],
      ['sa', 'revokeOn'],
      ['sa', 'revokeOn'],
    ]);
    expect(m.audit(s1)[0]).toMatchObject({
      before: { user: 'a', actions: [] },
      after: { user: 'a', actions: ['admin'] },
    });
  });

  it('N13: direct grants are capped by the license, survive toWorld and reach the snapshot', () => {
    const m = world();
    expect(attempt(m, 'sam', 'grantOn', { resource: s1, user: 'v', actions: ['admin'] })).toBe(
      'ok',
    );
    expect(m.check('v', 'analyze', s1)).toBe(false); // MODEL N5: the viewer cap
    expect(attempt(m, 'sam', 'grantOn', { resource: s1, user: 'b', actions: ['distribute'] })).toBe(
      'ok',
    );
    const world2 = m.toWorld();
    expect(world2.directGrants).toEqual([
      { type: 'survey', id: 's1', user: 'b', actions: ['distribute'] },
      { type: 'survey', id: 's1', user: 'v', actions: ['admin'] },
    ]);
    const again = model(world2);
    expect(again.check('b', 'analyze', s1)).toBe(true);
    const me = createEvaluator(
      JSON.parse(JSON.stringify(compileSnapshot(again, 'b', { tenant: 't' }))),
    );
    for (const action of ['analyze', 'distribute', 'design', 'admin'])
      expect([action, me.check(action, s1)]).toEqual([action, again.check('b', action, s1)]);
    expect(me.explain('analyze', s1).reasons).toEqual(again.explain('b', 'analyze', s1).reasons);
    expect(me.check('analyze', { type: 'survey' })).toBe(false);
  });

  it('N13: a world names direct grants by known type, resource, user and actions', () => {
    const bad = (g: object) => () =>
      model({
        users: [{ id: 'a' }],
        resources: [{ type: 'survey', id: 's1' }],
        directGrants: [g as never],
      });
    const ok = { type: 'survey', id: 's1', user: 'a', actions: ['design'] };
    expect(bad(ok)).not.toThrow();
    expect(bad({ ...ok, type: 'cockpit' })).toThrow(/directGrants\[0\]\.type/);
    expect(bad({ ...ok, id: 'zz' })).toThrow(/directGrants\[0\]\.id/);
    expect(bad({ ...ok, user: 'zz' })).toThrow(/directGrants\[0\]\.user/);
    expect(bad({ ...ok, actions: [] })).toThrow(/directGrants\[0\]\.actions/);
    expect(bad({ ...ok, actions: ['x'] })).toThrow(/directGrants\[0\]\.actions\[0\]/);
    expect(bad(7 as never)).toThrow(/directGrants\[0\]/);
    expect(() => model({ users: [], directGrants: 'x' as never })).toThrow(/directGrants/);
  });
});
