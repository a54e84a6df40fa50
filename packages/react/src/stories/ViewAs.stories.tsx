import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ViewAsSwitcher } from '../__fixtures__/examples.tsx';
import { actingUser, world } from '../__fixtures__/storybook.tsx';

/**
 * A super admin's "view as" switcher (MODEL A11): the menu and the action bar below answer
 * as the chosen user would see them. Only a super admin may do it: pick Root in the toolbar.
 */
const meta = {
  title: 'Examples/View as',
  render: (_args, { parameters, globals }) => (
    <ViewAsSwitcher world={world} actor={actingUser(parameters, globals)} />
  ),
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** Root views as Bob, then as Dee: the menu and the bar follow. */
export const SuperAdmin: Story = {
  parameters: { grantkit: { user: 'root' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('link', { name: 'Dashboards' })).toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Edit' })).toHaveAttribute(
      'data-state',
      'allowed',
    );
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'View as' }), 'dee');
    await expect(canvas.queryByRole('link', { name: 'Dashboards' })).toBeNull();
    await expect(canvas.getByRole('link', { name: 'Programs' })).toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Edit' })).toHaveAttribute(
      'data-state',
      'denied',
    );
  },
};

/** Follows the toolbar: anyone but a super admin is told they may not. */
export const ActingUser: Story = {};
