/** Engagement lifecycle in production and staging (MODEL E1–E5) and the audit log. */
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, opFromPage, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

describe('engagements', () => {
  seedTask(
    'engagements.pause-staging-only',
    'A PX manager may pause in staging but not in production (greyed with the reason, E3 from the server)',
    async () => {
      const page = await signIn(browser(), url, 'pma');
      await go(page, '/engagements', 'Engagements');
      const prod = page.locator('tr[data-engagement="welcome-tour"]');
      const pause = prod.getByRole('button', { name: 'Pause Welcome tour', exact: true });
      await pause.waitFor();
      expect(await pause.getAttribute('aria-disabled')).toBe('true');
      await pause.hover();
      await page.getByRole('tooltip').filter({ hasText: 'Pause: needs pause' }).waitFor();
      await pause.click({ force: true });
      expect(await prod.locator('.state').textContent()).toBe('Active');
      // the server enforces the same (MODEL C5)
      const direct = await opFromPage(page, 'transition', {
        resource: { type: 'engagement', id: 'welcome-tour' },
        action: 'pause',
      });
      expect(direct.status).toBe(403);
      expect(direct.body.error?.rule).toBe('E3');

      const staging = page.locator('tr[data-engagement="welcome-tour-stg"]');
      await staging.getByRole('button', { name: /^Pause/ }).click();
      await staging.locator('.state', { hasText: 'Paused' }).waitFor();
      await page.context().close();
    },
  );

  seedTask(
    'engagements.who-paused',
    'A production launcher pauses in production; "who paused this?" names them',
    async () => {
      const page = await signIn(browser(), url, 'pla');
      await go(page, '/engagements', 'Engagements');
      const row = page.locator('tr[data-engagement="welcome-tour"]');
      await row.getByRole('button', { name: 'Pause Welcome tour', exact: true }).click();
      await row.locator('.state', { hasText: 'Paused' }).waitFor();
      await row.getByRole('button', { name: 'History', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('history-welcome-tour').textContent())
        .toMatch(/Paused by Lou Launcher at /);
      await checkScreen(page, 'engagements.who-paused');
      await page.context().close();
    },
  );

  seedTask('audit.who-paused-in-log', 'lists the change in the tenant audit log', async () => {
    const page = await signIn(browser(), url, 'sam');
    await go(page, '/audit', 'Audit log');
    const row = page.locator('table.audit tbody tr', { hasText: 'welcome-tour' }).filter({
      hasText: 'Lou Launcher',
    });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('pause');
    await checkScreen(page, 'audit.who-paused-in-log.audit-log');
    await page.context().close();
  });
});
