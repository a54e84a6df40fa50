import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { DASHBOARDS, dashboard } from '../__fixtures__/world.ts';
import { Can } from '../index.ts';
import {
  ComponentDocs,
  type PlaygroundArgs,
  playgroundArgTypes,
  playgroundDefaults,
  resourceOf,
} from './playground.tsx';

const churn = dashboard('churn');

// The docs page shows the component's own TSDoc (its description), under this subtitle.
const meta: Meta = {
  title: 'React/Can',
  component: Can,
  parameters: {
    docs: {
      page: ComponentDocs,
      subtitle:
        '<Can> renders by permission: children, a fallback, or a render prop that greys out.',
    },
  },
};
export default meta;
type Story = StoryObj;

/** The check of the controls through `<Can>`'s render prop: allowed, or the reason. */
export const Playground: StoryObj<Omit<PlaygroundArgs, 'mode' | 'whilePending'>> = {
  args: {
    action: playgroundDefaults.action,
    resourceType: playgroundDefaults.resourceType,
    sharing: playgroundDefaults.sharing,
  },
  argTypes: {
    action: playgroundArgTypes.action,
    resourceType: playgroundArgTypes.resourceType,
    sharing: playgroundArgTypes.sharing,
  },
  render: (args) => (
    <Can I={args.action} on={resourceOf({ ...playgroundDefaults, ...args })}>
      {({ allowed, state, reason }) => (
        <p className={allowed ? 'notice ok' : 'notice refused'}>
          <strong>{args.action}</strong> ({state}): {allowed ? 'allowed' : reason}
        </p>
      )}
    </Can>
  ),
};

const asBob = { grantkit: { user: 'bob' } } as const;

/** Bob may open Dashboards, so he views the public-view "Churn Watch" (MODEL A2). */
export const Allowed: Story = {
  parameters: asBob,
  render: () => (
    <Can I="view" on={churn} fallback={<p>You cannot open Churn Watch.</p>}>
      <p>Churn Watch is open.</p>
    </Can>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Churn Watch is open.')).toBeInTheDocument();
  },
};

/** Public-view does not let Bob edit: the fallback shows. */
export const DeniedWithFallback: Story = {
  parameters: asBob,
  render: () => (
    <Can I="edit" on={churn} fallback={<p>Read only</p>}>
      <p>Editing Churn Watch</p>
    </Can>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Read only')).toBeInTheDocument();
  },
};

/** A render prop always renders and gets `{ allowed, state, reason }`: grey out, don't hide. */
export const RenderProp: Story = {
  parameters: asBob,
  render: () => (
    <ul>
      {(['view', 'share', 'edit', 'admin'] as const).map((action) => (
        <li key={action}>
          <Can I={action} on={churn}>
            {({ allowed, reason }) => (
              <span>
                <strong>{action}</strong>: {allowed ? 'allowed' : reason}
              </span>
            )}
          </Can>
        </li>
      ))}
    </ul>
  ),
  play: async ({ canvasElement }) => {
    const items = within(canvasElement).getAllByRole('listitem');
    await expect(items[0]).toHaveTextContent('view: allowed');
    await expect(items[2]).toHaveTextContent(/edit: .*Churn Watch/);
  },
};

/** `not` inverts: Dee has no Dashboards page, so she is told whom to ask. */
export const Not: Story = {
  parameters: { grantkit: { user: 'dee' } },
  render: () => (
    <Can not I="navigate" on={{ type: 'page', id: 'dashboards' }}>
      <p>Ask your administrator for access to Dashboards.</p>
    </Can>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(/Ask your administrator/)).toBeInTheDocument();
  },
};

/** While the snapshot loads every check is false (fail closed, MODEL C3). */
export const Loading: Story = {
  parameters: { grantkit: { user: 'bob', pending: true } },
  render: () => (
    <Can I="view" on={churn} fallback={<p>Checking your permissions…</p>}>
      <p>Churn Watch is open.</p>
    </Can>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Checking your permissions…')).toBeInTheDocument();
  },
};

/** Follows the toolbar's acting user: what they may do on each dashboard. */
export const ActingUser: Story = {
  render: () => (
    <table>
      <caption>What the acting user may do</caption>
      <thead>
        <tr>
          <th scope="col">Dashboard</th>
          {(['view', 'share', 'edit', 'admin'] as const).map((a) => (
            <th key={a} scope="col">
              {a}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {DASHBOARDS.map((d) => (
          <tr key={d.id}>
            <th scope="row">
              {d.title} ({d.sharing})
            </th>
            {(['view', 'share', 'edit', 'admin'] as const).map((a) => (
              <td key={a}>
                <Can I={a} on={{ type: 'dashboard', id: d.id }} fallback="no">
                  yes
                </Can>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  ),
};
