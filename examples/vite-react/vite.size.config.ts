import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import config from './vite.config.ts';

// `vite build --config vite.size.config.ts`: the app without Grantkit (size/grantkit-stub.tsx
// stands in for it, and its stylesheet is empty): the baseline of what Grantkit adds.
const stub = fileURLToPath(new URL('./size/grantkit-stub.tsx', import.meta.url));
const emptyCss = fileURLToPath(new URL('./size/empty.css', import.meta.url));

export default mergeConfig(
  config,
  defineConfig({
    resolve: {
      alias: [
        { find: /^@grantkit\/react\/styles\.css$/, replacement: emptyCss },
        { find: /^@grantkit\/(react|sdk\/admin)$/, replacement: stub },
      ],
    },
    build: { outDir: 'dist-baseline' },
  }),
);
