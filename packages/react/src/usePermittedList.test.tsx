import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorld, DASHBOARDS } from './__fixtures__/world.ts';
import { GrantkitProvider, usePermittedList } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());

const rows = DASHBOARDS.map((d) => ({ id: d.id, title: d.title }));
const toResource = (row: { id: string }) => ({ type: 'dashboard', id: row.id });

describe('usePermittedList', () => {
  it('keeps the items the user may act on, in order (MODEL A2, A6)', () => {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <GrantkitProvider client={world.client('bob')}>{children}</GrantkitProvider>
    );
    const { result } = renderHook(
      () => ({
        view: usePermittedList(rows, 'view', toResource).map((r) => r.id),
        share: usePermittedList(rows, 'share', toResource).map((r) => r.id),
        edit: usePermittedList(
          rows.map((r) => ({ type: 'dashboard', id: r.id })),
          'edit',
        ).map((r) => r.id),
      }),
      { wrapper },
    );
    // Bob opens Dashboards: every public level lets him view; public-view-share lets him
    // share; his specific view-edit share lets him edit Exec Summary.
    expect(result.current).toEqual({
      view: ['churn', 'renewals', 'pipeline', 'exec'],
      share: ['renewals'],
      edit: ['exec'],
    });
  });

  it('returns the same array until the permitted items change', async () => {
    const local = createWorld();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <GrantkitProvider client={local.client('dee')}>{children}</GrantkitProvider>
    );
    let renders = 0;
    const { result, rerender } = renderHook(
      () => {
        renders++;
        return usePermittedList(rows, 'view', toResource);
      },
      { wrapper },
    );
    const first = result.current;
    expect(first.map((r) => r.id)).toEqual(['exec']);
    rerender();
    expect(result.current).toBe(first);
    const before = renders;
    // A change that does not affect Dee (no Dashboards page): no re-render, same array.
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'public-view' } }),
    );
    expect(renders).toBe(before);
    expect(result.current).toBe(first);
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'specific' } }),
    );
    await act(() =>
      local.apply('ann', { op: 'share', args: { asset: 'q3', user: 'dee', level: 'view' } }),
    );
    expect(result.current.map((r) => r.id)).toEqual(['q3', 'exec']);
    local.dispose();
  });
});
