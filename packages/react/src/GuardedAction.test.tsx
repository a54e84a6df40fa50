import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ComponentProps, createRef, type ReactNode } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { seriousViolations } from './__fixtures__/axe.ts';
import { createWorld, dashboard } from './__fixtures__/world.ts';
import { GrantkitProvider, GuardedAction } from './index.ts';

// MODEL A12: actions a user lacks are greyed out, not hidden. Bob may open Dashboards, so he
// views the public-view "Churn Watch" but may not edit it; Ann owns every dashboard.
const world = createWorld();
afterAll(() => world.dispose());
afterEach(cleanup);

const churn = dashboard('churn');
const renderAs = (userId: string, ui: ReactNode, pending = false) =>
  render(<GrantkitProvider client={world.client(userId, { pending })}>{ui}</GrantkitProvider>);

/** A router-style link component: spreads its props onto an <a>. */
const RouterLink = (props: ComponentProps<'a'>) => <a {...props} />;

describe('GuardedAction when allowed', () => {
  it('renders the child alone, with data-state="allowed", and its click works', async () => {
    const onClick = vi.fn();
    const { container } = renderAs(
      'bob',
      <GuardedAction I="view" on={churn}>
        <button type="button" onClick={onClick}>
          Open
        </button>
      </GuardedAction>,
    );
    expect(container.innerHTML).toBe('<button type="button" data-state="allowed">Open</button>');
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(onClick).toHaveBeenCalledOnce();
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('merges className, refs, handlers and aria-describedby into the child', async () => {
    const ref = createRef<HTMLButtonElement>();
    const onFocus = vi.fn();
    renderAs(
      'bob',
      <>
        <p id="hint">Opens the editor</p>
        <GuardedAction I="edit" on={churn}>
          <button type="button" ref={ref} className="btn" aria-describedby="hint" onFocus={onFocus}>
            Edit
          </button>
        </GuardedAction>
      </>,
    );
    const button = screen.getByRole('button', { name: 'Edit' });
    expect(ref.current).toBe(button);
    expect(button.className).toBe('btn');
    await userEvent.tab();
    expect(onFocus).toHaveBeenCalledOnce();
    const ids = button.getAttribute('aria-describedby')?.split(' ');
    expect(ids?.[0]).toBe('hint');
    expect(document.getElementById(ids?.[1] ?? '')?.getAttribute('role')).toBe('tooltip');
  });
});

describe('GuardedAction when denied', () => {
  const editChurn = (onClick = vi.fn()) => (
    <GuardedAction I="edit" on={churn}>
      <button type="button" onClick={onClick}>
        Edit
      </button>
    </GuardedAction>
  );

  it('is aria-disabled yet focusable, and described by the reason', async () => {
    const { container } = renderAs('bob', editChurn());
    const button = screen.getByRole('button', { name: 'Edit' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.hasAttribute('disabled')).toBe(false);
    expect(button.dataset.state).toBe('denied');
    expect(button.dataset.disabled).toBe('');
    const tooltip = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(tooltip?.getAttribute('role')).toBe('tooltip');
    expect(tooltip?.textContent).toMatch(/edit.*Churn Watch/);
    expect(tooltip?.hidden).toBe(true);
    await userEvent.tab();
    expect(document.activeElement).toBe(button);
    expect(tooltip?.hidden).toBe(false);
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('blocks click, Enter and Space, and form submission', async () => {
    const onClick = vi.fn();
    const onSubmit = vi.fn((e: { preventDefault(): void }) => e.preventDefault());
    renderAs(
      'bob',
      <form onSubmit={onSubmit}>
        {editChurn(onClick)}
        <GuardedAction I="edit" on={churn}>
          <button type="submit">Save</button>
        </GuardedAction>
      </form>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.keyboard('{Enter}');
    expect(onClick).not.toHaveBeenCalled();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the tooltip on hover and on focus; Escape and blur hide it', async () => {
    renderAs('bob', editChurn());
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Edit' });
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    await user.hover(button);
    expect(tooltip.hidden).toBe(false);
    await user.unhover(button);
    await waitFor(() => expect(tooltip.hidden).toBe(true));
    await user.tab();
    expect(tooltip.hidden).toBe(false);
    await user.keyboard('{Escape}');
    expect(tooltip.hidden).toBe(true);
    await user.click(button);
    expect(tooltip.hidden).toBe(false);
    await user.tab();
    expect(tooltip.hidden).toBe(true);
  });

  it('turns an <a href> into a disabled link that cannot navigate', async () => {
    const { container } = renderAs(
      'bob',
      <GuardedAction I="share" on={churn}>
        <a href="/dashboards/churn/share">Share</a>
      </GuardedAction>,
    );
    const link = screen.getByRole('link', { name: 'Share' });
    expect(link.hasAttribute('href')).toBe(false);
    expect(link.getAttribute('aria-disabled')).toBe('true');
    expect(link.tabIndex).toBe(0);
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('prevents navigation of a link component and of a link it sits in', () => {
    renderAs(
      'bob',
      <>
        <GuardedAction I="share" on={churn}>
          <RouterLink href="/dashboards/churn/share">Share</RouterLink>
        </GuardedAction>
        <a href="/dashboards/churn/edit">
          <GuardedAction I="edit" on={churn}>
            <span>Edit</span>
          </GuardedAction>
        </a>
      </>,
    );
    // fireEvent returns false when the default action (navigation) was prevented.
    const share = screen.getByRole('link', { name: 'Share' });
    expect(share.getAttribute('href')).toBe('/dashboards/churn/share');
    expect(fireEvent.click(share)).toBe(false);
    expect(fireEvent.click(screen.getByText('Edit'))).toBe(false);
    const outer = screen.getByRole('link', { name: /Edit/ });
    expect(outer.getAttribute('aria-disabled')).toBe('true');
    expect(fireEvent.click(outer)).toBe(false);
    expect(fireEvent(outer, new MouseEvent('auxclick', { bubbles: true, cancelable: true }))).toBe(
      false,
    );
  });

  it('uses a custom reason', () => {
    renderAs(
      'bob',
      <GuardedAction I="edit" on={churn} reason={(c) => `Ask Ann (${c.state})`}>
        <button type="button">Edit</button>
      </GuardedAction>,
    );
    expect(screen.getByRole('tooltip', { hidden: true }).textContent).toBe('Ask Ann (denied)');
  });

  it('renders nothing in hide mode', () => {
    const { container } = renderAs(
      'bob',
      <GuardedAction I="edit" on={churn} mode="hide">
        <button type="button">Edit</button>
      </GuardedAction>,
    );
    expect(container.innerHTML).toBe('');
  });

  it('comes alive when the grant arrives, keeping focus on the same element', async () => {
    const q3 = { type: 'dashboard', id: 'q3' } as const;
    const local = createWorld();
    render(
      <GrantkitProvider client={local.client('bob')}>
        <GuardedAction I="edit" on={q3}>
          <button type="button">Edit Q3</button>
        </GuardedAction>
      </GrantkitProvider>,
    );
    const button = screen.getByRole('button', { name: 'Edit Q3' });
    await userEvent.tab();
    expect(button.dataset.state).toBe('denied');
    await act(() =>
      local.apply('ann', { op: 'setSharing', args: { asset: 'q3', sharing: 'specific' } }),
    );
    await act(() =>
      local.apply('ann', { op: 'share', args: { asset: 'q3', user: 'bob', level: 'view-edit' } }),
    );
    expect(screen.getByRole('button', { name: 'Edit Q3' })).toBe(button);
    expect(button.dataset.state).toBe('allowed');
    expect(button.hasAttribute('aria-disabled')).toBe(false);
    expect(screen.queryByRole('tooltip', { hidden: true })).toBeNull();
    expect(document.activeElement).toBe(button);
    local.dispose();
  });
});

describe('GuardedAction while permissions load', () => {
  it('is disabled (fail closed) with a loading reason', async () => {
    const onClick = vi.fn();
    const { container } = renderAs(
      'bob',
      <GuardedAction I="view" on={churn}>
        <button type="button" onClick={onClick}>
          Open
        </button>
      </GuardedAction>,
      true,
    );
    const button = screen.getByRole('button', { name: 'Open' });
    expect(button.dataset.state).toBe('pending');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('tooltip', { hidden: true }).textContent).toBe(
      'Checking your permissions…',
    );
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('stays enabled with whilePending="enable", and hides in hide mode', async () => {
    const onClick = vi.fn();
    renderAs(
      'bob',
      <>
        <GuardedAction I="view" on={churn} whilePending="enable">
          <button type="button" onClick={onClick}>
            Open
          </button>
        </GuardedAction>
        <GuardedAction I="view" on={churn} mode="hide">
          <button type="button">Hidden</button>
        </GuardedAction>
      </>,
      true,
    );
    const button = screen.getByRole('button', { name: 'Open' });
    expect(button.dataset.state).toBe('pending');
    expect(button.hasAttribute('aria-disabled')).toBe(false);
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Hidden' })).toBeNull();
  });
});
