/** Helpers of the Sharing Settings e2e tests: reason tooltips and server reads as the page's user. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SESSION_KEY } from './demo.ts';

/** The reason tooltip of a greyed control, shown on hover. */
export async function reasonOf(page: Page, control: Locator): Promise<string> {
  await eventually(() => control.getAttribute('aria-disabled')).toBe('true');
  await control.hover();
  const id = await control.getAttribute('aria-describedby');
  const tip = page.locator(`[id="${id}"]`);
  await tip.waitFor();
  return (await tip.textContent()) ?? '';
}

/** A read view of the server (`/world/…`) with the page's own session. */
export const worldFromPage = (page: Page, path: string): Promise<unknown> =>
  page.evaluate(
    async ([key, path]) => {
      const { token } = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token: string };
      const res = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${token}` } });
      return res.json();
    },
    [SESSION_KEY, path] as const,
  );

/** `expect.poll` with room for a busy machine: the screen reloads after each change. */
export const eventually = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 20_000, interval: 100 });
