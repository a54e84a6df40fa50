import type { GrantkitClient } from '@grantkit/sdk';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorld, dashboard } from './__fixtures__/world.ts';
import { GrantkitProvider, useCan, useCheck } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());

const wrapper =
  (client: GrantkitClient) =>
  ({ children }: { children: ReactNode }) => (
    <GrantkitProvider client={client}>{children}</GrantkitProvider>
  );

describe('useCan', () => {
  it('answers from the snapshot, synchronously on the first render (MODEL C1)', () => {
    const seen: boolean[] = [];
    renderHook(
      () => {
        const can = useCan('view', { type: 'dashboard', id: 'churn' });
        seen.push(can);
        return can;
      },
      { wrapper: wrapper(world.client('bob')) },
    );
    expect(seen).toEqual([true]);
  });

  it('is false while nothing is loaded (MODEL C3)', () => {
    const { result } = renderHook(() => useCan('view', { type: 'dashboard', id: 'churn' }), {
      wrapper: wrapper(world.client('bob', { pending: true })),
    });
    expect(result.current).toBe(false);
  });

  it('answers type-level and page checks (MODEL K5, N3)', () => {
    const { result } = renderHook(
      () => [
        useCan('navigate', { type: 'page', id: 'dashboards' }),
        useCan('navigate', { type: 'page', id: 'jo.surveys' }),
        useCan('design', { type: 'survey' }),
      ],
      { wrapper: wrapper(world.client('bob')) },
    );
    expect(result.current).toEqual([true, false, false]);
  });

  it('answers everything for a super admin (MODEL K3)', () => {
    const { result } = renderHook(() => useCan('admin', { type: 'dashboard', id: 'q3' }), {
      wrapper: wrapper(world.client('root')),
    });
    expect(result.current).toBe(true);
  });
});

describe('useCheck', () => {
  it('gives the reason a UI shows (MODEL K6)', () => {
    const { result } = renderHook(() => useCheck('edit', dashboard('churn')), {
      wrapper: wrapper(world.client('bob')),
    });
    expect(result.current.allowed).toBe(false);
    expect(result.current.state).toBe('denied');
    expect(result.current.status).toBe('ready');
    expect(result.current.reason).toContain('Churn Watch');
  });

  it('keeps the same object across renders and unrelated grant changes', async () => {
    const local = createWorld();
    const { result, rerender } = renderHook(
      () => useCheck('edit', { type: 'dashboard', id: 'churn' }),
      { wrapper: wrapper(local.client('bob')) },
    );
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'public-view' } }),
    );
    expect(local.client('bob').getSnapshot().revision).toBeGreaterThan(0);
    expect(result.current).toBe(first);
    local.dispose();
  });

  it('changes object when the answer changes', async () => {
    const local = createWorld();
    const { result } = renderHook(() => useCheck('view', { type: 'dashboard', id: 'q3' }), {
      wrapper: wrapper(local.client('bob')),
    });
    const first = result.current;
    expect(first.allowed).toBe(false);
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'public-view' } }),
    );
    expect(result.current).not.toBe(first);
    expect(result.current).toEqual({
      allowed: true,
      state: 'allowed',
      status: 'ready',
      reason: undefined,
    });
    local.dispose();
  });
});
