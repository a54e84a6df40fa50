import type { Decorator, Preview } from '@storybook/react-vite';
import {
  STATUSES,
  userGlobalType,
  withGrantkit,
} from '../packages/react/src/__fixtures__/storybook.tsx';
import { PEOPLE } from '../packages/react/src/__fixtures__/world.ts';
// The product look: the demo's stylesheet (it imports @grantkit/react/styles.css), then the
// themes, the density switch and deterministic rendering.
import '../apps/demo/src/styles.css';
import './theme.css';
import { axeOptions } from './axe-rules.ts';

/** Sets the toolbar's theme and density as data attributes on <html> (see theme.css). */
const withTheme: Decorator = (Story, { globals }) => {
  const root = document.documentElement;
  root.dataset.theme = String(globals.theme ?? 'light');
  root.dataset.density = String(globals.density ?? 'regular');
  return <Story />;
};

/**
 * Every story runs inside the acting user's `<GrantkitProvider>`: the toolbar's "Acting
 * user" switches it (a story may fix one with `parameters.grantkit.user`); the `user` and
 * `status` controls of every story override both (`ready|loading|stale|error`: a real SDK
 * client in that status). Theme and density are toolbar globals too.
 */
const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    a11y: { options: axeOptions, test: 'error' },
    options: { storySort: { order: ['Introduction', 'Permission states', 'Product', 'React'] } },
  },
  argTypes: {
    user: {
      description: 'The acting user (empty: the story’s own, else the toolbar’s)',
      control: 'select',
      options: PEOPLE.map((p) => p.id),
      table: { category: 'Grantkit client' },
    },
    status: {
      description: 'The client’s status: a real SDK client that is ready, loading, stale or failed',
      control: 'inline-radio',
      options: [...STATUSES],
      table: { category: 'Grantkit client' },
    },
  },
  globalTypes: {
    user: userGlobalType,
    theme: {
      description: 'Light or dark theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
    density: {
      description: 'Density of controls and text',
      toolbar: {
        title: 'Density',
        icon: 'component',
        items: [
          { value: 'compact', title: 'Compact' },
          { value: 'regular', title: 'Regular' },
          { value: 'comfortable', title: 'Comfortable' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { user: 'bob', theme: 'light', density: 'regular' },
  decorators: [withGrantkit, withTheme],
};
export default preview;
