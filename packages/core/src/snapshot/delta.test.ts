import { describe, expect, it, vi } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { compileSnapshot } from './compile.ts';
import { applyDelta, diffSnapshots } from './delta.ts';
import { createEvaluator } from './explain.ts';
import { decodeIds, encodeIds, type GrantSnapshot } from './format.ts';

const world = () => ({
  users: [{ id: 'own' }, { id: 'ann' }, { id: 'sam', superAdmin: true }],
  bundles: [{ id: 'DASH', grants: pages('dashboards'), users: ['own', 'ann'] }],
  resources: [
    {
      type: 'folder',
      id: 'f1',
      owner: 'own',
      sharing: 'specific' as const,
      shares: [{ user: 'ann', level: 'view' as const }],
    },
    ...Array.from({ length: 300 }, (_, i) => ({
      type: 'dashboard',
      id: `d${String(i).padStart(4, '0')}`,
      parent: 'f1',
      owner: 'own',
    })),
    { type: 'dashboard', id: 'solo', owner: 'own' },
  ],
});
const json = (s: GrantSnapshot) => JSON.parse(JSON.stringify(s)) as GrantSnapshot;

describe('front-coded id sets', () => {
  it('round-trip any ids, sorted and deduplicated, and share prefixes', () => {
    const ids = ['d0010', 'd0002', 'd0001', 'd0001', 'x', '', 'é😀a', 'é😀b'];
    expect(decodeIds(encodeIds(ids))).toEqual([...new Set(ids)].sort());
    expect(encodeIds(['dash-0001', 'dash-0002'])).toEqual(['dash-0001', 8, '2']);
  });
});

describe('snapshot deltas', () => {
  it('ship a folder grant once, with the parent links below it (not copied onto each child)', () => {
    const m = model(world());
    const s = compileSnapshot(m, 'ann', { tenant: 't' });
    expect(s.types.folder?.g).toEqual({ 1: ['f1'] });
    expect(decodeIds(s.types.dashboard!.ul!.f1!)).toHaveLength(300);
    expect(s.types.dashboard?.g).toBeUndefined();
    expect(createEvaluator(json(s)).check('view', { type: 'dashboard', id: 'd0042' })).toBe(true);
  });

  it('turn one snapshot into the next with a small patch', () => {
    const m = model(world());
    const a = compileSnapshot(m, 'ann', { tenant: 't', now: 1 });
    m.apply('own', { op: 'share', args: { asset: 'solo', user: 'ann', level: 'view-edit' } });
    const b = compileSnapshot(m, 'ann', { tenant: 't', now: 2 });
    const patch = diffSnapshots(a, b);
    expect(patch).not.toBeNull();
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(b).length / 3);
    const rebuilt = applyDelta(json(a), json(patch as unknown as GrantSnapshot) as never);
    expect(rebuilt).toEqual(json(b));
    expect(createEvaluator(rebuilt).check('edit', { type: 'dashboard', id: 'solo' })).toBe(true);
  });

  it('remove ids from sets, and apply in sequence', () => {
    const m = model(world());
    const s0 = compileSnapshot(m, 'ann', { tenant: 't', now: 1 });
    m.apply('own', { op: 'share', args: { asset: 'solo', user: 'ann', level: 'view' } });
    const s1 = compileSnapshot(m, 'ann', { tenant: 't', now: 2 });
    m.apply('sam', { op: 'revoke', args: { asset: 'f1', user: 'ann' } });
    const s2 = compileSnapshot(m, 'ann', { tenant: 't', now: 3 });
    const p1 = diffSnapshots(s0, s1)!;
    const p2 = diffSnapshots(s1, s2);
    const at1 = applyDelta(s0, p1);
    expect(at1).toEqual(json(s1));
    const at2 = p2 === null ? s2 : applyDelta(at1, p2);
    expect(json(at2)).toEqual(json(s2));
    expect(createEvaluator(at2).check('view', { type: 'dashboard', id: 'd0001' })).toBe(false);
  });

  it('are null for another user or tenant, and refuse the wrong base revision', () => {
    const m = model(world());
    const a = compileSnapshot(m, 'ann', { tenant: 't' });
    expect(diffSnapshots(a, compileSnapshot(m, 'own', { tenant: 't' }))).toBeNull();
    expect(diffSnapshots(a, compileSnapshot(m, 'ann', { tenant: 'u' }))).toBeNull();
    const patch = diffSnapshots(a, { ...a, revision: 5 })!;
    expect(() => applyDelta({ ...a, revision: 4 }, patch)).toThrow(/revision 0/);
    // production builds keep the refusal, without the revisions in its message
    vi.stubEnv('NODE_ENV', 'production');
    try {
      expect(() => applyDelta({ ...a, revision: 4 }, patch)).toThrow('delta does not apply');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('snapshot evaluator', () => {
  it('explains with the sources, inherited folders and what is missing', () => {
    const m = model(world());
    const me = createEvaluator(json(compileSnapshot(m, 'ann', { tenant: 't' })));
    const why = me.explain('view', { type: 'dashboard', id: 'd0001' });
    expect(why.allowed).toBe(true);
    expect(why.reasons).toEqual([
      { kind: 'share', asset: 'd0001', level: 'view', user: 'ann', inheritedFrom: 'f1' },
    ]);
    const no = me.explain('edit', { type: 'dashboard', id: 'd0001' });
    expect(no).toMatchObject({ allowed: false, missing: { action: 'edit', have: ['view'] } });
    expect(no.message).toMatch(/^needs edit on dashboard “d0001”; you have view/);
    expect(me.menu()).toEqual(['dashboards']);
    expect(me.search('dash')).toEqual(['dashboards']);
  });

  it('fails closed for inactive users and for view-as by anyone but a super admin (MODEL K7, A11)', () => {
    const m = model({
      ...world(),
      users: [{ id: 'own', active: false }, { id: 'ann' }, { id: 'sam', superAdmin: true }],
    });
    expect(compileSnapshot(m, 'own', { tenant: 't' }).active).toBe(false);
    const viewing = createEvaluator(
      json(compileSnapshot(m, 'sam', { tenant: 't', viewAs: 'ann' })),
    );
    expect(viewing.check('view', { type: 'folder', id: 'f1' })).toBe(true);
    expect(viewing.check('edit', { type: 'folder', id: 'f1' })).toBe(false);
    const refused = createEvaluator(
      json(compileSnapshot(m, 'ann', { tenant: 't', viewAs: 'sam' })),
    );
    expect(refused.check('view', { type: 'folder', id: 'f1' })).toBe(false);
    expect(refused.explain('view', { type: 'folder', id: 'f1' }).message).toMatch(/A11/);
  });
});
