import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorld, schema } from './__fixtures__/world.ts';
import { GrantkitProvider, type MenuItem, useMenu } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());

const wrapperFor =
  (w: ReturnType<typeof createWorld>, userId: string) =>
  ({ children }: { children: ReactNode }) => (
    <GrantkitProvider client={w.client(userId)}>{children}</GrantkitProvider>
  );

/** `id` for a navigable page, `(id)` for an ancestor shown only to reach one. */
const outline = (items: readonly MenuItem[]): unknown[] =>
  items.map((i) => {
    const label = i.navigable ? i.id : `(${i.id})`;
    return i.children.length > 0 ? [label, outline(i.children)] : label;
  });
const ids = (items: readonly MenuItem[]): string[] =>
  items.flatMap((i) => [i.id, ...ids(i.children)]);

describe('useMenu (MODEL N3)', () => {
  it('gives navigable pages plus the ancestors that reach them, as a tree', () => {
    const { result } = renderHook(() => useMenu(schema.def.pages), {
      wrapper: wrapperFor(world, 'dee'),
    });
    // Dee holds Journeys: Timeline, Programs and Surveys, not Journey Orchestrator itself (N2).
    expect(outline(result.current)).toEqual(['timeline', ['(jo)', ['jo.programs', 'jo.surveys']]]);
    expect(result.current[1]?.title).toBe('Journey Orchestrator');
  });

  it('agrees with the model for every user', () => {
    for (const user of ['ann', 'bob', 'cai', 'dee', 'eve', 'root']) {
      const { result, unmount } = renderHook(() => useMenu(schema.def.pages), {
        wrapper: wrapperFor(world, user),
      });
      expect(ids(result.current).sort()).toEqual(world.model.menu(user));
      unmount();
    }
  });

  it('falls back to the menu the snapshot carries', () => {
    const { result } = renderHook(() => useMenu(), { wrapper: wrapperFor(world, 'eve') });
    expect(ids(result.current).sort()).toEqual(world.model.menu('eve'));
    expect(result.current.find((i) => i.id === 'administration')?.navigable).toBe(false);
    expect(result.current.find((i) => i.id === 'administration')?.title).toBe('Administration');
  });

  it('keeps its identity until the menu changes', async () => {
    const local = createWorld();
    const { result } = renderHook(() => useMenu(schema.def.pages), {
      wrapper: wrapperFor(local, 'dee'),
    });
    const first = result.current;
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'public-view' } }),
    );
    expect(result.current).toBe(first);
    await act(() =>
      local.apply('root', {
        op: 'editBundle',
        args: { id: 'Journeys', grants: [{ type: 'page', id: 'jo', actions: ['navigate'] }] },
      }),
    );
    expect(outline(result.current)).toEqual(['jo']);
    local.dispose();
  });
});
