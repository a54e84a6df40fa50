/**
 * Seed tasks: what the seeds' users do in their products, one e2e test each, signed in as the
 * seed's user. `seedTask` records whether the task passed (artifacts/seed-tasks.jsonl), and
 * `checkScreen` runs axe (serious and critical violations fail the task and are counted) and
 * saves a screenshot `artifacts/seed-<id>.png`. The global setup (e2e/setup.ts) sums both into
 * `artifacts/figures.json` (`demo.seed_tasks.passing`, `demo.axe.serious`).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { it } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';
import { expectAccessible } from './demo.ts';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
export const SEED_TASKS_FILE = join(ARTIFACTS, 'seed-tasks.jsonl');
export const AXE_FILE = join(ARTIFACTS, 'axe.jsonl');

function record(file: string, entry: object): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/**
 * One seed task as an e2e test: `seedTask('groups.create', 'A sharing admin creates a user group', …)`.
 * The id is stable (`<area>.<task>`); the title says what the seed's user does.
 */
export function seedTask(
  id: string,
  title: string,
  fn: () => Promise<void>,
  timeout?: number,
): void {
  it(
    `seed task ${id}: ${title}`,
    async () => {
      try {
        await fn();
        record(SEED_TASKS_FILE, { id, title, passed: true });
      } catch (error) {
        record(SEED_TASKS_FILE, { id, title, passed: false });
        throw error;
      }
    },
    timeout,
  );
}

/**
 * Axe on the page as it is now (serious and critical violations are recorded and fail the
 * test) and a screenshot `artifacts/seed-<name>.png`, to be looked at.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, `seed-${name}`);
  const violations = await seriousViolations(page);
  record(AXE_FILE, { screen: name, serious: violations.length, violations });
  expectAccessible(violations);
}
