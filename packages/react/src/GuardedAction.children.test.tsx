import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement, Fragment, type ReactNode } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { seriousViolations } from './__fixtures__/axe.ts';
import { createWorld, dashboard } from './__fixtures__/world.ts';
import { GrantkitProvider, GuardedAction } from './index.ts';

// Children a host passes that are not one plain element. Bob may view "Churn Watch", not edit it.
const world = createWorld();
afterAll(() => world.dispose());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const churn = dashboard('churn');
const renderAs = (userId: string, ui: ReactNode) =>
  render(<GrantkitProvider client={world.client(userId)}>{ui}</GrantkitProvider>);

describe('GuardedAction children', () => {
  it('finding R1: a fragment child is refused, not left clickable while denied', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const onClick = vi.fn();
    let thrown: unknown;
    try {
      renderAs(
        'bob',
        <GuardedAction I="edit" on={churn}>
          {createElement(
            Fragment,
            null,
            <button type="button" onClick={onClick}>
              Edit
            </button>,
          )}
        </GuardedAction>,
      );
    } catch (error) {
      thrown = error;
    }
    const button = screen.queryByRole('button', { name: 'Edit' });
    if (button) await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String(thrown)).toMatch(/exactly one element child.*got a fragment/);
  });

  it('refuses a string child with the same error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() =>
      renderAs(
        'bob',
        <GuardedAction I="edit" on={churn}>
          {'Edit' as never}
        </GuardedAction>,
      ),
    ).toThrow(/exactly one element child.*got string/);
  });

  it('finding R4: an answer that turns to denied under keyboard focus shows its reason', async () => {
    const q3 = { type: 'dashboard', id: 'q3' } as const;
    const local = createWorld();
    await local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'specific' } });
    await local.apply('ann', {
      op: 'share',
      args: { asset: 'q3', user: 'bob', level: 'view-edit' },
    });
    const { container } = render(
      <GrantkitProvider client={local.client('bob')}>
        <GuardedAction I="edit" on={q3}>
          <button type="button">Edit Q3</button>
        </GuardedAction>
      </GrantkitProvider>,
    );
    const button = screen.getByRole('button', { name: 'Edit Q3' });
    expect(button.dataset.state).toBe('allowed');
    await userEvent.tab();
    await act(() =>
      local.apply('ann', { op: 'share', args: { asset: 'q3', user: 'bob', level: 'view' } }),
    );
    expect(button.dataset.state).toBe('denied');
    expect(document.activeElement).toBe(button);
    const tooltip = screen.getByRole('tooltip');
    expect(button.getAttribute('aria-describedby')).toBe(tooltip.id);
    expect(tooltip.textContent).toMatch(/edit/);
    expect(await seriousViolations(container)).toEqual([]);
    local.dispose();
  });
});
