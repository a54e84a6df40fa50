import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { GrantkitArgs } from '../packages/react/src/__fixtures__/storybook.tsx';
import {
  ProductActionBar,
  ProductBundleTree,
  ProductListing,
  ProductManagePermissions,
  ProductMenu,
  SHARING_LEVELS,
  type SharingLevel,
} from './product/components.tsx';
import { PermissionMatrix } from './product/PermissionMatrix.tsx';

type Args = GrantkitArgs & { sharing: SharingLevel; text: boolean };

/**
 * The demo's screens as they look in the product: the demo's stylesheet and icon buttons,
 * greyed-out actions with the reason tooltip of `@grantkit/react/styles.css` (MODEL A12).
 * Every control changes what renders: the sharing level of the dashboard (MODEL A1), the
 * acting user and the client's status (`loading` shows the skeleton; `stale` and `error`
 * grey every action out, MODEL C3/C4).
 */
const meta = {
  title: 'Product/Dashboard',
  component: ProductActionBar,
  args: { sharing: 'public-view', text: true, user: 'bob', status: 'ready' },
  argTypes: {
    sharing: { control: 'select', options: SHARING_LEVELS, description: 'MODEL A1 sharing level' },
    text: { control: 'boolean', description: 'Text buttons (else icon buttons)' },
  },
  render: (args) => <ProductActionBar sharing={args.sharing} text={args.text} />,
} satisfies Meta<Args>;
export default meta;
type Story = StoryObj<Args>;

/** Bob on the public-view “Churn Watch”: View allowed, the rest greyed out. */
export const ActionBar: Story = {};

/** Icon buttons, as in the listing. */
export const ActionBarIcons: Story = { args: { text: false } };

/** Hovering a greyed-out action opens its reason. */
export const ActionBarHover: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.hover(canvas.getByRole('button', { name: 'Edit' }));
    await expect(await canvas.findByRole('tooltip')).toHaveTextContent(/Edit: .*Churn Watch/);
  },
};

/** Keyboard focus on a greyed-out action: the focus ring and the reason tooltip stay visible. */
export const ActionBarKeyboardFocus: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const share = canvas.getByRole('button', { name: 'Share' });
    share.ownerDocument.body.focus();
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await expect(share).toHaveFocus();
    await expect(await canvas.findByRole('tooltip')).toHaveTextContent(/Share: .*Churn Watch/);
  },
};

/** Still loading the first snapshot: a skeleton where the actions will be. */
export const Loading: Story = {
  args: { status: 'loading' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(/Checking/);
  },
};

/** Past its maximum staleness: every action greyed out until revalidated (MODEL C4). */
export const Stale: Story = {
  args: { status: 'stale' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(/out of date/));
    await expect(canvas.getByRole('button', { name: 'View' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  },
};

/** The grants server is unreachable: an alert, every action greyed out (fail closed). */
export const ErrorState: Story = {
  name: 'Error',
  args: { status: 'error' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent(/could not be loaded/));
  },
};

/** The dashboards listing, one row per sharing level, with the demo's icon actions. */
export const ListingRows: Story = {
  render: () => <ProductListing />,
  args: { user: 'cai' },
};

/** One listing row of the chosen sharing level. */
export const ListingRow: Story = {
  render: (args) => <ProductListing only={args.sharing} />,
};

/** The sidebar menu of the acting user (MODEL N3). */
export const NavigationMenu: Story = {
  render: () => <ProductMenu />,
  args: { user: 'dee' },
};

/** A bundle editor's page tree: saving needs edit on Permission Bundles. */
export const BundleEditorPageTree: Story = {
  render: () => <ProductBundleTree />,
  args: { user: 'eve' },
};

/** The manage-permissions dialog: only an admin of the dashboard may save (MODEL A7). */
export const ManagePermissionsDialog: Story = {
  render: (args) => <ProductManagePermissions sharing={args.sharing} />,
};

/** Dark theme (also a toolbar global). */
export const DarkTheme: Story = { globals: { theme: 'dark' } };

/** Compact density (also a toolbar global). */
export const CompactDensity: Story = { globals: { density: 'compact' } };

/** Every dashboard action × every sharing level for the chosen user (the docs page “Permission states”). */
export const PermissionMatrixView: Story = {
  name: 'Permission matrix',
  render: (args) => <PermissionMatrix user={args.user} />,
  args: { user: 'cai' },
  parameters: { layout: 'fullscreen' },
};
