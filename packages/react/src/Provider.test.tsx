import { cleanup, render, renderHook, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createWorld } from './__fixtures__/world.ts';
import {
  Can,
  GrantkitProvider,
  GrantkitProviderMissingError,
  GuardedAction,
  useCan,
  useCheck,
  useGrantkitClient,
  useMenu,
  usePermittedList,
} from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());
afterEach(cleanup);

const q3 = { type: 'dashboard', id: 'q3' } as const;

class Catch extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? null : this.props.children;
  }
}

describe('a missing provider', () => {
  const cases: [string, () => unknown][] = [
    ['useCan', () => useCan('view', q3)],
    ['useCheck', () => useCheck('view', q3)],
    ['usePermittedList', () => usePermittedList([q3], 'view')],
    ['useMenu', () => useMenu()],
    ['useGrantkitClient', () => useGrantkitClient()],
  ];
  it.each(cases)('%s throws an error naming the fix', (name, hook) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(hook)).toThrowError(GrantkitProviderMissingError);
    expect(() => renderHook(hook)).toThrowError(
      `${name} needs a Grantkit client: wrap your tree in <GrantkitProvider client={...}>`,
    );
    vi.restoreAllMocks();
  });

  it('<Can> and <GuardedAction> throw it too', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Can I="view" on={q3} />)).toThrowError(/^<Can> needs a Grantkit client/);
    expect(() =>
      render(
        <GuardedAction I="view" on={q3}>
          <button type="button">Open</button>
        </GuardedAction>,
      ),
    ).toThrowError(/^<GuardedAction> needs a Grantkit client: wrap your tree/);
    vi.restoreAllMocks();
  });

  it('can be caught by an error boundary', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { container } = render(
      <Catch>
        <Can I="view" on={q3}>
          hi
        </Can>
      </Catch>,
    );
    expect(container.textContent).toBe('');
    vi.restoreAllMocks();
  });
});

describe('<GrantkitProvider>', () => {
  it('switches clients: answers follow the new user', () => {
    const ui = (userId: string) => (
      <GrantkitProvider client={world.client(userId)}>
        <Can I="admin" on={q3} fallback="not admin">
          admin
        </Can>
      </GrantkitProvider>
    );
    const { rerender } = render(ui('bob'));
    expect(screen.queryByText('not admin')).not.toBeNull();
    rerender(ui('ann'));
    expect(screen.queryByText('admin')).not.toBeNull();
  });

  it('hands the client to useGrantkitClient', () => {
    const client = world.client('ann');
    const { result } = renderHook(() => useGrantkitClient(), {
      wrapper: ({ children }) => <GrantkitProvider client={client}>{children}</GrantkitProvider>,
    });
    expect(result.current).toBe(client);
  });
});
