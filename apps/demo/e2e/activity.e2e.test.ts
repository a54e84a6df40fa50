/**
 * Activity, notifications, watches, "Paused now" and webhooks (issue 12, MODEL W1–W7): the PX
 * admin's bell and open Engagements page follow a launcher's pause in another browser without
 * reload; "Paused now" across the products she belongs to; the activity filters; watch and
 * unwatch; the webhook receiver's verified deliveries. Uses `nps-q3` (launched, then paused
 * again: it ends as seeded) and no object other files use.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

const unread = async (page: Page) =>
  Number(await page.getByTestId('bell').getAttribute('data-unread'));
const ENGAGEMENT = 'nps-q3';
const TITLE = 'NPS survey Q3';

describe('activity and notifications', () => {
  seedTask(
    'activity.live-pause',
    "A launcher pauses a production engagement; the PX admin's bell and open Engagements page follow without reload",
    async () => {
      const admin = await signIn(browser(), url, 'pad');
      await go(admin, '/engagements', 'Engagements');
      const row = admin.locator(`tr[data-engagement="${ENGAGEMENT}"]`);
      // she watches it (MODEL W2), with the keyboard
      const watch = row.getByRole('button', { name: `Watch ${TITLE}` });
      await expect.poll(() => watch.getAttribute('aria-disabled')).toBe('false');
      await watch.focus();
      await admin.keyboard.press('Enter');
      await row.getByRole('button', { name: `Stop watching ${TITLE}`, pressed: true }).waitFor();
      await row.getByRole('button', { name: 'History', exact: true }).click();
      await admin.getByTestId(`history-${ENGAGEMENT}`).locator('span, ul').first().waitFor();
      const before = await unread(admin);

      const launcher = await signIn(browser(), url, 'pla');
      await go(launcher, '/engagements', 'Engagements');
      const theirs = launcher.locator(`tr[data-engagement="${ENGAGEMENT}"]`);
      await theirs.getByRole('button', { name: `Launch ${TITLE}`, exact: true }).click();
      await theirs.locator('.state', { hasText: 'Active' }).waitFor();
      // the admin's page: active, a Pause button, one more unread (no reload)
      await row.locator('.state', { hasText: 'Active' }).waitFor();
      await row.getByRole('button', { name: `Pause ${TITLE}`, exact: true }).waitFor();
      await expect.poll(() => unread(admin)).toBe(before + 1);

      await theirs.getByRole('button', { name: `Pause ${TITLE}`, exact: true }).click();
      const paused = Date.now();
      await row.locator('.state', { hasText: 'Paused' }).waitFor();
      await expect.poll(() => unread(admin)).toBe(before + 2);
      console.log(`activity.e2e.notify_ms ${Date.now() - paused} (pause click → bell)`);
      // state, buttons and history agree: paused, Launch (no Pause), "Paused by Lou Launcher" first
      expect(await row.getByRole('button', { name: `Pause ${TITLE}`, exact: true }).count()).toBe(
        0,
      );
      await row.getByRole('button', { name: `Launch ${TITLE}`, exact: true }).waitFor();
      await expect
        .poll(() => admin.getByTestId(`history-${ENGAGEMENT}`).locator('li').first().textContent())
        .toMatch(/^Paused by Lou Launcher at /);
      // the live region announced it; the panel lists it; mark it read
      await expect
        .poll(() => admin.getByTestId('bell-live').textContent())
        .toContain(`Lou Launcher paused the engagement “${TITLE}”`);
      await admin.getByTestId('bell').click();
      const panel = admin.getByRole('dialog', { name: 'Notifications' });
      const item = panel.locator('li', {
        hasText: `Lou Launcher paused the engagement “${TITLE}”`,
      });
      await item.first().waitFor();
      await checkScreen(admin, 'activity.live-pause');
      await item
        .first()
        .getByRole('button', { name: /^Mark read/ })
        .click();
      await expect.poll(() => unread(admin)).toBe(before + 1);
      await panel.getByRole('button', { name: 'Mark all read' }).click();
      await expect.poll(() => unread(admin)).toBe(0);
      await admin.keyboard.press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
      expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'bell',
      );
      await launcher.context().close();
      await admin.context().close();
    },
  );

  seedTask(
    'activity.paused-now',
    'The PX admin sees every paused engagement of every product she belongs to, with who paused it and when',
    async () => {
      const page = await signIn(browser(), url, 'pad');
      await go(page, '/paused', 'Paused now');
      const table = page.getByTestId('paused-now');
      await table.waitFor();
      const products = await table.locator('tbody tr td:nth-child(2)').allTextContents();
      for (const p of ['Acme (PX Core)', 'PX Web', 'PX Mobile', 'PX Internal'])
        expect(products).toContain(p);
      const web = table.locator('tr[data-paused="px-web:px-web-release-notes"]');
      expect(await web.locator('td').nth(2).textContent()).toBe('Lou Launcher');
      expect(await web.locator('td').nth(1).textContent()).toBe('Production');
      expect(await web.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-/);
      const mobile = table.locator('tr[data-paused="px-mobile:px-mobile-tooltip-tour"]');
      expect(await mobile.locator('td').nth(2).textContent()).toBe('Pat PX Admin');
      // acme's nps-q3 was paused by the launcher in the first task
      const acme = table.locator(`tr[data-paused="acme:${ENGAGEMENT}"]`);
      expect(await acme.locator('td').nth(2).textContent()).toBe('Lou Launcher');
      // no active engagement is listed
      expect(await table.locator('tr[data-paused$="-onboarding"]').count()).toBe(0);
      await checkScreen(page, 'activity.paused-now');
      await page.context().close();
    },
  );

  seedTask(
    'activity.filters',
    'The PX admin filters the activity by change, person, environment and date',
    async () => {
      const page = await signIn(browser(), url, 'pad');
      await go(page, '/activity', 'Activity');
      const list = page.getByTestId('activity-list');
      await list.locator('li').first().waitFor();
      await page.getByLabel('Change', { exact: true }).selectOption('pause');
      await expect
        .poll(async () => [
          ...new Set(
            await list
              .locator('li')
              .evaluateAll((l) => l.map((e) => (e as HTMLElement).dataset.action)),
          ),
        ])
        .toEqual(['pause']);
      await page.getByLabel('By', { exact: true }).selectOption('pla');
      await expect
        .poll(() => list.locator('li').first().textContent())
        .toContain(`Lou Launcher paused the engagement “${TITLE}”`);
      expect(
        new Set(
          await list
            .locator('li')
            .evaluateAll((l) => l.map((e) => (e as HTMLElement).dataset.actor)),
        ),
      ).toEqual(new Set(['pla']));
      await page.getByLabel('Environment', { exact: true }).selectOption('staging');
      await page.getByText('No change matches these filters.').waitFor();
      await page.getByLabel('Environment', { exact: true }).selectOption('production');
      await list.locator('li').first().waitFor();
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('Since', { exact: true }).fill(tomorrow);
      await page.getByText('No change matches these filters.').waitFor();
      await page.getByLabel('Since', { exact: true }).fill('');
      await list.locator('li').first().waitFor();
      await checkScreen(page, 'activity.filters');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => page.getByLabel('Change', { exact: true }).inputValue()).toBe('');
      await page.context().close();
    },
  );

  seedTask('activity.watch', 'An admin watches a dashboard, then stops watching it', async () => {
    const page = await signIn(browser(), url, 'ada');
    await go(page, '/dashboards', 'Dashboards');
    const button = page.getByRole('button', { name: /^Watch / }).first();
    await expect.poll(() => button.getAttribute('aria-disabled')).toBe('false');
    const name = (await button.getAttribute('aria-label'))!.replace(/^Watch /, '');
    await button.click();
    const on = page.getByRole('button', { name: `Stop watching ${name}`, exact: true });
    await expect.poll(() => on.getAttribute('aria-pressed')).toBe('true');
    // stored on the server: after a reload it is still watched
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboards' }).waitFor();
    await expect.poll(() => on.getAttribute('aria-pressed')).toBe('true');
    await checkScreen(page, 'activity.watch');
    await on.click();
    const off = page.getByRole('button', { name: `Watch ${name}`, exact: true });
    await expect.poll(() => off.getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboards' }).waitFor();
    await expect.poll(() => off.getAttribute('aria-disabled')).toBe('false');
    expect(await off.getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });

  seedTask(
    'activity.webhook',
    "A tenant admin sees the launcher's pause arrive at the webhook receiver, signature verified",
    async () => {
      const page = await signIn(browser(), url, 'sam');
      await go(page, '/webhooks', 'Webhook deliveries');
      const log = page.getByTestId('webhook-log');
      const row = log
        .locator('tr[data-verified="true"]', {
          hasText: `Lou Launcher paused the engagement “${TITLE}”`,
        })
        .first();
      await row.waitFor();
      expect(await row.locator('.badge').textContent()).toBe('Verified');
      expect(await row.locator('code').textContent()).toMatch(/^acme:\d+$/);
      expect(await log.locator('tr[data-verified="false"]').count()).toBe(0);
      await checkScreen(page, 'activity.webhook');
      await page.context().close();
    },
  );
});
