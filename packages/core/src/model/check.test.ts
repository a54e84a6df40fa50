import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';

describe('core evaluation', () => {
  const m = model({
    users: [
      { id: 'ann' },
      { id: 'sam', superAdmin: true },
      { id: 'ina', active: false, superAdmin: true },
      { id: 'bob' },
    ],
    bundles: [
      {
        id: 'A',
        grants: [...pages('timeline'), { type: 'survey', actions: ['distribute'] }],
        users: ['ann'],
      },
      {
        id: 'B',
        grants: [{ type: 'survey', id: 's1', actions: ['admin'] }, ...pages('c360')],
        users: ['ann'],
      },
    ],
    resources: [{ type: 'survey', id: 's1' }],
  });

  it('denies by default (MODEL K1)', () => {
    expect(m.check('bob', 'navigate', { type: 'page', id: 'timeline' })).toBe(false);
    expect(m.check('bob', 'analyze', { type: 'survey' })).toBe(false);
  });
  it('adds bundles up (MODEL K2) and scopes (MODEL K5), with implication (MODEL K4)', () => {
    expect(m.check('ann', 'navigate', { type: 'page', id: 'c360' })).toBe(true);
    expect(m.check('ann', 'analyze', { type: 'survey', id: 's2' })).toBe(true);
    expect(m.check('ann', 'design', { type: 'survey', id: 's1' })).toBe(true);
    expect(m.check('ann', 'design', { type: 'survey', id: 's2' })).toBe(false);
    expect(m.check('ann', 'design', { type: 'survey' })).toBe(false);
  });
  it('lets super admins pass everything (MODEL K3) but not when inactive (MODEL K7)', () => {
    expect(m.check('sam', 'admin', { type: 'survey' })).toBe(true);
    expect(m.check('sam', 'write', { type: 'cta', id: 'never-seen' })).toBe(true);
    expect(m.check('ina', 'admin', { type: 'survey' })).toBe(false);
    expect(m.menu('ina')).toEqual([]);
    expect(m.list('ina', 'asset')).toEqual([]);
  });
  it('never throws on bad input: unknown users, types, actions', () => {
    expect(m.check('nobody', 'navigate', { type: 'page', id: 'timeline' })).toBe(false);
    expect(m.check('ann', 'navigate', { type: 'spaceship' } as never)).toBe(false);
    expect(m.check('ann', 'fly', { type: 'survey' })).toBe(false);
    expect(m.check('sam', 'fly', { type: 'survey' })).toBe(false);
    expect(m.check('ann', 'view', null as never)).toBe(false);
    expect(m.check(42 as never, 'view', { type: 'dashboard', id: 'x' })).toBe(false);
    expect(m.explain('nobody', 'view', { type: 'dashboard' }).message).toMatch(/unknown user/);
    expect(m.explain('ann', 'fly', { type: 'survey' }).message).toMatch(/no action “fly”/);
    expect(m.explain('ann', 'view', { type: 'spaceship' }).message).toMatch(
      /unknown resource type/,
    );
    expect(m.explain('ina', 'view', { type: 'survey' }).message).toMatch(/K7/);
  });
  it('judges an unknown resource id only by grants that need no id', () => {
    expect(m.check('ann', 'analyze', { type: 'survey', id: 'brand-new' })).toBe(true);
    expect(m.check('ann', 'admin', { type: 'survey', id: 'brand-new' })).toBe(false);
  });
  it('answers as another user only for super admins (MODEL A11)', () => {
    expect(m.check('sam', 'navigate', { type: 'page', id: 'timeline' }, { viewAs: 'bob' })).toBe(
      false,
    );
    expect(m.check('sam', 'navigate', { type: 'page', id: 'timeline' }, { viewAs: 'ann' })).toBe(
      true,
    );
    expect(m.check('ann', 'navigate', { type: 'page', id: 'timeline' }, { viewAs: 'ann' })).toBe(
      false,
    );
    expect(m.menu('ann', { viewAs: 'sam' })).toEqual([]);
    expect(
      m.explain('ann', 'navigate', { type: 'page', id: 'timeline' }, { viewAs: 'ann' }).message,
    ).toMatch(/A11/);
  });
  it('shows missing actions greyed out rather than hidden (MODEL A12)', () => {
    expect(m.actions('ann', { type: 'survey', id: 's2' })).toEqual([
      { action: 'design', allowed: false },
      { action: 'distribute', allowed: true },
      { action: 'analyze', allowed: true },
      { action: 'admin', allowed: false },
      { action: 'useLibrary', allowed: false },
    ]);
  });
});

