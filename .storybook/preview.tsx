import type { Preview } from '@storybook/react-vite';
import { userGlobalType, withGrantkit } from '../packages/react/src/__fixtures__/storybook.tsx';

/**
 * Every story runs inside the acting user's `<GrantkitProvider>`: the toolbar's "Acting
 * user" switches it (a story may fix one with `parameters.grantkit.user`).
 */
const preview: Preview = {
  parameters: { layout: 'padded', controls: { expanded: true } },
  globalTypes: { user: userGlobalType },
  initialGlobals: { user: 'bob' },
  decorators: [withGrantkit],
};
export default preview;
