/**
 * Real Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no downloaded browser), plus axe-core injected into the page.
 * One browser per test file; each signed-in user gets an isolated context (its own
 * storage, like a separate browser).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';

const require = createRequire(import.meta.url);

export interface Browser {
  /** A fresh, isolated context (cookies, storage) with one page. */
  newPage(): Promise<Page>;
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Starts headless Chromium. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  const newContext = () => browser.newContext({ viewport: { width: 1280, height: 860 } });
  return {
    newContext,
    async newPage() {
      return (await newContext()).newPage();
    },
    close: () => browser.close(),
  };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe in the page and returns the serious and critical violations as `id: help (n nodes)`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes
            .slice(0, 3)
            .map((n) => JSON.stringify(n.target))
            .join(', ')})`,
      );
  });
}

/** Saves a full-page screenshot under apps/demo/artifacts/ (kept by CI as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(import.meta.dirname, '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // a modal dialog: the viewport it covers (a full page would show the backdrop cut off)
  const modal = (await page.locator('dialog[open]').count()) > 0;
  await page.screenshot({ path, fullPage: !modal });
  return path;
}

/** One Chromium for the test file that calls it: started before its tests, closed after. */
export function chromiumForThisFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('the browser starts in beforeAll');
    return browser;
  };
}
