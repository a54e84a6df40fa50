/**
 * `pnpm test:visual [--update]`: every story of the static Storybook build
 * (`storybook-static`, served here on 127.0.0.1) rendered in Debian's Chromium at a fixed
 * viewport after its play function, compared with its committed baseline PNG in
 * `.storybook/visual-baselines/` (pixelmatch, a small tolerance), and checked with axe-core
 * under the a11y addon's rules (.storybook/axe-rules.ts). On a difference the actual and the
 * diff image land in `.storybook/.reports/visual/` (gitignored); `--update` rewrites the
 * baselines. Writes `.storybook/.reports/visual.json` for the test summary and the bench.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import pixelmatch from 'pixelmatch';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { axeOptions, FAILING_IMPACTS } from '../.storybook/axe-rules.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const root = join(import.meta.dirname, '..');
const staticDir = join(root, 'storybook-static');
const baselines = join(root, '.storybook', 'visual-baselines');
const reports = join(root, '.storybook', '.reports');
const diffs = join(reports, 'visual');
const update = process.argv.includes('--update');
const VIEWPORT = { width: 800, height: 560 };
/** Pixels whose colour differs beyond pixelmatch's threshold; more than this fails. */
const MAX_DIFF_RATIO = 0.001;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

if (!existsSync(join(staticDir, 'index.json'))) {
  console.error('storybook-static is missing: run `pnpm build-storybook` first');
  process.exit(2);
}

// A plain static file server, as a published Storybook would be served.
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  const file = join(staticDir, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(staticDir) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; type: string; title: string; name: string }>;
};
const stories = Object.values(index.entries).filter((e) => e.type === 'story');
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

const profile = mkdtempSync(join(tmpdir(), 'grantkit-visual-'));
const context = await chromium.launchPersistentContext(profile, {
  viewport: VIEWPORT,
  deviceScaleFactor: 1,
  reducedMotion: 'reduce',
  colorScheme: 'light',
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS, '--font-render-hinting=none', '--disable-lcd-text'],
});
const page = context.pages()[0] ?? (await context.newPage());

mkdirSync(baselines, { recursive: true });
mkdirSync(diffs, { recursive: true });
const failures: string[] = [];
let axeSerious = 0;
let withControls = 0;
let updated = 0;
const started = performance.now();
for (const story of stories) {
  const label = `${story.title} › ${story.name}`;
  try {
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`);
    // The story is rendered and its play function has finished (or failed).
    await page.waitForFunction(
      (DONE) => {
        const phase = (window as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } })
          .__STORYBOOK_PREVIEW__?.currentRender?.phase;
        return phase !== undefined && DONE.includes(phase);
      },
      ['completed', 'finished', 'errored', 'aborted'],
      { timeout: 60_000 },
    );
    const { phase, controls } = await page.evaluate(() => {
      const render = (
        window as {
          __STORYBOOK_PREVIEW__?: {
            currentRender?: { phase?: string; story?: { argTypes?: Record<string, unknown> } };
          };
        }
      ).__STORYBOOK_PREVIEW__?.currentRender;
      return { phase: render?.phase, controls: Object.keys(render?.story?.argTypes ?? {}).length };
    });
    if (controls > 0) withControls++;
    if (phase !== 'completed' && phase !== 'finished')
      failures.push(`${label}: the story or its play function ${phase}`);
    await page.evaluate(() => document.fonts.ready);

    const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
    const file = join(baselines, `${story.id}.png`);
    if (update || !existsSync(file)) {
      if (!update) failures.push(`${label}: no baseline (run \`pnpm test:visual --update\`)`);
      writeFileSync(update ? file : join(diffs, `${story.id}.actual.png`), png);
      if (update) updated++;
    } else {
      const actual = PNG.sync.read(png);
      const expected = PNG.sync.read(readFileSync(file));
      const { width, height } = expected;
      const sameSize = actual.width === width && actual.height === height;
      const diff = new PNG({ width, height });
      const changed = sameSize
        ? pixelmatch(expected.data, actual.data, diff.data, width, height, { threshold: 0.1 })
        : width * height;
      if (changed > width * height * MAX_DIFF_RATIO) {
        failures.push(`${label}: ${changed} pixels differ from ${file}`);
        writeFileSync(join(diffs, `${story.id}.actual.png`), png);
        if (sameSize) writeFileSync(join(diffs, `${story.id}.diff.png`), PNG.sync.write(diff));
      }
    }

    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async (options) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run(document.querySelector('#storybook-root') ?? document, options);
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
    }, axeOptions);
    const serious = violations.filter((v) =>
      (FAILING_IMPACTS as readonly string[]).includes(v.impact ?? ''),
    );
    axeSerious += serious.length;
    for (const v of serious) failures.push(`${label}: axe ${v.impact} ${v.id}: ${v.help}`);
  } catch (error) {
    failures.push(`${label}: ${(error as Error).message.split('\n')[0]}`);
  }
}
await context.close();
server.close();
rmSync(profile, { recursive: true, force: true });

const failing = new Set(failures.map((f) => f.split(': ')[0])).size;
const seconds = (performance.now() - started) / 1000;
writeFileSync(
  join(reports, 'visual.json'),
  JSON.stringify(
    {
      numPassedTests: stories.length - failing,
      numFailedTests: failing,
      stories: stories.length,
      storiesWithControls: withControls,
      visualFailing: failing,
      axeSerious,
      seconds,
    },
    null,
    2,
  ),
);
for (const f of failures) console.error(`✗ ${f}`);
console.log(
  `visual: ${stories.length} stories, ${failing} failing, ${axeSerious} serious axe violations` +
    `${update ? `, ${updated} baselines written` : ''} (${seconds.toFixed(1)} s)`,
);
process.exit(failing === 0 ? 0 : 1);
