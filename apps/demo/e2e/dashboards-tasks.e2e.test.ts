/**
 * Seed tasks of the dashboard listing: create a dashboard and a folder (MODEL A3, A10a), open
 * a share link, greyed-out moves for a viewer (A10, A12), the admin level greyed out for a
 * non-super admin (A8) and a confirmation before leaving "Specific people" (A9).
 * Each task creates and changes its own assets only.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, opFromPage, seedModel, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const model = seedModel();
const world = model.toWorld();
const dashboards = (world.resources ?? []).filter((r) => r.type === 'dashboard');
const title = (id: string) => String(dashboards.find((d) => d.id === id)?.fields?.title ?? id);
const can = (user: string, action: string, id: string) =>
  model.check(user, action, { type: 'dashboard', id });
const browser = chromiumForThisFile();
const stamp = Date.now().toString(36);

describe('dashboard seed tasks', () => {
  seedTask(
    'dashboards.create-dashboard',
    'A dashboard author creates a dashboard in Home; it is listed, private, owned by her',
    async () => {
      const page = await signIn(browser(), url, 'eve');
      await go(page, '/dashboards', 'Dashboards');
      await page.getByRole('button', { name: 'New dashboard' }).click();
      const dialog = page.getByRole('dialog', { name: 'New dashboard' });
      await dialog.getByLabel('Name').fill(`Renewal risk ${stamp}`);
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByText(`Dashboard “Renewal risk ${stamp}” created in Home.`).waitFor();
      const row = page.locator('tr[data-asset]', { hasText: `Renewal risk ${stamp}` });
      await row.waitFor();
      expect(await row.locator('td').nth(2).textContent()).toBe('Eve East');
      expect(await row.locator('td').nth(3).textContent()).toBe('Private');
      await checkScreen(page, 'dashboards.create-dashboard');
      await page.context().close();
    },
  );

  seedTask(
    'dashboards.create-folder',
    'A dashboard author creates a folder and opens it; a fourth folder level is greyed with the reason',
    async () => {
      const page = await signIn(browser(), url, 'eve');
      await go(page, '/dashboards', 'Dashboards');
      await page.getByRole('button', { name: 'New folder' }).click();
      const dialog = page.getByRole('dialog', { name: 'New folder' });
      await dialog.getByLabel('Name').fill(`QBR decks ${stamp}`);
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByText(`Folder “QBR decks ${stamp}” created in Home.`).waitFor();
      await page.getByRole('table', { name: `Contents of QBR decks ${stamp}` }).waitFor();
      await page
        .getByRole('navigation', { name: 'Folders' })
        .getByText(`QBR decks ${stamp}`)
        .waitFor();
      // Home > Customer Success > East is the third level (MODEL A4): no folder below it.
      await page.locator('[data-folder="cs-east"]').click();
      const newFolder = page.getByRole('button', { name: 'New folder' });
      await expect.poll(() => newFolder.getAttribute('aria-disabled')).toBe('true');
      await newFolder.focus();
      await page
        .getByRole('tooltip')
        .filter({ hasText: 'folders nest at most 3 levels deep' })
        .waitFor();
      await checkScreen(page, 'dashboards.create-folder');
      await page.context().close();
    },
  );

  seedTask(
    'dashboards.share-link',
    'A CSM copies a dashboard’s share link; a colleague who may view it opens it',
    async () => {
      // one that stays in Home: dashboards.e2e moves some Eli administers, and deletes Eve's own
      const target = dashboards.find(
        (d) =>
          (d.parent ?? 'home') === 'home' &&
          can('eve', 'share', d.id) &&
          !can('eve', 'admin', d.id) &&
          can('eli', 'view', d.id) &&
          !can('eli', 'admin', d.id),
      )!;
      const eve = await signIn(browser(), url, 'eve');
      await go(eve, '/dashboards', 'Dashboards');
      await eve.getByRole('button', { name: `Share ${title(target.id)}` }).click();
      const share = eve.getByRole('dialog', { name: `Share ${title(target.id)}` });
      await eve.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
      await share.getByRole('button', { name: 'Copy link' }).click();
      await share.getByText('Copied.').waitFor();
      const link = await eve.evaluate(() => navigator.clipboard.readText());
      expect(link).toBe(await share.getByLabel('Link').inputValue());
      expect(link).toMatch(new RegExp(`/#/dashboards\\?open=${target.id}$`));
      await eve.context().close();

      const eli = await signIn(browser(), url, 'eli');
      await go(eli, new URL(link).hash.slice(1));
      const opened = eli.getByRole('dialog', { name: `Viewing ${title(target.id)}` });
      await opened.waitFor();
      await checkScreen(eli, 'dashboards.share-link');
      await opened.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => eli.evaluate(() => location.hash)).toBe('#/dashboards');
      await eli.context().close();
    },
  );

  seedTask(
    'dashboards.viewer-move-greyed',
    'A viewer-analytics user sees the selection checkboxes and “Move selected…” greyed with the reason',
    async () => {
      const page = await signIn(browser(), url, 'val');
      await go(page, '/dashboards', 'Dashboards');
      const first = page.locator('tbody tr[data-asset] input[type=checkbox]').first();
      await first.waitFor();
      await expect.poll(() => first.getAttribute('aria-disabled')).toBe('true');
      await first.click({ force: true });
      expect(await first.isChecked()).toBe(false);
      expect(await page.getByTestId('selection-count').textContent()).toMatch(/^0 selected/);
      const move = page.getByRole('button', { name: 'Move selected…' });
      expect(await move.getAttribute('aria-disabled')).toBe('true');
      await first.focus();
      await page.getByRole('tooltip').filter({ hasText: 'needs admin' }).waitFor();
      await checkScreen(page, 'dashboards.viewer-move-greyed');
      await page.context().close();
    },
  );

  seedTask(
    'dashboards.admin-level-greyed',
    'An admin who is not a super admin sees the admin share level greyed with the reason',
    async () => {
      const own = dashboards.find((d) => can('ada', 'admin', d.id) && d.parent === 'product')!;
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/dashboards', 'Dashboards');
      await page.locator('[data-folder="product"]').click();
      await page.getByRole('button', { name: `Manage permissions ${title(own.id)}` }).click();
      const dialog = page.getByRole('dialog');
      const admin = dialog.getByLabel('Level').locator('option[value="admin"]');
      expect(await admin.isDisabled()).toBe(true);
      expect(await admin.textContent()).toBe('Admin (super admins only)');
      await dialog.getByText('Only a super admin may grant or revoke the admin level').waitFor();
      // the server refuses the same (MODEL C5)
      const direct = await opFromPage(page, 'share', {
        asset: own.id,
        user: 'eli',
        level: 'admin',
      });
      expect(direct.body.error?.rule).toBe('A8');
      await checkScreen(page, 'dashboards.admin-level-greyed');
      await page.context().close();
    },
  );

  seedTask(
    'dashboards.confirm-public',
    'Switching a dashboard from “Specific people” to a public level asks first and names the shares it removes',
    async () => {
      const page = await signIn(browser(), url, 'eve');
      await go(page, '/dashboards', 'Dashboards');
      const name = `Churn watch ${stamp}`;
      await page.getByRole('button', { name: 'New dashboard' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill(name);
      await page.getByRole('dialog').getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByRole('button', { name: `Manage permissions ${name}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Add user or group').selectOption('user:eli');
      await dialog.getByRole('button', { name: 'Share', exact: true }).click();
      await dialog.locator('tr[data-share="eli"]').waitFor();

      await dialog.getByLabel('Public: view', { exact: true }).click();
      const confirm = dialog.getByRole('alert');
      await confirm.getByText('Switch to Public: view? 1 named share will be removed:').waitFor();
      expect(await dialog.getByTestId('shares-to-remove').textContent()).toContain(
        'Eli East (Can view)',
      );
      expect(await dialog.getByLabel('Specific people').isChecked()).toBe(true);
      await checkScreen(page, 'dashboards.confirm-public');
      await confirm.getByRole('button', { name: 'Switch and remove 1 share' }).click();
      await dialog.getByText('Sharing set to Public: view; named shares removed.').waitFor();
      await dialog.getByText('No named shares.').waitFor();
      await page.context().close();
    },
  );

  seedTask(
    'dashboards.viewas-greyed',
    'A super admin viewing as a dashboard author sees every change greyed with the reason; View still opens (A11, A12)',
    async () => {
      const target = dashboards.find(
        (d) => (d.parent ?? 'home') === 'home' && can('eve', 'view', d.id),
      )!;
      const name = title(target.id);
      const page = await signIn(browser(), url, 'sam');
      await go(page, '/dashboards', 'Dashboards');
      await page.getByLabel('View as').selectOption('eve');
      await page.getByTestId('viewas-banner').waitFor();
      await page.locator('.grants-status[data-status="ready"]').waitFor();
      const reason = 'you are viewing as Eve East: nothing can be changed while viewing as';
      const greyed = async (control: ReturnType<Page['locator']>) => {
        await expect.poll(() => control.getAttribute('aria-disabled')).toBe('true');
        await control.focus();
        // the control's own tooltip (aria-describedby), shown on focus, names the reason
        const tip = (await control.getAttribute('aria-describedby'))?.split(' ').at(-1);
        const tooltip = page.locator(`[role="tooltip"][id="${tip}"]`);
        await tooltip.waitFor();
        expect(await tooltip.textContent()).toContain(reason);
      };
      await greyed(page.getByRole('button', { name: 'New dashboard' }));
      await greyed(page.getByRole('button', { name: 'New folder' }));
      await greyed(page.getByRole('button', { name: 'Move selected…' }));
      const row = page.locator(`tr[data-asset="${target.id}"]`);
      await greyed(row.getByRole('checkbox', { name: `Select ${name}` }));
      for (const label of ['Edit', 'Share', 'Move', 'Delete', 'Manage permissions'])
        await greyed(row.getByRole('button', { name: `${label} ${name}` }));
      await row.getByRole('checkbox').click({ force: true });
      expect(await page.getByTestId('selection-count').textContent()).toMatch(/^0 selected/);
      await row.getByRole('button', { name: `Delete ${name}` }).click({ force: true });
      expect(await page.getByRole('dialog').count()).toBe(0);
      // opening a dashboard is not a change: View stays allowed, its changes greyed inside
      const view = row.getByRole('button', { name: `View ${name}` });
      expect(await view.getAttribute('aria-disabled')).not.toBe('true');
      await view.click();
      const dialog = page.getByRole('dialog', { name: `Viewing ${name}` });
      await dialog.waitFor();
      expect(await dialog.getByRole('button', { name: 'Edit' }).getAttribute('aria-disabled')).toBe(
        'true',
      );
      await dialog.getByRole('button', { name: 'Close' }).click();
      await greyed(row.getByRole('button', { name: `Delete ${name}` }));
      await checkScreen(page, 'dashboards.viewas-greyed');
      await page.context().close();
    },
  );
});
