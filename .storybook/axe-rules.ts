import type { RunOptions } from 'axe-core';

/**
 * The axe rules of every Storybook check: the a11y addon in the Storybook UI, the Chromium
 * pass of the visual tests (scripts/storybook-visual.mjs) and, minus colour contrast (jsdom
 * has no layout), `pnpm test:stories`. Serious and critical violations fail a check.
 */
export const axeOptions: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  rules: { region: { enabled: false } },
};

/** The same rules in jsdom, which cannot compute colour contrast. */
export const jsdomAxeOptions: RunOptions = {
  ...axeOptions,
  rules: { ...axeOptions.rules, 'color-contrast': { enabled: false } },
};

/** The impacts that fail a check. */
export const FAILING_IMPACTS = ['serious', 'critical'] as const;
