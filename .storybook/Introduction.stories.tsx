import type { Meta, StoryObj } from '@storybook/react-vite';

function Introduction() {
  return (
    <article style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640 }}>
      <h1>Grantkit</h1>
      <p>
        Permissions for SaaS interfaces: bundles of page permissions, dashboards shared in folders,
        record sharing rules and production launch rights, checked in the browser from a compact
        grant snapshot.
      </p>
      <ul>
        <li>
          <code>@grantkit/core</code>: the permission model
        </li>
        <li>
          <code>@grantkit/sdk</code>: the browser client
        </li>
        <li>
          <code>@grantkit/react</code>: Provider, Can, useCan and the greyed-out action
        </li>
      </ul>
    </article>
  );
}

const meta = { title: 'Introduction', component: Introduction } satisfies Meta<typeof Introduction>;
export default meta;
export const Overview: StoryObj<typeof meta> = {};
