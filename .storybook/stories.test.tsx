import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import { cleanup, render } from '@testing-library/react';
import axe from 'axe-core';
import type { ComponentType } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILING_IMPACTS, jsdomAxeOptions } from './axe-rules.ts';
import preview from './preview.tsx';

// The project annotations (decorators, the "Acting user" global) apply as in Storybook.
setProjectAnnotations(preview);

// Every story file of the workspace, composed with its project annotations and rendered in jsdom.
const modules = import.meta.glob<Record<string, unknown>>(
  ['./*.stories.tsx', '../packages/*/src/**/*.stories.tsx', '../apps/demo/src/**/*.stories.tsx'],
  { eager: true },
);

/** What a composed story offers this test: render it, then run its `play` function if any. */
type ComposedStory = ComponentType & {
  parameters?: { grantkit?: { user?: string } };
  play?: (context: { canvasElement: HTMLElement }) => Promise<void> | void;
};
type StoriesModule = Parameters<typeof composeStories>[0];

/** The toolbar's acting users: a story that follows the toolbar is rendered as each of them. */
const users = (preview.globalTypes?.user?.toolbar?.items ?? []).map((item) =>
  typeof item === 'string' ? item : String(item.value),
);

afterEach(cleanup);

/** Renders a story, runs its play function, and returns the serious axe violations. */
async function renderAndCheck(Story: ComposedStory): Promise<string[]> {
  const { container } = render(<Story />);
  await Story.play?.({ canvasElement: container });
  // The a11y addon's rules; jsdom has no layout, so colour contrast is checked in Chromium
  // (the visual tests, scripts/storybook-visual.mjs).
  const results = await axe.run(container, { ...jsdomAxeOptions, resultTypes: ['violations'] });
  return results.violations
    .filter((v) => (FAILING_IMPACTS as readonly string[]).includes(v.impact ?? ''))
    .map((v) => `${v.id}: ${v.help}`);
}

const composed = (mod: unknown, globals?: Record<string, string>) =>
  Object.entries(
    composeStories(mod as StoriesModule, globals ? { initialGlobals: globals } : undefined),
  ) as [string, ComposedStory][];

describe.each(Object.entries(modules))('%s', (_file, mod) => {
  it.each(composed(mod))('%s renders with no serious axe violation', async (_name, Story) => {
    expect(await renderAndCheck(Story)).toEqual([]);
  });

  const following = composed(mod)
    .filter(([, Story]) => Story.parameters?.grantkit?.user === undefined)
    .map(([name]) => name);
  const asEachUser = users.flatMap((user) =>
    composed(mod, { user })
      .filter(([name]) => following.includes(name))
      .map(([name, Story]) => [name, user, Story] as const),
  );
  if (asEachUser.length > 0)
    it.each(asEachUser)('%s as %s: plays with no serious axe violation', async (_n, _u, Story) => {
      expect(await renderAndCheck(Story)).toEqual([]);
    });
});
