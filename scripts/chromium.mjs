// Debian's Chromium for every browser test (demo e2e, React's browser tests, Storybook's
// visual tests, the examples): one place for its path and the flags that work here.
// The background-networking flags keep Chromium off the closed network; never a downloaded browser.

/** The browser binary: `CHROMIUM_PATH` (set by .ci/run) or Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch flags for headless Chromium as root on a machine with no outside network. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]);
