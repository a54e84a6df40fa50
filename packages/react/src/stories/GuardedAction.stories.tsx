import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ComponentProps, type ReactNode, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { GuardStyles } from '../__fixtures__/examples.tsx';
import { dashboard } from '../__fixtures__/world.ts';
import { GuardedAction } from '../index.ts';
import {
  ComponentDocs,
  type PlaygroundArgs,
  playgroundArgTypes,
  playgroundDefaults,
  resourceOf,
} from './playground.tsx';

const churn = dashboard('churn');

/** A bar of actions with a log of what ran, so a story can show that nothing did. */
function Bar({ children }: { children: (run: (what: string) => () => void) => ReactNode }) {
  const [log, setLog] = useState<string[]>([]);
  const run = (what: string) => () => setLog((l) => [...l, what]);
  return (
    <div>
      <GuardStyles />
      <fieldset className="gk-bar">
        <legend>Dashboard actions</legend>
        {children(run)}
      </fieldset>
      <p>
        Last action: <output aria-label="Last action">{log.at(-1) ?? 'none'}</output>
      </p>
    </div>
  );
}

/** A router-style link: spreads its props onto an `<a>`, like Next's or React Router's. */
const RouterLink = (props: ComponentProps<'a'>) => <a {...props} />;

// The docs page shows the component's own TSDoc (its description), under this subtitle.
const meta: Meta = {
  title: 'React/GuardedAction',
  component: GuardedAction,
  parameters: {
    grantkit: { user: 'bob' },
    docs: {
      page: ComponentDocs,
      subtitle:
        'Greys out an action the user lacks, the accessible way (MODEL A12): aria-disabled, still focusable, activation blocked, the reason in a tooltip on hover and focus. Bob views the public-view "Churn Watch" but may not edit, share or delete it.',
    },
  },
};
export default meta;
type Story = StoryObj;

/** Every prop as a control: what Bob (or the `user` control) sees for the chosen check. */
export const Playground: StoryObj<PlaygroundArgs> = {
  args: playgroundDefaults,
  argTypes: playgroundArgTypes,
  render: (args) => (
    <Bar>
      {(run) => (
        <GuardedAction
          I={args.action}
          on={resourceOf(args)}
          mode={args.mode}
          whilePending={args.whilePending}
        >
          <button type="button" className="action-btn" onClick={run(args.action)}>
            {args.action[0]!.toUpperCase() + args.action.slice(1)}
          </button>
        </GuardedAction>
      )}
    </Bar>
  ),
};

export const Allowed: Story = {
  render: () => (
    <Bar>
      {(run) => (
        <GuardedAction I="view" on={churn}>
          <button type="button" onClick={run('view')}>
            View
          </button>
        </GuardedAction>
      )}
    </Bar>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const view = canvas.getByRole('button', { name: 'View' });
    await expect(view).toHaveAttribute('data-state', 'allowed');
    await userEvent.click(view);
    await expect(canvas.getByRole('status', { name: 'Last action' })).toHaveTextContent('view');
  },
};

export const DeniedWithReason: Story = {
  render: () => (
    <Bar>
      {(run) => (
        <GuardedAction I="edit" on={churn}>
          <button type="button" onClick={run('edit')}>
            Edit
          </button>
        </GuardedAction>
      )}
    </Bar>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const edit = canvas.getByRole('button', { name: 'Edit' });
    await expect(edit).toHaveAttribute('aria-disabled', 'true');
    await expect(edit).toHaveAttribute('data-state', 'denied');
    await userEvent.hover(edit);
    const tooltip = canvas.getByRole('tooltip');
    await expect(tooltip).toHaveTextContent(/edit.*Churn Watch/);
    await expect(edit).toHaveAttribute('aria-describedby', tooltip.id);
    await userEvent.click(edit);
    await expect(canvas.getByRole('status', { name: 'Last action' })).toHaveTextContent('none');
  },
};

export const Pending: Story = {
  parameters: { grantkit: { user: 'bob', pending: true } },
  render: () => (
    <Bar>
      {(run) => (
        <>
          <GuardedAction I="view" on={churn}>
            <button type="button" onClick={run('view')}>
              View (disabled while loading)
            </button>
          </GuardedAction>
          <GuardedAction I="view" on={churn} whilePending="enable">
            <button type="button" onClick={run('refresh')}>
              Refresh (enabled while loading)
            </button>
          </GuardedAction>
        </>
      )}
    </Bar>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const view = canvas.getByRole('button', { name: /^View/ });
    await expect(view).toHaveAttribute('data-state', 'pending');
    await expect(view).toHaveAttribute('aria-disabled', 'true');
    await expect(canvas.getByRole('button', { name: /^Refresh/ })).not.toHaveAttribute(
      'aria-disabled',
    );
  },
};

export const HideMode: Story = {
  render: () => (
    <Bar>
      {(run) => (
        <>
          <GuardedAction I="view" on={churn} mode="hide">
            <button type="button" onClick={run('view')}>
              View
            </button>
          </GuardedAction>
          <GuardedAction I="admin" on={churn} mode="hide">
            <button type="button" onClick={run('delete')}>
              Delete
            </button>
          </GuardedAction>
        </>
      )}
    </Bar>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'View' })).toBeInTheDocument();
    await expect(canvas.queryByRole('button', { name: 'Delete' })).toBeNull();
  },
};

export const InsideALink: Story = {
  render: () => (
    <Bar>
      {() => (
        <>
          <GuardedAction I="share" on={churn}>
            <a href="#/dashboards/churn/share">Share (a link)</a>
          </GuardedAction>
          <GuardedAction I="edit" on={churn}>
            <RouterLink href="#/dashboards/churn/edit">Edit (a router link)</RouterLink>
          </GuardedAction>
        </>
      )}
    </Bar>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const before = window.location.href;
    const share = canvas.getByRole('link', { name: 'Share (a link)' });
    await expect(share).toHaveAttribute('aria-disabled', 'true');
    await expect(share).not.toHaveAttribute('href');
    await userEvent.click(share);
    await userEvent.click(canvas.getByRole('link', { name: 'Edit (a router link)' }));
    await userEvent.keyboard('{Enter}');
    await expect(window.location.href).toBe(before);
  },
};

export const KeyboardFocus: Story = {
  render: () => (
    <Bar>
      {(run) => (
        <>
          <GuardedAction I="view" on={churn}>
            <button type="button" onClick={run('view')}>
              View
            </button>
          </GuardedAction>
          <GuardedAction I="share" on={churn}>
            <button type="button" onClick={run('share')}>
              Share
            </button>
          </GuardedAction>
        </>
      )}
    </Bar>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const share = canvas.getByRole('button', { name: 'Share' });
    share.ownerDocument.body.focus();
    await userEvent.tab();
    await userEvent.tab();
    await expect(share).toHaveFocus();
    const tooltip = canvas.getByRole('tooltip');
    await expect(tooltip).toHaveTextContent(/share.*Churn Watch/);
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    await expect(canvas.getByRole('status', { name: 'Last action' })).toHaveTextContent('none');
    // Left as named: Share keeps keyboard focus, its ring and its reason tooltip visible.
    await expect(canvas.getByRole('tooltip')).toBeVisible();
  },
};

/** Escape closes the reason tooltip; focus stays on the greyed-out action. */
export const KeyboardFocusEscape: Story = {
  render: KeyboardFocus.render!,
  play: async (context) => {
    await KeyboardFocus.play?.(context);
    const canvas = within(context.canvasElement);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('tooltip')).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Share' })).toHaveFocus();
  },
};
