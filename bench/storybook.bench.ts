/**
 * Storybook figures (issue 14): builds the static Storybook (timed), then runs the visual
 * tests (every story in Chromium against its baseline, plus axe) and reads the figures they
 * write to `.storybook/.reports/visual.json`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from './harness.ts';

const root = join(import.meta.dirname, '..');

function run(args: string[]): void {
  const r = spawnSync('pnpm', args, { cwd: root, stdio: 'ignore', timeout: 600_000 });
  if (r.error) throw r.error;
}

export default async function storybook(h: Harness): Promise<void> {
  const started = performance.now();
  run(['-s', 'build-storybook', '--quiet']);
  const buildSeconds = (performance.now() - started) / 1000;
  run(['-s', 'test:visual']);
  const report = JSON.parse(
    readFileSync(join(root, '.storybook', '.reports', 'visual.json'), 'utf8'),
  ) as {
    stories: number;
    storiesWithControls: number;
    visualFailing: number;
    axeSerious: number;
  };
  h.figure('storybook.stories', report.stories, 'stories');
  h.figure('storybook.stories_with_controls', report.storiesWithControls, 'stories', 'all');
  h.figure('storybook.visual.failing', report.visualFailing, 'stories', '0');
  h.figure('storybook.axe.serious', report.axeSerious, 'violations', '0');
  h.figure('storybook.build.s', buildSeconds, 's', 'report');
}
