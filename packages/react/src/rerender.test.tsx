import type { GrantkitClient } from '@grantkit/sdk';
import { act, cleanup, render } from '@testing-library/react';
import { Profiler, type ProfilerOnRenderCallback } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorld, type World } from './__fixtures__/world.ts';
import { Can, GrantkitProvider } from './index.ts';

// Changing one grant re-renders only the components whose answer changed (issue 6).
const N = 1_000;
const ids = Array.from({ length: N }, (_, i) => `d${i}`);

/** Ann owns 1,000 dashboards shared specifically; Bob may view the even ones. */
function bigWorld(): World {
  return createWorld({
    users: [{ id: 'ann' }, { id: 'bob' }],
    resources: ids.map((id, i) => ({
      type: 'dashboard',
      id,
      owner: 'ann',
      sharing: 'specific' as const,
      shares: i % 2 === 0 ? [{ user: 'bob', level: 'view' as const }] : [],
    })),
  });
}

/** The host app: a provider around 1,000 render-prop `<Can>` that count their renders. */
function App(props: {
  client: GrantkitClient;
  onRender: () => void;
  renders: Map<string, number>;
}) {
  props.onRender();
  return (
    <GrantkitProvider client={props.client}>
      {ids.map((id) => (
        <Can key={id} I="view" on={{ type: 'dashboard', id }}>
          {({ allowed }) => {
            props.renders.set(id, (props.renders.get(id) ?? 0) + 1);
            return allowed ? <span>{id}</span> : null;
          }}
        </Can>
      ))}
    </GrantkitProvider>
  );
}

let world: World | undefined;
afterEach(() => {
  cleanup();
  world?.dispose();
});

const shareD501 = { op: 'share', args: { asset: 'd501', user: 'bob', level: 'view' } };

describe('1,000 <Can> and one grant change', () => {
  it('re-renders only the render-prop <Can> whose answer changed', async () => {
    world = bigWorld();
    const renders = new Map<string, number>();
    let appRenders = 0;
    const { container } = render(
      <App client={world.client('bob')} onRender={() => appRenders++} renders={renders} />,
    );
    expect(container.querySelectorAll('span')).toHaveLength(N / 2);
    renders.clear();
    await act(() => world!.apply('ann', shareD501));
    expect(Object.fromEntries(renders)).toEqual({ d501: 1 });
    expect(appRenders).toBe(1);
    expect(container.querySelectorAll('span')).toHaveLength(N / 2 + 1);
  });

  it('re-renders only the plain <Can> whose answer changed (counted by Profiler)', async () => {
    world = bigWorld();
    const updates: string[] = [];
    const onRender: ProfilerOnRenderCallback = (id, phase) => {
      if (phase !== 'mount') updates.push(id);
    };
    const { container } = render(
      <GrantkitProvider client={world.client('bob')}>
        {ids.map((id) => (
          <Profiler key={id} id={id} onRender={onRender}>
            <Can I="view" on={{ type: 'dashboard', id }}>
              <span>{id}</span>
            </Can>
          </Profiler>
        ))}
      </GrantkitProvider>,
    );
    await act(() => world!.apply('ann', shareD501));
    expect(updates).toEqual(['d501']);
    expect(container.querySelectorAll('span')).toHaveLength(N / 2 + 1);
  });

  it('removes every subscription on unmount, and nothing renders after', async () => {
    world = bigWorld();
    const client = world.client('bob');
    const subscribe = client.subscribe.bind(client);
    let active = 0;
    vi.spyOn(client, 'subscribe').mockImplementation((listener) => {
      active++;
      const unsubscribe = subscribe(listener);
      return () => {
        active--;
        unsubscribe();
      };
    });
    let renders = 0;
    const { unmount } = render(
      <GrantkitProvider client={client}>
        {ids.map((id) => (
          <Can key={id} I="view" on={{ type: 'dashboard', id }}>
            {() => {
              renders++;
              return null;
            }}
          </Can>
        ))}
      </GrantkitProvider>,
    );
    expect(active).toBe(N);
    unmount();
    expect(active).toBe(0);
    const before = renders;
    await act(() => world!.apply('ann', shareD501));
    expect(client.can('view', { type: 'dashboard', id: 'd501' })).toBe(true);
    expect(renders).toBe(before);
  });
});
