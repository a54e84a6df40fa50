/**
 * The args of the component playgrounds (controls): the action, the resource type, the
 * sharing level of MODEL A1, the `mode` and `whilePending` of `<GuardedAction>`; the acting
 * user and the client's status are the preview-level `user` and `status` controls.
 */

import {
  ArgTypes,
  Controls,
  Description,
  Heading,
  Markdown,
  Primary,
  Stories,
  Subtitle,
  Title,
} from '@storybook/addon-docs/blocks';
import type { ReactNode } from 'react';
import { DASHBOARDS } from '../__fixtures__/world.ts';
import type { ResourceRef } from '../types.ts';

export const ACTIONS = ['view', 'share', 'edit', 'admin', 'navigate'] as const;
export const RESOURCE_TYPES = ['dashboard', 'folder', 'page'] as const;
export const SHARING = DASHBOARDS.map((d) => d.sharing);

/** Args of a playground story. */
export interface PlaygroundArgs {
  action: (typeof ACTIONS)[number];
  resourceType: (typeof RESOURCE_TYPES)[number];
  sharing: (typeof DASHBOARDS)[number]['sharing'];
  mode: 'disable' | 'hide';
  whilePending: 'disable' | 'hide' | 'enable';
}

/** The resource the args name: the dashboard of that sharing level, the folder Reports, or the Dashboards page. */
export function resourceOf(args: PlaygroundArgs): ResourceRef {
  if (args.resourceType === 'page') return { type: 'page', id: 'dashboards' };
  if (args.resourceType === 'folder')
    return { type: 'folder', id: 'reports', fields: { title: 'Reports' } };
  const d = DASHBOARDS.find((x) => x.sharing === args.sharing)!;
  return { type: 'dashboard', id: d.id, fields: { title: d.title } };
}

export const playgroundArgTypes = {
  action: { control: 'select', options: ACTIONS, description: 'The action checked (`I`)' },
  resourceType: { control: 'inline-radio', options: RESOURCE_TYPES, description: 'Type of `on`' },
  sharing: {
    control: 'select',
    options: SHARING,
    description: 'Sharing level of the dashboard (MODEL A1)',
  },
  mode: { control: 'inline-radio', options: ['disable', 'hide'] },
  whilePending: { control: 'inline-radio', options: ['disable', 'hide', 'enable'] },
} as const;

export const playgroundDefaults: PlaygroundArgs = {
  action: 'edit',
  resourceType: 'dashboard',
  sharing: 'public-view',
  mode: 'disable',
  whilePending: 'disable',
};

/** The "when to use which" section of the component docs pages. */
export const WHEN_TO_USE = `
### When to use which

- **\`<GuardedAction>\`**: a clickable control the user should see even when they may not
  use it (buttons, links, menu items): greyed out the accessible way with the reason
  (MODEL A12). The default for actions.
- **\`<Can>\`**: render something else (or nothing) by permission: a read-only view, a
  fallback message; its render prop (\`{ allowed, state, reason }\`) builds custom greyed-out UI.
- **\`useCan\` / \`useCheck\`**: a boolean or a check result in code: disable a field, filter a
  list, pick a route (\`usePermittedList\`, \`useMenu\` for lists and menus).

See also the docs page **Permission states** (every action × every sharing level).
`;

/**
 * The docs page of a component: its TSDoc, "when to use which", the playground with its
 * controls, the props table and every story.
 */
export function ComponentDocs(): ReactNode {
  return (
    <>
      <Title />
      <Subtitle />
      <Description />
      <Markdown>{WHEN_TO_USE}</Markdown>
      <Primary />
      <Controls />
      <Heading>Props</Heading>
      <ArgTypes />
      <Stories />
    </>
  );
}
