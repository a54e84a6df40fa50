/**
 * Global setup of the end-to-end tests: starts README command 1's process on an empty data
 * directory (PORT=0), measures the time until the app answers and the page's first load
 * (navigation → dashboards listing rendered, cold and warm), and stops it after.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RunningDemo, startDemo, stopDemo } from '../scripts/spawnDemo.ts';
import { launchBrowser } from './browser.ts';
import { devToken, SESSION_KEY } from './demo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoUrl: string;
    figures: Record<string, number>;
  }
}

async function until(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error('the demo did not answer in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Navigation → the dashboards listing rendered, in ms (performance.now() in the page). */
async function firstLoad(url: string): Promise<number> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const token = await devToken(url, 'eve');
    await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [
      SESSION_KEY,
      JSON.stringify({ userId: 'eve', token }),
    ] as const);
    const page = await context.newPage();
    await page.goto(`${url}#/dashboards`);
    await page.locator('table.assets tr[data-asset]').first().waitFor({ timeout: 60_000 });
    return Math.round(await page.evaluate(() => performance.now()));
  } finally {
    await browser.close();
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantkit-e2e-'));
  const started = performance.now();
  let demo: RunningDemo | undefined;
  try {
    demo = await startDemo(dataDir);
    const url = demo.url;
    await until(async () => {
      const [page, health] = await Promise.all([fetch(url), fetch(new URL('/api/health', url))]);
      return page.ok && health.ok;
    }, 60_000);
    const startupMs = Math.round(performance.now() - started);
    const coldLoadMs = await firstLoad(url);
    const warmLoadMs = await firstLoad(url);
    const figures = { startupMs, coldLoadMs, warmLoadMs };
    const dir = join(import.meta.dirname, '..', 'artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(
      `demo figures: empty data dir → app answering ${startupMs} ms; first load (navigation → dashboards rendered) cold ${coldLoadMs} ms, warm ${warmLoadMs} ms`,
    );
    project.provide('demoUrl', url);
    project.provide('figures', figures);
  } catch (error) {
    await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return async () => {
    await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
