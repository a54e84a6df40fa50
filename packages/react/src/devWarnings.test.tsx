/**
 * Finding 10: a misspelt action or type is always false; in development the hooks and
 * components say so once, naming what the snapshot knows. (That production bundles carry
 * none of it is checked on the built package, `dist.build.test.ts`.)
 */
import type { GrantkitClient } from '@grantkit/sdk';
import { act, cleanup, render, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createWorld, dashboard } from './__fixtures__/world.ts';
import { Can, GrantkitProvider, GuardedAction, useCan, useCheck } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const wrapper =
  (client: GrantkitClient) =>
  ({ children }: { children: ReactNode }) => (
    <GrantkitProvider client={client}>{children}</GrantkitProvider>
  );
const warnings = () => vi.spyOn(console, 'warn').mockImplementation(() => {});
const texts = (spy: ReturnType<typeof warnings>) => spy.mock.calls.map((c) => String(c[0]));

describe('development warnings for unknown actions and types', () => {
  it("finding 10: useCan('edti', …) warns once, naming the actions of the type", () => {
    const warn = warnings();
    const { rerender } = renderHook(() => useCan('edti', { type: 'dashboard', id: 'q3' }), {
      wrapper: wrapper(world.client('ann')),
    });
    rerender();
    renderHook(() => useCan('edti', { type: 'dashboard', id: 'churn' }), {
      wrapper: wrapper(world.client('bob')),
    });
    expect(texts(warn)).toEqual([
      'Grantkit: useCan checks the unknown action "edti" on "dashboard", so it is always false. Actions of "dashboard": "view", "share", "edit", "admin". Type them with createGrantkitHooks<typeof schema>() to catch this at compile time. (This warning is shown in development only.)',
    ]);
  });

  it('names the known types for an unknown type, in <Can> and <GuardedAction>', () => {
    const warn = warnings();
    render(
      <GrantkitProvider client={world.client('ann')}>
        <Can I="view" on={{ type: 'dashbaord', id: 'q3' }}>
          shown
        </Can>
        <GuardedAction I="publish" on={dashboard('q3')}>
          <button type="button">Publish</button>
        </GuardedAction>
      </GrantkitProvider>,
    );
    const [type, action] = texts(warn);
    expect(type).toMatch(
      /^Grantkit: <Can> checks "view" on the unknown resource type "dashbaord", so it is always false\. Known types: .*"dashboard".*"page"/,
    );
    expect(action).toMatch(/^Grantkit: <GuardedAction> checks the unknown action "publish"/);
    expect(texts(warn)).toHaveLength(2);
  });

  it('says nothing for known actions, and nothing before a snapshot is held; warns once it is', async () => {
    const warn = warnings();
    renderHook(() => useCheck('share', dashboard('q3')), { wrapper: wrapper(world.client('ann')) });
    expect(warn).not.toHaveBeenCalled();
    let answer: (s: ReturnType<typeof world.snapshot>) => void = () => {};
    const { createGrantkitClient } = await import('@grantkit/sdk');
    const client = createGrantkitClient({
      tenant: 'acme',
      userId: 'ann',
      push: false,
      fetchSnapshot: () => new Promise((done) => (answer = done)),
    });
    renderHook(() => useCan('sahre', dashboard('q3')), { wrapper: wrapper(client) });
    expect(warn).not.toHaveBeenCalled();
    await act(async () => answer(world.snapshot('ann')));
    expect(texts(warn)).toEqual([expect.stringContaining('unknown action "sahre"')]);
    client.dispose();
  });
});
