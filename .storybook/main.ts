import type { StorybookConfig } from '@storybook/react-vite';

/** Top-level Storybook for designers: stories of every package and the demo, from source. */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: [
    './*.stories.tsx',
    '../packages/*/src/**/*.stories.tsx',
    '../apps/demo/src/**/*.stories.tsx',
  ],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    const { mergeConfig } = await import('vite');
    const { sourceConditions } = await import('../vitest.shared.ts');
    return mergeConfig(config, sourceConditions);
  },
};
export default config;
