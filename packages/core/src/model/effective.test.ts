import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { effectiveGrants } from './effective.ts';

const world = () => ({
  users: [
    { id: 'ann', roles: ['PX_MANAGER', 'ROLE_USER'] },
    { id: 'own' },
    { id: 'sam', superAdmin: true },
  ],
  bundles: [
    {
      id: 'B',
      grants: [
        ...pages('dashboards', 'cockpit'),
        { type: 'cockpit', actions: ['createCta', 'applyPlaybook'] },
      ],
      users: ['ann'],
    },
  ],
  resources: [
    {
      type: 'folder',
      id: 'f',
      owner: 'own',
      sharing: 'specific' as const,
      shares: [{ user: 'ann', level: 'view-edit' as const }],
    },
    { type: 'dashboard', id: 'd', parent: 'f', owner: 'own' },
    { type: 'engagement', id: 'e', env: 'staging', state: 'draft' },
  ],
});

describe('effective grants for the snapshot compiler (MODEL C1)', () => {
  it('lists page, type, per-environment and per-resource actions, with folder inheritance', () => {
    const m = model(world());
    const g = effectiveGrants(m, 'ann');
    expect(g.pages).toEqual({
      c360: ['navigate'],
      cockpit: ['navigate'],
      dashboards: ['navigate'],
    });
    expect(g.types.cockpit).toEqual({ all: ['createCta', 'applyPlaybook'], env: {} });
    expect(g.types.engagement).toEqual({
      all: ['view'],
      env: { production: ['view'], staging: ['view', 'launch', 'pause'] },
    });
    expect(g.resources.dashboard).toEqual({ d: ['view', 'edit'] });
    expect(g.resources.engagement).toEqual({ e: ['view', 'edit', 'launch', 'pause'] });
    expect(g.resources.folder).toEqual({
      f: ['view', 'edit'],
      home: ['view'],
      uncategorized: ['view'],
    });
    expect(g.assetParents).toMatchObject({ d: 'f', f: 'home', home: null });
    expect(g.conditional).toContainEqual({
      type: 'engagement',
      actions: ['view', 'edit'],
      when: { field: 'state', op: '=', value: 'draft' },
    });
    expect(g.conditional).toContainEqual({
      type: 'reportEvent',
      actions: ['read'],
      when: { field: 'handledBy', op: '=', user: 'id' },
    });
  });
  it('agrees with the server-side check on every resource (MODEL C5) and carries the revision (MODEL C1, C2)', () => {
    const m = model(world());
    const before = effectiveGrants(m, 'ann');
    m.apply('sam', { op: 'revoke', args: { asset: 'f', user: 'ann' } });
    const after = effectiveGrants(m, 'ann');
    expect(after.revision).toBe(before.revision + 1);
    expect(after.resources.dashboard).toEqual({});
    for (const [type, byId] of Object.entries(before.resources))
      for (const id of Object.keys(byId))
        for (const a of m.schema.types.get(type)!.actions)
          expect(after.resources[type]?.[id]?.includes(a) ?? false).toBe(
            m.check('ann', a, { type, id }),
          );
  });
  it('is empty for unknown and inactive users: fail closed (MODEL C3), and names its user (MODEL C4)', () => {
    const m = model(world());
    const g = effectiveGrants(m, 'ghost');
    expect(g).toMatchObject({ userId: 'ghost', active: false, pages: {}, conditional: [] });
    expect(Object.values(g.types).every((t) => t.all.length === 0)).toBe(true);
    expect(effectiveGrants(m, 'sam').superAdmin).toBe(true);
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
