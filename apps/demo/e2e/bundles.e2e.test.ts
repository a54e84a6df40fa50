/**
 * Seed tasks of Permission Bundles: description and search, the administrator flag (MODEL
 * N9), environment-limited grants built in the editor and enforced (E1, E3, E4), built-in
 * bundles greyed (N4–N6), delete with confirmation, and a bundle administrator's member count.
 * Each task creates and changes its own bundles only.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { bundleTitle } from '../src/bundleNames.ts';
import { chromiumForThisFile, screenshot, seriousViolations } from './browser.ts';
import { expectAccessible, go, opFromPage, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();
const stamp = Date.now().toString(36).toUpperCase();

/** Creates a bundle through the editor: id, description, and the grants' `data-grant` boxes. */
async function createBundle(page: Page, id: string, description: string, grants: string[]) {
  await page.getByRole('button', { name: 'New bundle' }).click();
  const dialog = page.getByRole('dialog', { name: 'New bundle' });
  await dialog.getByLabel('Bundle id').fill(id);
  await dialog.getByLabel('Description').fill(description);
  for (const g of grants) await dialog.locator(`[data-grant="${g}"]`).check();
  await dialog.getByRole('button', { name: 'Create bundle' }).click();
  await page.getByText(/^Bundle “.+” created\.$/).waitFor();
  await page.locator(`[data-bundle="${id}"]`).click();
  await page.locator(`h2#bundle-title[data-bundle-id="${id}"]`).waitFor();
}

async function addMember(page: Page, user: string) {
  await page.getByLabel('Add user').selectOption(user);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator(`tr[data-member="${user}"]`).waitFor();
}

