import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { DASHBOARD_ACTIONS, DashboardActionBar } from '../__fixtures__/examples.tsx';
import { actingUser, world } from '../__fixtures__/storybook.tsx';
import type { DashboardId } from '../__fixtures__/world.ts';

/**
 * The action bar of an opened dashboard under each sharing level of MODEL A1, for the
 * toolbar's acting user. Every action is shown; the ones the user lacks are greyed out with
 * the reason (MODEL A12). Ann owns every dashboard; Bob opens Dashboards; Cai also opens
 * Dashboard Builder (public-view-edit lets him edit, MODEL A2); Exec Summary is shared
 * with Bob (view-edit) and Dee (view).
 */
const meta = {
  title: 'Examples/Dashboard action bar',
  component: DashboardActionBar,
  args: { id: 'q3' },
  argTypes: {
    id: {
      control: 'select',
      options: ['q3', 'churn', 'renewals', 'pipeline', 'exec'],
      description: 'The dashboard, one per sharing level of MODEL A1',
    },
  },
} satisfies Meta<typeof DashboardActionBar>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The play of every level: the bar greys out exactly what the core model denies. */
const matchesModel: Story['play'] = async ({ canvasElement, args, parameters, globals }) => {
  const user = actingUser(parameters, globals);
  const canvas = within(canvasElement);
  for (const { label, action } of DASHBOARD_ACTIONS) {
    const allowed = world.model.check(user, action, { type: 'dashboard', id: args.id });
    const button = canvas.getByRole('button', { name: label });
    await expect(button).toHaveAttribute('data-state', allowed ? 'allowed' : 'denied');
  }
};

const level = (id: DashboardId): Story => ({ args: { id }, play: matchesModel });

/** Private: the owner and admins only. */
export const Private = level('q3');
/** Public view: whoever may open Dashboards views it. */
export const PublicView = level('churn');
/** Public view and share: Dashboards navigators view and share it. */
export const PublicViewShare = level('renewals');
/** Public view and edit: Dashboard Builder navigators also edit it. */
export const PublicViewEdit = level('pipeline');
/** Specific: Bob may view and edit, Dee may view. */
export const Specific = level('exec');
