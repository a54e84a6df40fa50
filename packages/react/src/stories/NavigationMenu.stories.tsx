import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { NavigationMenu } from '../__fixtures__/examples.tsx';
import { actingUser, world } from '../__fixtures__/storybook.tsx';
import { BUNDLES, type PersonId } from '../__fixtures__/world.ts';

/**
 * `useMenu()`: the pages a user may navigate plus the ancestors needed to reach them
 * (MODEL N3); a granted page does not grant the pages below it (MODEL N2). One story per
 * bundle, each acting as the user who holds only that bundle, and one for the toolbar's user.
 */
const meta = {
  title: 'Examples/Navigation menu',
  component: NavigationMenu,
} satisfies Meta<typeof NavigationMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The play of every menu: links are exactly the navigable pages, items exactly the model's menu. */
const matchesModel: Story['play'] = async ({ canvasElement, parameters, globals }) => {
  const user = actingUser(parameters, globals);
  const canvas = within(canvasElement);
  const menu = world.model.menu(user);
  const links = canvas.queryAllByRole('link').map((a) => a.getAttribute('href')?.slice(2));
  const navigable = menu.filter((id) => world.model.check(user, 'navigate', { type: 'page', id }));
  await expect(links.sort()).toEqual(navigable);
  await expect(canvas.queryAllByRole('listitem')).toHaveLength(menu.length);
};

const bundle = (id: (typeof BUNDLES)[number]['id']): Story => ({
  name: `${id} bundle`,
  parameters: { grantkit: { user: BUNDLES.find((b) => b.id === id)!.holder as PersonId } },
  play: matchesModel,
});

export const Viewer = bundle('Viewer');
export const Builder = bundle('Builder');
export const Journeys = bundle('Journeys');
export const Admin = bundle('Admin');
/** The menu of the toolbar's acting user. */
export const ActingUser: Story = { play: matchesModel };
