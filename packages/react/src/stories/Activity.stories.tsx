import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import {
  ActivityList,
  type ActivityScenario,
  activityFor,
  NotificationBell,
} from '../__fixtures__/activity.tsx';
import { actingUser } from '../__fixtures__/storybook.tsx';
import { PEOPLE, type PersonId } from '../__fixtures__/world.ts';

interface Args extends Omit<ActivityScenario, 'user'> {
  /** Act as this user (default: the toolbar's). */
  readonly user?: PersonId | undefined;
  /** Only this action (the feed's `action` filter). */
  readonly action?: string | undefined;
}

/** The scenario of a story: its args, acting as the `user` control or the toolbar's user. */
const scenario = (
  args: Partial<Args>,
  ctx: { parameters: object; globals: { user?: string } },
): ActivityScenario => ({
  user: actingUser(ctx.parameters, ctx.globals, { user: args.user }),
  unread: args.unread ?? 3,
  status: args.status ?? 'ready',
});

/** A bell over its own new plugin (marking read starts over on every mount). */
function FreshBell({ of }: { of: ActivityScenario }) {
  const [act] = useState(() => activityFor('fresh', of, true));
  return <NotificationBell act={act} />;
}

const controls = {
  user: {
    control: 'select',
    options: PEOPLE.map((p) => p.id),
    description: 'The signed-in user whose notifications and activity are shown',
  },
  unread: {
    control: { type: 'range', min: 0, max: 6, step: 1 },
    description: 'How many of the six notifications (newest first) are unread',
  },
  status: {
    control: 'select',
    options: ['ready', 'loading', 'error'],
    description: 'The activity server: answering, never answering, or failing (503)',
  },
} as const;

/**
 * The notification bell and the activity list over the real `activity()` plugin of
 * `@grantkit/sdk/activity` and the real hooks (`useNotifications`, `useActivity`): the
 * plugin's client talks to an in-memory grants server that answers `GET /notifications`,
 * `POST /notifications/read` and `GET /activity` as the real one does (MODEL W1, W4). The
 * clock is fixed, so "2 min ago" never moves. Marking one or all read works in the story.
 */
const meta = {
  title: 'Examples/Activity',
  args: { unread: 3, status: 'ready' },
  argTypes: controls,
  render: (args, ctx) => (
    <div style={{ minHeight: '24rem' }}>
      <NotificationBell act={activityFor(ctx.id, scenario(args, ctx))} />
    </div>
  ),
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The bell with its unread count; the play opens the panel and leaves it open. */
export const NotificationBellOpen: Story = {
  name: 'Notification bell',
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const bell = await canvas.findByRole('button', {
      name: `Notifications, ${args.unread} unread`,
    });
    await userEvent.click(bell);
    await expect(bell).toHaveAttribute('aria-expanded', 'true');
    const panel = canvas.getByRole('region', { name: 'Notifications' });
    const list = within(panel).getByRole('list', { name: 'Notifications' });
    await expect(await within(list).findAllByRole('listitem')).toHaveLength(6);
    await expect(within(list).getAllByRole('button', { name: /^Mark read:/ }).length).toBe(
      args.unread,
    );
  },
};

/** Mark one read, then all: the count and the badge follow (POST /notifications/read). */
export const MarkRead: Story = {
  name: 'Notification bell: mark read',
  args: { unread: 4 },
  render: (args, ctx) => (
    <div style={{ minHeight: '24rem' }}>
      <FreshBell of={scenario(args, ctx)} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Notifications, 4 unread' }));
    await userEvent.click(
      await canvas.findByRole('button', {
        name: 'Mark read: Lou Launcher paused Welcome tour (production)',
      }),
    );
    await canvas.findByRole('button', { name: 'Notifications, 3 unread' });
    await userEvent.click(canvas.getByRole('button', { name: 'Mark all read' }));
    await canvas.findByRole('button', { name: 'Notifications, 0 unread' });
    await expect(canvas.queryAllByRole('button', { name: /^Mark read:/ })).toHaveLength(0);
  },
};

/** Nothing unread: no badge. */
export const AllRead: Story = { name: 'Notification bell: all read', args: { unread: 0 } };

/** The server fails: the open panel says so, the count is 0. */
export const BellError: Story = {
  name: 'Notification bell: error',
  args: { status: 'error' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Notifications/ }));
    await canvas.findByText('Notifications could not be loaded.');
  },
};

/** The activity feed, newest first: "Lou Launcher paused Welcome tour (production) 2 min ago". */
export const Activity: Story = {
  name: 'Activity list',
  argTypes: {
    ...controls,
    action: {
      control: 'select',
      options: [undefined, 'pause', 'edit', 'share', 'launch', 'move', 'create'],
      description: 'Only this action (the feed filter `action`)',
    },
  },
  render: (args, ctx) => (
    <ActivityList act={activityFor(ctx.id, scenario(args, ctx))} action={args.action} />
  ),
  play: async ({ canvasElement, args }) => {
    if (args.status !== 'ready') return;
    const list = within(canvasElement).getByRole('list', { name: 'Activity' });
    const items = await within(list).findAllByRole('listitem');
    await expect(items[0]).toHaveTextContent(
      args.action ? /./ : 'Lou Launcher paused Welcome tour (production)2 min ago',
    );
  },
};

/** Only the pauses (`useActivity(act, { action: 'pause' })`). */
export const ActivityPaused: Story = {
  ...Activity,
  name: 'Activity list: paused only',
  args: { action: 'pause' },
};

/** The server has not answered yet. */
export const ActivityLoading: Story = {
  ...Activity,
  name: 'Activity list: loading',
  args: { status: 'loading' },
};
