import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './__fixtures__/axe.ts';
import { createWorld, dashboard } from './__fixtures__/world.ts';
import { Can, type CheckResult, GrantkitProvider } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());
afterEach(cleanup);

const churn = dashboard('churn');
const renderAs = (userId: string, ui: ReactNode, pending = false) =>
  render(<GrantkitProvider client={world.client(userId, { pending })}>{ui}</GrantkitProvider>);

describe('<Can>', () => {
  it('renders its children when allowed, the fallback when not (MODEL A2)', () => {
    renderAs(
      'bob',
      <>
        <Can I="view" on={churn} fallback={<span>no view</span>}>
          <span>viewing</span>
        </Can>
        <Can I="edit" on={churn} fallback={<span>read only</span>}>
          <span>editing</span>
        </Can>
      </>,
    );
    expect(screen.queryByText('viewing')).not.toBeNull();
    expect(screen.queryByText('no view')).toBeNull();
    expect(screen.queryByText('editing')).toBeNull();
    expect(screen.queryByText('read only')).not.toBeNull();
  });

  it('inverts with `not`', () => {
    const { container } = renderAs(
      'dee',
      <Can not I="navigate" on={{ type: 'page', id: 'dashboards' }}>
        Ask your admin for Dashboards.
      </Can>,
    );
    expect(container.textContent).toBe('Ask your admin for Dashboards.');
  });

  it('always calls a render prop with { allowed, state, status, reason }', async () => {
    const seen: CheckResult[] = [];
    const { container } = renderAs(
      'bob',
      <Can I="share" on={churn}>
        {(check) => {
          seen.push(check);
          return (
            <button type="button" aria-disabled={!check.allowed} title={check.reason}>
              Share
            </button>
          );
        }}
      </Can>,
    );
    expect(seen.at(-1)).toMatchObject({ allowed: false, state: 'denied', status: 'ready' });
    expect(seen.at(-1)?.reason).toMatch(/share.*Churn Watch/);
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('is closed while loading: fallback, and a pending render prop', () => {
    const seen: CheckResult[] = [];
    const { container } = renderAs(
      'bob',
      <>
        <Can I="view" on={churn} fallback="…">
          viewing
        </Can>
        <Can I="view" on={churn}>
          {(check) => {
            seen.push(check);
            return null;
          }}
        </Can>
      </>,
      true,
    );
    expect(container.textContent).toBe('…');
    expect(seen.at(-1)).toEqual({
      allowed: false,
      state: 'pending',
      status: 'loading',
      reason: 'Checking your permissions…',
    });
  });

  it('follows a grant change (MODEL C2)', async () => {
    const local = createWorld();
    render(
      <GrantkitProvider client={local.client('bob')}>
        <Can I="edit" on={churn} fallback="read only">
          editing
        </Can>
      </GrantkitProvider>,
    );
    expect(screen.queryByText('read only')).not.toBeNull();
    await act(() =>
      local.apply('ann', {
        op: 'setSharing',
        args: { asset: 'churn', sharing: 'public-view-edit' },
      }),
    );
    // public-view-edit reaches only navigators of Dashboard Builder (MODEL A2): not Bob.
    expect(screen.queryByText('read only')).not.toBeNull();
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'churn', sharing: 'specific' } }),
    );
    await act(() =>
      local.apply('ann', {
        op: 'share',
        args: { asset: 'churn', user: 'bob', level: 'view-edit' },
      }),
    );
    expect(screen.queryByText('editing')).not.toBeNull();
    local.dispose();
  });

  it('issue 15: one <Can> switches between plain children and a render prop (the same hooks either way)', () => {
    const client = world.client('bob');
    const ui = (children: ReactNode | ((check: CheckResult) => ReactNode)) => (
      <GrantkitProvider client={client}>
        <Can I="edit" on={churn} fallback="read only">
          {children}
        </Can>
      </GrantkitProvider>
    );
    const { container, rerender } = render(ui('editing'));
    expect(container.textContent).toBe('read only');
    rerender(ui((check) => `${check.state}: ${check.reason}`));
    expect(container.textContent).toMatch(/^denied: \S/);
    rerender(ui('editing'));
    expect(container.textContent).toBe('read only');
  });
});
