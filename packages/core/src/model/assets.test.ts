import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';

const world = () => ({
  users: [{ id: 'own' }, { id: 'v' }, { id: 'b' }, { id: 'gm' }, { id: 'none' }],
  groups: [{ id: 'G', members: ['gm'] }],
  bundles: [
    { id: 'DASH', grants: pages('dashboards'), users: ['v', 'gm'] },
    {
      id: 'BUILD',
      grants: pages('administration', 'administration.dashboardBuilder'),
      users: ['b'],
    },
  ],
  resources: [
    {
      type: 'folder',
      id: 'top',
      owner: 'own',
      sharing: 'specific' as const,
      shares: [{ group: 'G', level: 'view-share' as const }],
    },
    { type: 'folder', id: 'sub', parent: 'top', owner: 'own' },
    { type: 'dashboard', id: 'deep', parent: 'sub', owner: 'own', fields: { title: 'Q3 Revenue' } },
    { type: 'folder', id: 'pub', owner: 'own', sharing: 'public-view-edit' as const },
    { type: 'dashboard', id: 'inPub', parent: 'pub', owner: 'own' },
    { type: 'dashboard', id: 'loose', parent: 'uncategorized', owner: 'own' },
  ],
});

describe('assets', () => {
  const m = model(world());
  it('gives folder access to everything inside (MODEL A4)', () => {
    expect(m.check('gm', 'share', { type: 'dashboard', id: 'deep' })).toBe(true);
    expect(m.check('gm', 'edit', { type: 'dashboard', id: 'deep' })).toBe(false);
    expect(m.check('gm', 'view', { type: 'folder', id: 'sub' })).toBe(true);
    expect(m.check('own', 'admin', { type: 'dashboard', id: 'deep' })).toBe(true);
    const why = m.explain('gm', 'view', { type: 'dashboard', id: 'deep' });
    expect(why.reasons).toEqual([
      { kind: 'share', asset: 'deep', level: 'view-share', group: 'G', inheritedFrom: 'top' },
    ]);
  });
  it('explains a denial with the title and what the user has (MODEL K6)', () => {
    expect(m.explain('gm', 'edit', { type: 'dashboard', id: 'deep' }).message).toBe(
      'needs edit on dashboard “Q3 Revenue”; you have share',
    );
    expect(m.explain('none', 'view', { type: 'dashboard', id: 'deep' }).message).toMatch(
      /you have nothing$/,
    );
    expect(m.explain('none', 'view', { type: 'dashboard' }).message).toMatch(
      /needs view on every dashboard/,
    );
  });
  it('gates public levels by pages (MODEL A1, A2)', () => {
    expect(m.check('v', 'view', { type: 'dashboard', id: 'inPub' })).toBe(true);
    expect(m.check('v', 'edit', { type: 'dashboard', id: 'inPub' })).toBe(false);
    expect(m.check('b', 'edit', { type: 'dashboard', id: 'inPub' })).toBe(true);
    expect(m.check('none', 'view', { type: 'dashboard', id: 'inPub' })).toBe(false);
    expect(m.explain('v', 'view', { type: 'dashboard', id: 'inPub' }).reasons).toEqual([
      { kind: 'public', asset: 'inPub', level: 'public-view-edit', inheritedFrom: 'pub' },
    ]);
  });
  it('shows Home and Uncategorized to everyone without giving their contents (MODEL A5)', () => {
    expect(m.check('none', 'view', { type: 'folder', id: 'home' })).toBe(true);
    expect(m.check('none', 'edit', { type: 'folder', id: 'home' })).toBe(false);
    expect(m.check('b', 'edit', { type: 'folder', id: 'uncategorized' })).toBe(true);
    expect(m.check('none', 'view', { type: 'dashboard', id: 'loose' })).toBe(false);
    expect(m.explain('none', 'view', { type: 'folder', id: 'home' }).reasons).toEqual([
      { kind: 'systemFolder', folder: 'home' },
    ]);
  });
  it('lists visible assets with their ancestor folders (MODEL A6)', () => {
    expect(m.list('gm', 'asset')).toEqual([
      'deep',
      'home',
      'inPub',
      'pub',
      'sub',
      'top',
      'uncategorized',
    ]);
    expect(m.list('gm', 'dashboard')).toEqual(['deep', 'inPub']);
    expect(m.list('gm', 'folder')).toEqual(['home', 'pub', 'sub', 'top', 'uncategorized']);
    expect(m.list('none', 'asset')).toEqual(['home', 'uncategorized']);
    expect(m.list('none', 'nothing')).toEqual([]);
  });
  it('refuses folder cycles and trees deeper than three levels (MODEL A4)', () => {
    expect(() =>
      model({
        users: [],
        resources: [
          { type: 'folder', id: 'a', parent: 'b' },
          { type: 'folder', id: 'b', parent: 'a' },
        ],
      }),
    ).toThrow(/cycle/);
    expect(() =>
      model({
        users: [],
        resources: [
          { type: 'folder', id: 'a' },
          { type: 'folder', id: 'b', parent: 'a' },
          { type: 'folder', id: 'c', parent: 'b' },
        ],
      }),
    ).toThrow(/MODEL A4/);
  });
});

describe('createAsset with fields', () => {
  it('keeps the fields it is given, so reasons name the asset by its title (MODEL A3, K6)', () => {
    const m = model(world());
    m.apply('b', {
      op: 'createAsset',
      args: { type: 'dashboard', id: 'nps', fields: { title: 'NPS Trend' } },
    });
    expect(m.explain('v', 'view', { type: 'dashboard', id: 'nps' }).message).toContain(
      '“NPS Trend”',
    );
    expect(m.audit({ type: 'dashboard', id: 'nps' }).at(-1)?.after).toMatchObject({
      fields: { title: 'NPS Trend' },
    });
    expect(() =>
      m.apply('b', {
        op: 'createAsset',
        args: { type: 'dashboard', id: 'x', fields: { title: null } },
      }),
    ).toThrow(/args\.fields\.title/);
  });
});

describe('navigation (MODEL N1–N3)', () => {
  const m = model({
    users: [{ id: 'ann' }, { id: 'sam', superAdmin: true }],
    bundles: [
      {
        id: 'B',
        grants: pages('jo.surveys', 'administration.customerData.company'),
        users: ['ann'],
      },
    ],
  });
  it('grants nested pages one by one (MODEL N2) and shows ancestors in menus only (MODEL N3)', () => {
    expect(m.check('ann', 'navigate', { type: 'page', id: 'jo' })).toBe(false);
    expect(m.menu('ann')).toEqual([
      'administration',
      'administration.customerData',
      'administration.customerData.company',
      'jo',
      'jo.surveys',
    ]);
    expect(m.search('ann', 'SUR')).toEqual(['jo.surveys']);
    expect(m.search('ann', 'journey')).toEqual([]);
    expect(m.list('ann', 'page')).toEqual(['administration.customerData.company', 'jo.surveys']);
    expect(m.menu('sam')).toHaveLength(20);
  });
});
