/** The browser binary: `CHROMIUM_PATH` (set by .ci/run) or Debian's /usr/bin/chromium. */
export declare const CHROMIUM_PATH: string;
/** Launch flags for headless Chromium as root on a machine with no outside network. */
export declare const CHROMIUM_ARGS: readonly string[];