describe('environments and conditions (MODEL E1, E3, E4, R1, R2)', () => {
  const m = model({
    users: [
      { id: 'ma', roles: ['PX_MANAGER'] },
      { id: 'u', roles: ['ROLE_USER'] },
      { id: 'both', roles: ['ROLE_USER', 'ROLE_REPORT_VIEWER'] },
    ],
    resources: [
      { type: 'engagement', id: 'e1', env: 'staging', state: 'draft' },
      { type: 'engagement', id: 'e2', state: 'active' },
      { type: 'reportEvent', id: 'ev', fields: { handledBy: 'u' } },
    ],
  });
  it('env-limited grants apply only to resources in those environments', () => {
    expect(m.check('ma', 'launch', { type: 'engagement', id: 'e1' })).toBe(true);
    expect(m.check('ma', 'launch', { type: 'engagement', id: 'e2' })).toBe(false);
    expect(m.check('ma', 'launch', { type: 'engagement' })).toBe(false);
    expect(m.check('ma', 'launch', { type: 'engagement', env: 'staging' })).toBe(true);
    expect(m.check('ma', 'launch', { type: 'engagement', env: 'production' })).toBe(false);
    expect(m.check('ma', 'launch', { type: 'engagement', id: 'unknown', env: 'staging' })).toBe(
      true,
    );
  });
  it('a type-level check is not met by a conditional grant; fields are', () => {
    expect(m.check('ma', 'edit', { type: 'engagement' })).toBe(false);
    expect(m.check('ma', 'edit', { type: 'engagement', fields: { state: 'draft' } })).toBe(true);
    expect(m.check('ma', 'edit', { type: 'engagement', id: 'e1' })).toBe(true);
    expect(m.check('ma', 'edit', { type: 'engagement', id: 'e2' })).toBe(false);
    expect(m.check('u', 'read', { type: 'reportEvent', id: 'ev' })).toBe(true);
    expect(
      m.check('u', 'read', { type: 'reportEvent', id: 'new', fields: { handledBy: 'u' } }),
    ).toBe(true);
    expect(m.check('u', 'read', { type: 'reportEvent', id: 'new' })).toBe(false);
    expect(m.check('u', 'read', { type: 'reportEvent', fields: { handledBy: 'x' } })).toBe(false);
    expect(m.check('u', 'read', { type: 'reportEvent', fields: {} })).toBe(false);
  });
  it('reads the lifecycle state, not a stale `fields.state`, after a transition (MODEL E2)', () => {
    const lm = model({
      users: [
        { id: 'ed', roles: ['PX_EDITOR'] },
        { id: 'ad', roles: ['PX_ADMIN'] },
      ],
      resources: [
        { type: 'engagement', id: 'e', env: 'staging', state: 'draft', fields: { state: 'draft' } },
      ],
    });
    expect(lm.check('ed', 'edit', { type: 'engagement', id: 'e' })).toBe(true);
    lm.apply('ad', {
      op: 'transition',
      args: { resource: { type: 'engagement', id: 'e' }, action: 'launch' },
    });
    expect(lm.check('ed', 'edit', { type: 'engagement', id: 'e' })).toBe(false);
  });
  it('several roles give the union, the higher level wins (MODEL R1)', () => {
    expect(m.check('both', 'read', { type: 'reportEvent' })).toBe(true);
    expect(m.list('both', 'reportEvent')).toEqual(['ev']);
  });
});

describe('license caps (MODEL N5, N5a, N6)', () => {
  const m = model({
    users: [
      { id: 'vic', license: 'viewer' },
      { id: 'val', license: 'viewer-analytics' },
      { id: 'own' },
    ],
    bundles: [
      {
        id: 'X',
        grants: [...pages('cockpit'), { type: 'survey', actions: ['admin'] }],
        users: ['vic', 'val'],
      },
    ],
    resources: [
      {
        type: 'dashboard',
        id: 'd',
        owner: 'own',
        sharing: 'specific',
        shares: [
          { user: 'vic', level: 'admin' },
          { user: 'val', level: 'view-edit' },
        ],
      },
      { type: 'dashboard', id: 'p', owner: 'own', sharing: 'public-view-share' },
      { type: 'relationshipType', id: 'rt' },
    ],
  });
  it('caps page and module grants to the license bundle', () => {
    expect(m.check('vic', 'navigate', { type: 'page', id: 'cockpit' })).toBe(false);
    expect(m.check('vic', 'admin', { type: 'survey' })).toBe(false);
    expect(m.check('val', 'navigate', { type: 'page', id: 'dashboards' })).toBe(true);
    expect(m.members({ bundle: 'VIEW_GROUP' })).toEqual(['vic']);
  });
  it('caps assets at view and records at read', () => {
    expect(m.check('vic', 'view', { type: 'dashboard', id: 'd' })).toBe(true);
    expect(m.check('vic', 'edit', { type: 'dashboard', id: 'd' })).toBe(false);
    expect(m.check('val', 'edit', { type: 'dashboard', id: 'd' })).toBe(false);
    expect(m.check('val', 'view', { type: 'dashboard', id: 'p' })).toBe(true);
    expect(m.check('val', 'share', { type: 'dashboard', id: 'p' })).toBe(false);
    expect(m.check('vic', 'view', { type: 'dashboard', id: 'p' })).toBe(false);
    expect(m.check('vic', 'read', { type: 'relationshipType', id: 'rt' })).toBe(true);
    expect(m.check('vic', 'write', { type: 'relationshipType', id: 'rt' })).toBe(false);
    expect(m.explain('vic', 'write', { type: 'relationshipType', id: 'rt' }).message).toMatch(
      /capped by VIEW_GROUP/,
    );
  });
});

