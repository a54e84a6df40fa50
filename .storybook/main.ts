import type { StorybookConfig } from '@storybook/react-vite';

/** Top-level Storybook for designers: stories of every package and the demo, from source. */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: [
    './*.mdx',
    './*.stories.tsx',
    '../packages/*/src/**/*.stories.tsx',
    '../apps/demo/src/**/*.stories.tsx',
  ],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Relative asset paths, so storybook-static works from any static file server and path.
  async viteFinal(config) {
    const { mergeConfig } = await import('vite');
    const { sourceConditions } = await import('../vitest.shared.ts');
    return mergeConfig(mergeConfig(config, sourceConditions), { base: './' });
  },
};
export default config;
