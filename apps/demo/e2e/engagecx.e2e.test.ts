/**
 * ENGAGEcx: a UserManager manages users and assigns only roles she holds (MODEL R3), report
 * events by role (R1, R2), CustomerAdmin settings and channels.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile, screenshot } from './browser.ts';
import { go, opFromPage, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();
const NEW = { id: 'ninanewcomer', name: 'Nina Newcomer' };

const row = (page: Page, id: string) => page.locator(`tr[data-user="${id}"]`);
const role = (page: Page, id: string) => page.locator(`[data-role="${id}"]`);
const state = (page: Page, item: string, text: string) =>
  page.locator(`tr[data-item="${item}"] .state`, { hasText: new RegExp(`^${text}$`) });

describe('ENGAGEcx', () => {
  seedTask(
    'engagecx.add-user',
    'A UserManager adds a user and assigns a role she holds; a role she lacks is greyed with the reason',
    async () => {
      const page = await signIn(browser(), url, 'ccm');
      await go(page, '/users', 'User Management');
      await page.getByRole('button', { name: 'Add user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add user' });
      await dialog.getByLabel('Full name').fill(NEW.name);
      await dialog.getByLabel('Email').fill('nina@acme.example');
      await dialog.getByLabel('Department').fill('Support');
      await dialog.getByLabel('Job title').fill('Agent');
      expect(await dialog.getByLabel('User id').inputValue()).toBe(NEW.id);

      // A role that does not reach her is greyed with the reason before any click (R3, A12).
      const admin = role(page, 'ROLE_CUSTOMER_ADMIN');
      await expect
        .poll(() => admin.getByRole('checkbox').getAttribute('aria-disabled'))
        .toBe('true');
      expect(await admin.textContent()).toContain('you can assign only roles you hold yourself');
      await admin.getByRole('checkbox').click({ force: true });
      expect(await admin.getByRole('checkbox').isChecked()).toBe(false);

      await role(page, 'ROLE_USER_MANAGER').getByRole('checkbox').check();
      await checkScreen(page, 'engagecx.add-user');
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await page.getByText(`${NEW.name} was added.`).waitFor();
      await row(page, NEW.id).getByText('User manager').waitFor();
      // the server refuses the role she lacks too (MODEL R3)
      const direct = await opFromPage(page, 'assignRole', {
        user: NEW.id,
        role: 'ROLE_CUSTOMER_ADMIN',
      });
      expect(direct.status).toBe(403);
      expect(direct.body.error?.rule).toBe('R3');
      await page.context().close();
    },
  );

  seedTask(
    'engagecx.edit-user',
    'A UserManager finds the user by search and edits their details',
    async () => {
      const page = await signIn(browser(), url, 'ccm');
      await go(page, '/users', 'User Management');
      await page.getByLabel('Search users').fill('nina');
      await row(page, NEW.id).waitFor();
      await expect.poll(() => page.locator('tr[data-user]').count()).toBe(1);
      await page.getByRole('button', { name: `Edit ${NEW.name}` }).click();
      const dialog = page.getByRole('dialog', { name: `Edit ${NEW.name}` });
      await dialog.getByLabel('Job title').fill('Senior agent');
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText(`${NEW.name} was saved.`).waitFor();
      await row(page, NEW.id).getByText('Senior agent').waitFor();
      await checkScreen(page, 'engagecx.edit-user');
      await page.context().close();
    },
  );

  seedTask(
    'engagecx.deactivate-user',
    'A UserManager deactivates a user after a confirmation that says what happens',
    async () => {
      const page = await signIn(browser(), url, 'ccm');
      await go(page, '/users', 'User Management');
      // a super admin cannot be changed by her (R3): greyed with the reason
      const sam = page.getByRole('button', { name: 'Deactivate Sam Super' });
      await expect.poll(() => sam.getAttribute('aria-disabled')).toBe('true');
      // nor does she lock herself out: her own Deactivate is greyed, the reason on focus
      const self = page.getByRole('button', { name: 'Deactivate Max UserManager' });
      await expect.poll(() => self.getAttribute('aria-disabled')).toBe('true');
      await self.focus();
      await page.getByRole('tooltip', { name: /cannot deactivate yourself/ }).waitFor();
      await page.getByRole('button', { name: `Deactivate ${NEW.name}` }).click();
      const confirm = page.getByRole('dialog', { name: `Deactivate ${NEW.name}?` });
      await confirm.getByText('can no longer sign in').waitFor();
      await checkScreen(page, 'engagecx.deactivate-confirm');
      await confirm.getByRole('button', { name: 'Deactivate' }).click();
      await row(page, NEW.id)
        .locator('.state', { hasText: /^Deactivated$/ })
        .waitFor();
      await page.getByRole('button', { name: `Reactivate ${NEW.name}` }).waitFor();
      await checkScreen(page, 'engagecx.deactivate-user');
      await page.setViewportSize({ width: 768, height: 1000 });
      await screenshot(page, 'engagecx.users-768');
      await page.context().close();
    },
  );

  seedTask(
    'engagecx.reports-all',
    'A ReportViewer lands on Analyze and sees every report event',
    async () => {
      const page = await signIn(browser(), url, 'ccr');
      await page.getByRole('heading', { level: 1, name: 'Analyze' }).waitFor();
      await expect.poll(() => page.locator('tr[data-event]').count()).toBe(12);
      expect(await page.getByTestId('events-scope').textContent()).toBe('All events');
      await checkScreen(page, 'engagecx.reports-all');
      await page.context().close();
    },
  );

  seedTask(
    'engagecx.reports-own',
    'A contact-centre User sees only the report events they handled',
    async () => {
      const page = await signIn(browser(), url, 'ccu');
      await go(page, '/reports', 'Analyze');
      await expect.poll(() => page.locator('tr[data-event]').count()).toBe(4);
      const handlers = await page
        .locator('tr[data-event]')
        .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.handledBy));
      expect(new Set(handlers)).toEqual(new Set(['ccu']));
      expect(await page.getByTestId('events-scope').textContent()).toBe('Your events');
      await checkScreen(page, 'engagecx.reports-own');
      await page.context().close();
    },
  );

  seedTask(
    'engagecx.settings-change',
    'A CustomerAdmin enables a channel and switches a tenant setting off after confirming',
    async () => {
      const page = await signIn(browser(), url, 'cca');
      await go(page, '/contact-centre', 'Contact Centre Settings');
      await page.getByRole('button', { name: 'Enable SMS' }).click();
      await state(page, 'sms', 'Enabled').waitFor();
      await page.getByRole('button', { name: 'Turn off Business hours routing' }).click();
      const confirm = page.getByRole('dialog', { name: 'Turn off Business hours routing?' });
      await confirm.getByRole('button', { name: 'Turn off' }).click();
      await state(page, 'business-hours', 'Off').waitFor();
      await checkScreen(page, 'engagecx.settings-change');
      await page.context().close();
    },
  );

  seedTask(
    'engagecx.settings-greyed',
    'A UserManager changes channels but sees tenant settings greyed with the reason',
    async () => {
      const page = await signIn(browser(), url, 'ccm');
      await go(page, '/contact-centre', 'Contact Centre Settings');
      const off = page.getByRole('button', { name: 'Turn off Call recording' });
      await expect.poll(() => off.getAttribute('aria-disabled')).toBe('true');
      await off.hover();
      await page
        .getByRole('tooltip')
        .filter({ hasText: 'Only a Customer admin may change tenant settings' })
        .waitFor();
      const social = page.getByRole('button', { name: 'Enable Social messaging' });
      await expect.poll(() => social.getAttribute('data-state')).toBe('allowed');
      await checkScreen(page, 'engagecx.settings-greyed');
      await page.context().close();
    },
  );
});
