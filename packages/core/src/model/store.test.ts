import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { storeOf } from './model.ts';
import { NO_CHILDREN, NO_SHARES } from './state.ts';

const world = () => ({
  users: [{ id: 'own' }, { id: 'v' }, { id: 'w' }],
  bundles: [{ id: 'DASH', grants: pages('dashboards'), users: ['v', 'w'] }],
  resources: [
    { type: 'folder', id: 'f', owner: 'own' },
    { type: 'folder', id: 'g', owner: 'own' },
    { type: 'dashboard', id: 'a', parent: 'f', owner: 'own' },
    { type: 'dashboard', id: 'b', parent: 'f', owner: 'own' },
  ],
});

describe('store: assets without shares or children share one empty collection', () => {
  it('a first share gives that asset its own map; the others keep the shared empty one', () => {
    const m = model(world());
    const s = storeOf(m);
    const [a, b] = [s.assets.get('a')!, s.assets.get('b')!];
    expect(a.userShares).toBe(NO_SHARES);
    expect(b.children).toBe(NO_CHILDREN);
    m.apply('own', { op: 'share', args: { asset: 'a', user: 'v', level: 'view' } });
    expect(a.userShares).not.toBe(NO_SHARES);
    expect([...a.userShares]).toEqual([['v', 'view']]);
    expect(NO_SHARES.size).toBe(0);
    expect(b.userShares).toBe(NO_SHARES);
    expect(m.check('v', 'view', { type: 'dashboard', id: 'a' })).toBe(true);
    expect(m.check('v', 'view', { type: 'dashboard', id: 'b' })).toBe(false);
  });

  it('moving into an empty folder gives it its own children; the shared empty set stays empty', () => {
    const m = model(world());
    const s = storeOf(m);
    expect(s.assets.get('g')!.children).toBe(NO_CHILDREN);
    m.apply('own', { op: 'move', args: { assets: ['a'], to: 'g' } });
    expect([...s.assets.get('g')!.children].map((n) => n.id)).toEqual(['a']);
    expect([...s.assets.get('f')!.children].map((n) => n.id)).toEqual(['b']);
    expect(NO_CHILDREN.size).toBe(0);
    expect(m.toWorld().resources?.find((r) => r.id === 'a')?.parent).toBe('g');
  });

  it('a rolled-back share leaves no share behind', () => {
    const m = model(world());
    const s = storeOf(m);
    expect(() =>
      s.transaction(() => {
        s.setShare(s.assets.get('a')!, 'user', 'v', 'view');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(s.assets.get('a')!.userShares.size).toBe(0);
    expect(m.check('v', 'view', { type: 'dashboard', id: 'a' })).toBe(false);
  });

  it('the shared empty collections refuse writes', () => {
    expect(() => (NO_SHARES as Map<string, 'view'>).set('v', 'view')).toThrow(TypeError);
    expect(() => (NO_CHILDREN as Set<never>).add(undefined as never)).toThrow(TypeError);
  });
});
