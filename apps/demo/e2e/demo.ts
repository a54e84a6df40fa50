/** Helpers of the end-to-end tests: sign in, go to a screen, read what the screen shows. */
import { createModel, loadSchema } from '@grantkit/core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import schemaJson from '../src/schema.json' with { type: 'json' };
import { seedWorld } from '../src/seed/index.ts';
import type { Browser } from './browser.ts';

export const SESSION_KEY = 'grantkit-demo:session';

/** The seeded world as core sees it, to pick fixtures (not to judge the app). */
export const seedModel = () => createModel(loadSchema(schemaJson), seedWorld());

/** A dev sign-in token (POST /api/dev/login). */
export async function devToken(url: string, userId: string): Promise<string> {
  const res = await fetch(new URL('/api/dev/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Opens the app in a fresh context (its own storage) and signs in as `userId` through the sign-in screen. */
export async function signIn(browser: Browser, url: string, userId: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[${userId}] page error:`, e.message));
  await page.goto(url);
  await page.locator(`[data-user="${userId}"]`).click();
  await page.locator('.grants-status[data-status="ready"]').waitFor();
  await page.locator('main h1').waitFor();
  return page;
}

async function goOnce(page: Page, route: string, heading?: string): Promise<void> {
  await page.evaluate((r) => {
    location.hash = r;
  }, route);
  if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/**
 * Goes to a screen by its route (`/dashboards`) and waits for its heading; once more if the
 * sign-in's own redirect replaced the page under it.
 */
export async function go(page: Page, route: string, heading?: string): Promise<void> {
  try {
    await goOnce(page, route, heading);
  } catch (error) {
    if (!String(error).includes('Execution context was destroyed')) throw error;
    await page.waitForLoadState();
    await goOnce(page, route, heading);
  }
}

/** The page ids of the navigation menu. */
export const menuOf = (page: Page): Promise<string[]> =>
  page
    .locator('[data-testid="menu"] [data-page]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.page ?? ''));

/** Posts an admin op with the page's own session (as the signed-in user), returns status + body. */
export function opFromPage(
  page: Page,
  op: string,
  args: Record<string, unknown>,
): Promise<{ status: number; body: { error?: { rule?: string; message?: string } } }> {
  return page.evaluate(
    async ([key, op, args]) => {
      const { token } = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token: string };
      const res = await fetch(`/api/ops/${op}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return { status: res.status, body: await res.json() };
    },
    [SESSION_KEY, op, args] as const,
  );
}

/** No serious or critical axe violation. */
export function expectAccessible(violations: string[]): void {
  expect(violations, violations.join('\n')).toEqual([]);
}
