import { composeStories } from '@storybook/react-vite';
import { cleanup, render } from '@testing-library/react';
import axe from 'axe-core';
import type { ComponentType } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

// Every story file of the workspace, composed with its project annotations and rendered in jsdom.
const modules = import.meta.glob<Record<string, unknown>>(
  ['./*.stories.tsx', '../packages/*/src/**/*.stories.tsx', '../apps/demo/src/**/*.stories.tsx'],
  { eager: true },
);

/** What a composed story offers this test: render it, then run its `play` function if any. */
type ComposedStory = ComponentType & {
  play?: (context: { canvasElement: HTMLElement }) => Promise<void> | void;
};

afterEach(cleanup);

describe.each(Object.entries(modules))('%s', (_file, mod) => {
  const stories = Object.entries(composeStories(mod as Parameters<typeof composeStories>[0])) as [
    string,
    ComposedStory,
  ][];
  it.each(stories)('%s renders with no serious axe violation', async (_name, Story) => {
    const { container } = render(<Story />);
    await Story.play?.({ canvasElement: container });
    const results = await axe.run(container, { resultTypes: ['violations'] });
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
