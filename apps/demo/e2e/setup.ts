/**
 * Global setup of the end-to-end tests: starts README command 1's process on an empty data
 * directory (PORT=0), measures the time until the app answers and the page's first load
 * (navigation → dashboards listing rendered, cold and warm), and stops it after.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RunningDemo, startDemo, stopDemo } from '../scripts/spawnDemo.ts';
import { launchBrowser } from './browser.ts';
import { devToken, SESSION_KEY } from './demo.ts';
import { AXE_FILE, SEED_TASKS_FILE } from './seedTask.ts';

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

const readJsonl = <T>(file: string): T[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as T)
    : [];

const FIGURES_FILE = join(import.meta.dirname, '..', 'artifacts', 'figures.json');

/** After the run: the seed tasks that passed and the serious axe violations, into figures.json. */
function writeRunFigures(figures: Record<string, number>): void {
  const tasks = readJsonl<{ id: string; passed: boolean }>(SEED_TASKS_FILE);
  const passed = new Set(tasks.filter((t) => t.passed).map((t) => t.id));
  const failed = new Set(tasks.filter((t) => !t.passed).map((t) => t.id));
  const axe = readJsonl<{ serious: number }>(AXE_FILE);
  const all = {
    ...figures,
    'demo.first_load.ms': figures.coldLoadMs ?? 0,
    'demo.seed_tasks.passing': [...passed].filter((id) => !failed.has(id)).length,
    'demo.seed_tasks.total': new Set(tasks.map((t) => t.id)).size,
    'demo.axe.serious': axe.reduce((sum, a) => sum + a.serious, 0),
    'demo.axe.screens': axe.length,
  };
  writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, 2)}\n`);
  const line = `demo: seed tasks ${all['demo.seed_tasks.passing']} of ${all['demo.seed_tasks.total']} passing; axe serious ${all['demo.axe.serious']} on ${all['demo.axe.screens']} screens; first load ${all['demo.first_load.ms']} ms\n`;
  process.stdout.write(line);
  // a line for the summary of `npm test` (scripts/test-all.mjs)
  const reports = join(import.meta.dirname, '..', '.reports');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'seed-tasks.summary.txt'), line);
}

export default async function setup(project: TestProject) {
  rmSync(SEED_TASKS_FILE, { force: true });
  rmSync(AXE_FILE, { force: true });
  let figures: Record<string, number> = {};
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
    figures = { startupMs, coldLoadMs, warmLoadMs };
    mkdirSync(dirname(FIGURES_FILE), { recursive: true });
    writeFileSync(FIGURES_FILE, `${JSON.stringify(figures, null, 2)}\n`);
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
    writeRunFigures(figures);
    await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
