/** Journey Orchestrator surveys: survey-level admins grant and revoke access (MODEL N13). */
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile, screenshot } from './browser.ts';
import { go, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

const manage = (page: Page, title: string) =>
  page.getByRole('button', { name: `Manage access to ${title}`, exact: true });
const levelOf = (page: Page, survey: string) =>
  page.locator(`tr[data-survey="${survey}"] td[data-level]`).getAttribute('data-level');

describe('surveys', () => {
  seedTask(
    'surveys.grant-survey-admin',
    'A survey admin gives a colleague admin on that one survey; the colleague administers it and no other',
    async () => {
      const eve = await signIn(browser(), url, 'eve');
      await go(eve, '/surveys', 'Surveys');
      // Eve administers Onboarding satisfaction only (a survey-level grant); NPS is greyed.
      await manage(eve, 'Onboarding satisfaction').waitFor();
      await expect.poll(() => levelOf(eve, 'onboarding-csat')).toBe('admin');
      expect(await manage(eve, 'Customer NPS 2026').getAttribute('aria-disabled')).toBe('true');
      expect(await manage(eve, 'Onboarding satisfaction').getAttribute('aria-disabled')).toBeNull();

      await manage(eve, 'Onboarding satisfaction').click();
      const dialog = eve.getByRole('dialog', { name: 'Access to “Onboarding satisfaction”' });
      await dialog.getByLabel('Person').selectOption({ label: 'Eli East' });
      await dialog.getByLabel('Access').selectOption('admin');
      await dialog.getByRole('button', { name: 'Give access' }).click();
      await dialog.getByText('Eli East now has Admin on “Onboarding satisfaction”.').waitFor();
      await dialog.locator('tr[data-grantee="eli"]', { hasText: 'Admin' }).waitFor();
      await checkScreen(eve, 'surveys.grant-survey-admin');
      await eve.context().close();

      const eli = await signIn(browser(), url, 'eli');
      await go(eli, '/surveys', 'Surveys');
      await expect.poll(() => levelOf(eli, 'onboarding-csat')).toBe('admin');
      expect(await levelOf(eli, 'nps-2026')).toBe('analyze');
      expect(await manage(eli, 'Customer NPS 2026').getAttribute('aria-disabled')).toBe('true');
      await manage(eli, 'Onboarding satisfaction').click();
      await eli
        .getByRole('dialog', { name: 'Access to “Onboarding satisfaction”' })
        .locator('tr[data-grantee="eli"]')
        .waitFor();
      await checkScreen(eli, 'surveys.colleague-administers-one');
      await eli.context().close();
    },
  );

  seedTask(
    'surveys.revoke-survey-admin',
    'The survey admin takes the access back (confirmed); the colleague keeps only what bundles give',
    async () => {
      const eve = await signIn(browser(), url, 'eve');
      await go(eve, '/surveys', 'Surveys');
      await manage(eve, 'Onboarding satisfaction').click();
      const dialog = eve.getByRole('dialog', { name: 'Access to “Onboarding satisfaction”' });
      await dialog.getByRole('button', { name: 'Revoke Eli East' }).click();
      const confirm = eve.getByRole('dialog', { name: 'Revoke Eli East’s access?' });
      await confirm.getByText('What their permission bundles give them').waitFor();
      await checkScreen(eve, 'surveys.revoke-confirm');
      await confirm.getByRole('button', { name: 'Revoke access' }).click();
      await dialog.locator('tr[data-grantee="eli"]').waitFor({ state: 'detached' });
      await eve.context().close();

      const eli = await signIn(browser(), url, 'eli');
      await go(eli, '/surveys', 'Surveys');
      await expect.poll(() => levelOf(eli, 'onboarding-csat')).toBe('analyze');
      expect(await manage(eli, 'Onboarding satisfaction').getAttribute('aria-disabled')).toBe(
        'true',
      );
      await checkScreen(eli, 'surveys.revoke-survey-admin');
      await eli.setViewportSize({ width: 768, height: 1000 });
      await screenshot(eli, 'surveys-768');
      await eli.context().close();
    },
  );

  seedTask(
    'surveys.library-needs-module-design',
    'The question library is greyed, with the reason, for a survey admin without module-level design; a module designer edits it',
    async () => {
      const eve = await signIn(browser(), url, 'eve');
      await go(eve, '/surveys', 'Surveys');
      const add = eve.getByRole('button', { name: 'Add question' });
      await add.waitFor();
      await expect.poll(() => add.getAttribute('aria-disabled')).toBe('true');
      await add.focus();
      await eve
        .getByRole('tooltip')
        .filter({ hasText: 'the question library opens with Design on all surveys' })
        .waitFor();
      await add.click({ force: true });
      expect(await eve.getByRole('dialog').count()).toBe(0);
      await checkScreen(eve, 'surveys.library-needs-module-design');
      await eve.context().close();

      const ada = await signIn(browser(), url, 'ada');
      await go(ada, '/surveys', 'Surveys');
      const edit = ada.getByRole('button', {
        name: 'Edit question: What is the one thing we should improve?',
      });
      await expect.poll(() => edit.getAttribute('data-state')).toBe('allowed');
      await edit.click();
      const dialog = ada.getByRole('dialog', { name: 'Edit question' });
      await dialog.getByLabel('Question').fill('What one thing should we improve first?');
      await dialog.getByRole('button', { name: 'Save question' }).click();
      await ada.getByText('What one thing should we improve first?').waitFor();
      // module-level access, from bundles (MODEL K5): the admin sees which bundles give it
      await ada.locator('tr[data-bundle="ADMIN"]', { hasText: 'Admin' }).waitFor();
      await ada.locator('tr[data-bundle="CSM"]', { hasText: 'Analyze' }).waitFor();
      await checkScreen(ada, 'surveys.module-designer');
      await ada.context().close();
    },
  );

  seedTask(
    'surveys.view-as-greyed',
    'A super admin viewing as a survey admin sees her survey’s access, with every change greyed (MODEL A11)',
    async () => {
      const sam = await signIn(browser(), url, 'sam');
      await sam.getByLabel('View as', { exact: true }).selectOption('eve');
      await sam.getByTestId('viewas-banner').waitFor();
      await go(sam, '/surveys', 'Surveys');
      // what Eve sees: she administers Onboarding satisfaction, so its access opens
      await expect.poll(() => levelOf(sam, 'onboarding-csat')).toBe('admin');
      await manage(sam, 'Onboarding satisfaction').click();
      const dialog = sam.getByRole('dialog', { name: 'Access to “Onboarding satisfaction”' });
      await dialog.getByLabel('Person').selectOption({ label: 'Eli East' });
      const give = dialog.getByRole('button', { name: 'Give access' });
      await expect.poll(() => give.getAttribute('aria-disabled')).toBe('true');
      await give.focus();
      await sam.getByRole('tooltip', { name: /viewing as Eve East/ }).waitFor();
      await give.click({ force: true });
      expect(await dialog.getByText('now has Admin').count()).toBe(0);
      // the bundles holding survey access are the admin's to read, not Eve's
      expect(await sam.locator('tr[data-bundle]').count()).toBe(0);
      await checkScreen(sam, 'surveys.view-as-greyed');
      await sam.context().close();
    },
  );
});
