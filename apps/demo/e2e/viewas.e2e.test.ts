/** A super admin viewing as another user sees what they see and changes nothing (MODEL A11). */
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { devToken, go, menuOf, opFromPage, seedModel, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const model = seedModel();
const browser = chromiumForThisFile();

describe('view as', () => {
  seedTask(
    'viewas.checks-as-viewed',
    'answers every check as the viewed user and refuses every change (A11)',
    async () => {
      const own = (model.toWorld().resources ?? []).find(
        (r) => r.type === 'dashboard' && r.owner === 'eve' && r.sharing === 'private',
      )!;
      const page = await signIn(browser(), url, 'sam');
      const full = await menuOf(page);
      await page.getByLabel('View as').selectOption('eve');
      await page.getByTestId('viewas-banner').waitFor();
      await page.locator('.grants-status[data-status="ready"]').waitFor();
      await expect.poll(async () => [...(await menuOf(page))].sort()).toEqual(model.menu('eve'));
      expect(full.length).toBeGreaterThan(model.menu('eve').length);

      await go(page, '/dashboards', 'Dashboards');
      await page.locator(`[data-folder="${own.parent}"]`).click();
      const title = String(own.fields?.title);
      // the change is greyed with the reason before the click (A12) ...
      const manage = page.getByRole('button', { name: `Manage permissions ${title}` });
      await expect.poll(() => manage.getAttribute('aria-disabled')).toBe('true');
      await manage.focus();
      await page.getByRole('tooltip').filter({ hasText: 'you are viewing as Eve East' }).waitFor();
      await manage.click({ force: true });
      expect(await page.getByRole('dialog').count()).toBe(0);
      // ... and the server refuses it all the same (A11)
      const direct = await opFromPage(page, 'share?viewAs=eve', {
        asset: own.id,
        user: 'eli',
        level: 'view',
      });
      expect(direct.body.error?.rule).toBe('A11');
      await checkScreen(page, 'viewas.checks-as-viewed.view-as');

      // nothing changed: the dashboard's audit trail holds no share
      const token = await devToken(url, 'sam');
      const res = await fetch(new URL(`/api/audit?type=dashboard&id=${own.id}`, url), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await res.json()) as { action: string }[]).map((a) => a.action)).not.toContain(
        'share',
      );

      await page.getByRole('button', { name: 'Stop viewing as' }).click();
      await expect.poll(() => menuOf(page)).toEqual(full);
      await page.context().close();
    },
  );
});