describe('bundle seed tasks', () => {
  seedTask(
    'bundles.description-search',
    'A bundle editor gives a new bundle a description and finds it by searching the list',
    async () => {
      const page = await signIn(browser(), url, 'ben');
      await go(page, '/bundles', 'Permission Bundles');
      const id = `CSM_COACHES_${stamp}`;
      await createBundle(page, id, 'Coaches who onboard new CSMs', ['page:timeline:navigate']);
      expect(await page.getByTestId('bundle-description').textContent()).toBe(
        'Coaches who onboard new CSMs',
      );
      await page.getByLabel('Search bundles').fill('onboard new');
      await expect.poll(() => page.locator('[data-bundle]').count()).toBe(1);
      expect(await page.locator(`[data-bundle="${id}"]`).textContent()).toContain(
        'Coaches who onboard new CSMs',
      );
      await checkScreen(page, 'bundles.description-search');
      await page.getByLabel('Search bundles').fill('no such bundle');
      await page.getByText('No bundle matches “no such bundle”.').waitFor();
      await page.context().close();
    },
  );

  seedTask(
    'bundles.admin-flag',
    'A bundle editor makes a member the bundle’s administrator, then takes it back',
    async () => {
      const page = await signIn(browser(), url, 'ben');
      await go(page, '/bundles', 'Permission Bundles');
      const id = `CSM_MENTORS_${stamp}`;
      await createBundle(page, id, 'Mentors', ['page:timeline:navigate']);
      await addMember(page, 'wan');
      const flag = page.locator('[data-admin-flag="wan"]');
      expect(await flag.isChecked()).toBe(false);
      await flag.click();
      await page.getByText(/now administers “.+”\.$/).waitFor();
      await expect.poll(() => flag.isChecked()).toBe(true);
      await checkScreen(page, 'bundles.admin-flag');
      await flag.click();
      await page.getByText(/no longer administers “.+”\.$/).waitFor();
      await expect.poll(() => flag.isChecked()).toBe(false);
      await page.context().close();
    },
  );

  seedTask(
    'bundles.env-limited-grant',
    'A super admin builds “launch in production but not pause” in the bundle editor; the member may launch there and not pause',
    async () => {
      const sam = await signIn(browser(), url, 'sam');
      await go(sam, '/bundles', 'Permission Bundles');
      const id = `PROD_LAUNCH_${stamp}`;
      await createBundle(sam, id, 'Launch engagements in production, never pause them', [
        'engagement:launch@production',
      ]);
      expect(await sam.getByRole('region', { name: 'Grants' }).textContent()).toContain(
        'Launch engagements in production',
      );
      await addMember(sam, 'pvi');
      await checkScreen(sam, 'bundles.env-limited-grant');
      await sam.context().close();

      const pvi = await signIn(browser(), url, 'pvi');
      await go(pvi, '/engagements', 'Engagements');
      const paused = pvi.locator('tr[data-engagement="nps-q3"]');
      const launch = paused.getByRole('button', { name: /^Launch/ });
      await launch.waitFor();
      await expect.poll(() => launch.getAttribute('aria-disabled')).not.toBe('true');
      const active = pvi.locator('tr[data-engagement="welcome-tour"]');
      const pause = active.getByRole('button', { name: /^Pause/ });
      expect(await pause.getAttribute('aria-disabled')).toBe('true');
      // the server agrees: no pause in production, no launch in staging (MODEL E3, E4)
      const refused = await opFromPage(pvi, 'transition', {
        resource: { type: 'engagement', id: 'welcome-tour' },
        action: 'pause',
      });
      expect(refused.body.error?.rule).toBe('E3');
      const staging = await opFromPage(pvi, 'transition', {
        resource: { type: 'engagement', id: 'churn-save' },
        action: 'launch',
      });
      expect(staging.body.error?.rule).toBe('E3');
      await pvi.context().close();
    },
  );

  seedTask(
    'bundles.builtin-greyed',
    'A bundle editor sees a built-in bundle’s Delete and Edit greyed with the reason',
    async () => {
      const page = await signIn(browser(), url, 'ben');
      await go(page, '/bundles', 'Permission Bundles');
      await page.locator('[data-bundle="VIEW_GROUP"]').click();
      await page.getByRole('heading', { level: 2, name: 'Viewer Licence' }).waitFor();
      const del = page.getByRole('button', { name: 'Delete bundle' });
      expect(await del.getAttribute('aria-disabled')).toBe('true');
      expect(
        await page.getByRole('button', { name: 'Edit grants' }).getAttribute('aria-disabled'),
      ).toBe('true');
      await del.focus();
      await page
        .getByRole('tooltip')
        .filter({ hasText: 'Viewer Licence is built in and cannot be deleted' })
        .waitFor();
      await del.click({ force: true });
      expect(await page.locator('dialog[open]').count()).toBe(0);
      await checkScreen(page, 'bundles.builtin-greyed');
      await page.context().close();
    },
  );

  seedTask(
    'bundles.delete-confirm',
    'Deleting a bundle asks first and says how many members lose it',
    async () => {
      const page = await signIn(browser(), url, 'ben');
      await go(page, '/bundles', 'Permission Bundles');
      const id = `SHORT_LIVED_${stamp}`;
      await createBundle(page, id, 'A pilot', ['page:timeline:navigate']);
      await addMember(page, 'wyn');
      await page.getByRole('button', { name: 'Delete bundle' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete bundle “${bundleTitle(id)}”?` });
      expect(await dialog.getByTestId('delete-bundle-summary').textContent()).toMatch(
        /^1 member lose what this bundle gives them/,
      );
      await checkScreen(page, 'bundles.delete-confirm');
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      await page.locator(`[data-bundle="${id}"]`).waitFor();
      await page.getByRole('button', { name: 'Delete bundle' }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Delete bundle and its 1 member' })
        .click();
      await page.getByText(`Bundle “${bundleTitle(id)}” deleted.`).waitFor();
      await page.locator(`[data-bundle="${id}"]`).waitFor({ state: 'detached' });
      await page.context().close();
    },
  );

  seedTask(
    'bundles.reach-count',
    'A bundle administrator who is not an admin sees every member the bundle reaches through groups',
    async () => {
      const page = await signIn(browser(), url, 'mia');
      await go(page, '/bundles', 'Bundles I administer');
      await page.locator('[data-bundle="DASHBOARD_BUILDERS"]').waitFor();
      const rows = page.locator('tr[data-member]');
      await page.locator('tr[data-member="eve"]').waitFor();
      const count = await rows.count();
      expect(count).toBeGreaterThanOrEqual(4); // eve, will, mia (DashboardAuthors), wes (Managers)
      expect(await page.locator('#members-title').textContent()).toBe(`Members (${count})`);
      expect(await page.locator('[data-bundle="DASHBOARD_BUILDERS"] .count').textContent()).toBe(
        String(count),
      );
      expect(await page.locator('tr[data-member="wes"]').textContent()).toContain(
        'Through the groups',
      );
      // she adds and removes users, nothing more (MODEL N9): the flag is greyed with the reason
      const flag = page.locator('[data-admin-flag="eve"]');
      expect(await flag.getAttribute('aria-disabled')).toBe('true');
      await flag.focus();
      await page
        .getByRole('tooltip')
        .filter({ hasText: 'choose a bundle’s administrators' })
        .waitFor();
      await checkScreen(page, 'bundles.reach-count');
      await page.context().close();
    },
  );

  it('finding (outside walk): bundles read by title, an empty bundle says so, Add says to choose a user first, and switching bundles drops the previous rule draft', async () => {
    const page = await signIn(browser(), url, 'ada');
    await go(page, '/bundles', 'Permission Bundles');
    // Sharing Admins (a seeded bundle with one member, no rule) is headed by its title
    await page.locator('[data-bundle="SHARING_ADMINS"]').click();
    await page.getByRole('heading', { level: 2, name: 'Sharing Admins' }).waitFor();
    const add = page.getByRole('button', { name: 'Add', exact: true });
    expect(await add.getAttribute('aria-disabled')).toBe('true');
    await add.focus();
    await page.getByRole('tooltip').filter({ hasText: 'choose a user first' }).waitFor();
    // a draft rule on one bundle is not carried to the next (BundleReach keyed by bundle)
    const byRule = page.getByLabel('Add full-licensed users who match a rule');
    await byRule.check();
    await page.getByTestId('rule-preview').waitFor();
    await page.locator('[data-bundle="BUNDLE_EDITORS"]').click();
    await page.getByRole('heading', { level: 2, name: 'Bundle Editors' }).waitFor();
    await expect.poll(() => byRule.isChecked()).toBe(false);
    // Default Bundle has no members: a sentence, not an empty table; no groups or rule (N4)
    await page.locator('[data-bundle="DEFAULT_BUNDLE"]').click();
    await page.getByRole('heading', { level: 2, name: 'Default Bundle' }).waitFor();
    await page.getByTestId('no-members').waitFor();
    expect(await page.locator('table.members').count()).toBe(0);
    expect(await byRule.count()).toBe(0);
    await screenshot(page, 'bundles-empty');
    expectAccessible(await seriousViolations(page));
    await page.context().close();
  });
});