describe('records (MODEL D1–D5, N12)', () => {
  const m = model({
    users: [
      { id: 'rep', managerId: 'boss', attributes: { bu: 'BU1' } },
      { id: 'off', managerId: 'boss', active: false, attributes: { bu: 'BU2' } },
      { id: 'boss', managerId: 'top' },
      { id: 'top' },
      { id: 'x' },
    ],
    resources: [
      { type: 'relationshipType', id: 'rt1', fields: { name: 'A' } },
      { type: 'relationshipType', id: 'rt2', fields: { name: 'B' } },
      { type: 'relationship', id: 'r1', lookups: { relationshipType: 'rt1' } },
      { type: 'cta', id: 'c1', lookups: { relationship: 'r1' } },
      { type: 'cta', id: 'loop', lookups: { cta: 'loop' } },
    ],
    recordTypes: [
      {
        type: 'relationshipType',
        everyone: false,
        rules: [
          {
            id: 'a',
            actions: ['read'],
            criteria: { attr: 'bu', op: '=', value: 'BU1' },
            advice: [{ field: 'name', op: '=', values: ['A'] }],
          },
          { id: 'b', actions: ['write'], criteria: { attr: 'bu', op: '=', value: 'BU2' } },
        ],
      },
      { type: 'relationship', everyone: false },
      { type: 'cta', everyone: false },
    ],
  });
  it('never-configured record types stay open (MODEL D1)', () => {
    const open = model({ users: [{ id: 'x' }] });
    expect(open.check('x', 'write', { type: 'cta', id: 'any' })).toBe(true);
    expect(open.check('x', 'write', { type: 'cta' })).toBe(true);
  });
  it('rules grant by criteria and advice (MODEL D2, D3)', () => {
    expect(m.check('rep', 'read', { type: 'relationshipType', id: 'rt1' })).toBe(true);
    expect(m.check('rep', 'read', { type: 'relationshipType', id: 'rt2' })).toBe(false);
    expect(m.check('rep', 'read', { type: 'relationshipType' })).toBe(false);
    expect(m.check('rep', 'read', { type: 'relationshipType', fields: { name: 'A' } })).toBe(true);
    expect(m.check('x', 'read', { type: 'relationshipType', id: 'rt1' })).toBe(false);
  });
  it('follows lookups to parents, transitively and without looping (MODEL D4)', () => {
    expect(m.check('rep', 'read', { type: 'cta', id: 'c1' })).toBe(true);
    expect(m.check('rep', 'write', { type: 'cta', id: 'c1' })).toBe(false);
    expect(m.check('rep', 'read', { type: 'cta', id: 'loop' })).toBe(false);
    expect(m.explain('rep', 'read', { type: 'cta', id: 'c1' }).reasons).toContainEqual(
      expect.objectContaining({ kind: 'recordRule', rule: 'a', via: 'lookup' }),
    );
  });
  it('extends data permissions up the manager chain, from active users only (MODEL D5, N12)', () => {
    expect(m.check('boss', 'read', { type: 'relationshipType', id: 'rt1' })).toBe(true);
    expect(m.check('top', 'read', { type: 'relationshipType', id: 'rt1' })).toBe(true);
    expect(m.check('boss', 'write', { type: 'relationshipType', id: 'rt2' })).toBe(false);
    expect(
      m.explain('top', 'read', { type: 'relationshipType', id: 'rt1' }).reasons,
    ).toContainEqual(
      expect.objectContaining({ kind: 'recordRule', rule: 'a', via: 'manager', report: 'rep' }),
    );
  });
});

describe('granular toggles are ordinary actions (MODEL N14)', () => {
  it('grants cockpit, success plan and productivity toggles one by one', () => {
    const m = model({
      users: [{ id: 'u' }],
      bundles: [
        {
          id: 'T',
          grants: [
            { type: 'cockpit', actions: ['createCta'] },
            { type: 'successPlan', actions: ['applyTemplate'] },
            { type: 'productivity', actions: ['columnConfigurator'] },
          ],
          users: ['u'],
        },
      ],
    });
    expect(m.check('u', 'createCta', { type: 'cockpit' })).toBe(true);
    expect(m.check('u', 'deleteCta', { type: 'cockpit' })).toBe(false);
    expect(m.check('u', 'applyTemplate', { type: 'successPlan' })).toBe(true);
    expect(m.check('u', 'share', { type: 'successPlan' })).toBe(false);
    expect(m.check('u', 'columnConfigurator', { type: 'productivity' })).toBe(true);
    expect(m.check('u', 'advancedFilterViews', { type: 'productivity' })).toBe(false);
  });
});
