/**
 * "Paused now" and the bell follow every product live (issue 12, MODEL W5, W7): the PX admin
 * has Paused now open; a launcher pauses an engagement of another product (PX Internal,
 * through that product's tenant); the row appears and her bell counts it, without reload.
 * Uses `px-internal-upsell` (paused, then launched again: it ends as seeded) and a watch of
 * the admin's own in PX Internal (removed at the end); no object other files use.
 */
import { createHmacAuth } from '@grantkit/server';
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

const PRODUCT = 'px-internal';
const ENGAGEMENT = `${PRODUCT}-upsell`;
const target = { type: 'engagement', id: ENGAGEMENT };
// the e2e demo runs with the dev secret (scripts/start.ts); a token of the other product's tenant
const auth = createHmacAuth({
  secret: process.env.GRANTKIT_SECRET ?? 'grantkit-demo-dev-secret-not-for-production',
});
/** Posts `op` as `userId` of PX Internal (the dev sign-in signs only for the demo tenant). */
async function op(userId: string, name: string, args: unknown): Promise<void> {
  const res = await fetch(new URL(`/api/ops/${name}`, url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${auth.sign({ tenant: PRODUCT, userId })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(args),
  });
  expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
}
const unread = async (page: Page) =>
  Number(await page.getByTestId('bell').getAttribute('data-unread'));

describe('activity across products, live', () => {
  seedTask(
    'activity.paused-now-live',
    "A launcher pauses an engagement in another product; the PX admin's open Paused now lists it and her bell counts it, without reload",
    async () => {
      // the PX admin watches the engagement in PX Internal (MODEL W2; no screen of that product here)
      await op('pad', 'watch', { target });
      const admin = await signIn(browser(), url, 'pad');
      await go(admin, '/paused', 'Paused now');
      const table = admin.getByTestId('paused-now');
      await table.waitFor();
      const row = table.locator(`tr[data-paused="${PRODUCT}:${ENGAGEMENT}"]`);
      expect(await row.count()).toBe(0);
      // her notifications of every product are listed and heard (the bell's list is ready)
      await admin.locator('[data-testid="bell"][data-status="ready"]').waitFor();
      const before = await unread(admin);
      // a marker a reload would lose
      await admin.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });

      await op('pla', 'transition', { resource: target, action: 'pause' });
      const paused = Date.now();
      await row.waitFor();
      console.log(`activity-live.e2e.paused_now_ms ${Date.now() - paused} (pause → row)`);
      expect(await row.locator('th').textContent()).toContain('Upgrade offer');
      expect(await row.locator('td').nth(0).textContent()).toBe('PX Internal');
      expect(await row.locator('td').nth(1).textContent()).toBe('Production');
      expect(await row.locator('td').nth(2).textContent()).toBe('Lou Launcher');
      await expect.poll(() => unread(admin)).toBe(before + 1);
      // the bell names the product it came from
      await expect
        .poll(() => admin.getByTestId('bell-live').textContent())
        .toMatch(/Lou Launcher paused .* in PX Internal/);
      expect(
        await admin.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
      ).toBe(true);
      await admin.getByTestId('bell').click();
      const panel = admin.getByRole('dialog', { name: 'Notifications' });
      await panel.locator('li', { hasText: 'PX Internal' }).first().waitFor();
      await checkScreen(admin, 'activity.paused-now-live');
      await admin.keyboard.press('Escape');

      // as seeded again: the launcher launches it, the row leaves live; she stops watching
      await op('pla', 'transition', { resource: target, action: 'launch' });
      await expect.poll(() => row.count()).toBe(0);
      await expect.poll(() => unread(admin)).toBe(before + 2);
      await op('pad', 'unwatch', { target });
      await admin.context().close();
    },
  );
});
