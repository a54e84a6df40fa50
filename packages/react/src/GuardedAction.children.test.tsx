import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
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
          <>
            <button type="button" onClick={onClick}>
              Edit
            </button>
          </>
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
  it('finding R6: a menu trigger does not open while denied, by pointer or by ArrowDown (Radix-style: it opens on pointerdown unless a handler before it prevented it)', async () => {
    // a trigger as Radix composes it: the host's handler first, its own unless prevented
    const Trigger = ({ onOpen, ...props }: Record<string, unknown> & { onOpen: () => void }) => (
      <button
        type="button"
        {...props}
        onPointerDown={(event) => {
          (props.onPointerDown as ((e: unknown) => void) | undefined)?.(event);
          if (!event.defaultPrevented) onOpen();
        }}
        onKeyDown={(event) => {
          (props.onKeyDown as ((e: unknown) => void) | undefined)?.(event);
          if (!event.defaultPrevented && event.key === 'ArrowDown') onOpen();
        }}
      >
        Sharing
      </button>
    );
    const user = userEvent.setup();
    const opened = vi.fn();
    const ownHandler = vi.fn();
    const outside = vi.fn();
    document.addEventListener('pointerdown', outside);
    renderAs(
      'bob',
      <>
        <GuardedAction I="edit" on={churn}>
          <Trigger onOpen={opened} />
        </GuardedAction>
        <GuardedAction I="edit" on={churn}>
          <button type="button" onPointerDown={ownHandler} onKeyDown={ownHandler}>
            Rename
          </button>
        </GuardedAction>
      </>,
    );
    const trigger = screen.getByRole('button', { name: 'Sharing' });
    await user.click(trigger);
    trigger.focus();
    await user.keyboard('{ArrowDown}');
    const rename = screen.getByRole('button', { name: 'Rename' });
    await user.click(rename);
    rename.focus();
    await user.keyboard('{ArrowDown}');
    expect(opened).not.toHaveBeenCalled();
    expect(ownHandler).not.toHaveBeenCalled();
    // the page still hears the press (a menu open elsewhere closes on an outside press)
    expect(outside).toHaveBeenCalledTimes(2);
    document.removeEventListener('pointerdown', outside);
  });
});
