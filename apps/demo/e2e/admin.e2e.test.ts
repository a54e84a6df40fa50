/** Permission Bundles (MODEL N10, R3) and Sharing Settings (D1–D3, D8). */
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

describe('administration', () => {
  seedTask(
    'bundles.editor-refused-more-than-held',
    'refuses a bundle editor granting more than he holds, with the rule’s message (MODEL R3)',
    async () => {
      const page = await signIn(browser(), url, 'ben');
      await go(page, '/bundles', 'Permission Bundles');
      await page.locator('[data-bundle="CSM"]').click();
      await page.getByRole('heading', { level: 2, name: 'CSM' }).waitFor();
      await checkScreen(page, 'bundles.editor-refused-more-than-held.bundles');

      await page.getByRole('button', { name: 'Edit grants' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('[data-grant="page:administration.sharingSettings:navigate"]').check();
      await dialog.getByRole('button', { name: 'Save bundle' }).click();
      const alert = dialog.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^Not allowed: .*Rule R3/);
      await checkScreen(page, 'bundles.editor-refused-more-than-held.bundle-editor-refused');
      await page.context().close();
    },
  );

  seedTask(
    'bundles.create-add-member',
    'lets an admin create a bundle and add a member by hand',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/bundles', 'Permission Bundles');
      await page.getByRole('button', { name: 'New bundle' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Bundle id').fill('CSM_LEADS');
      await dialog.locator('[data-grant="page:timeline:navigate"]').check();
      await dialog.locator('[data-grant="survey:distribute"]').check();
      await dialog.getByRole('button', { name: 'Create bundle' }).click();
      await page.getByText('Bundle “CSM Leads” created.').waitFor();
      await page.locator('[data-bundle="CSM_LEADS"]').click();
      await page.getByLabel('Add user').selectOption('wan');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.locator('tr[data-member="wan"]').waitFor();
      await checkScreen(page, 'bundles.create-add-member');
      await page.context().close();
    },
  );

  seedTask(
    'bundles.rule-advanced-logic',
    'saves a bundle rule with advanced logic; matching users join by rule (MODEL N7)',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/bundles', 'Permission Bundles');
      await page.getByRole('button', { name: 'New bundle' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Bundle id').fill('BY_RULE');
      await dialog.locator('[data-grant="page:timeline:navigate"]').check();
      await dialog.getByRole('button', { name: 'Create bundle' }).click();
      await page.getByText(/^Bundle “.+” created\.$/).waitFor();
      await page.locator('[data-bundle="BY_RULE"]').click();
      await page.getByLabel('Add full-licensed users who match a rule').check();
      // The form starts from `A and (B or C)`: business unit East or West, and CS or a CSM title.
      const preview = await page.getByTestId('rule-preview').textContent();
      expect(preview).toContain('Eve East');
      await page.getByRole('button', { name: 'Save groups and rule' }).click();
      await page.getByText(/^Saved how “.+” reaches users\.$/).waitFor();
      await page.locator('tr[data-member="eve"]').waitFor();
      expect(await page.locator('tr[data-member="eve"]').textContent()).toContain('by rule');
      expect(await page.getByTestId('bundle-rule').textContent()).toContain('A and (B or C)');
      await checkScreen(page, 'bundles.rule-advanced-logic');
      await page.context().close();
    },
  );

  seedTask(
    'bundles.administrator-adds-user',
    'lets a bundle administrator add users to the bundle she administers, nothing more (MODEL N9)',
    async () => {
      const page = await signIn(browser(), url, 'mia');
      await go(page, '/bundles', 'Bundles I administer');
      await page.locator('[data-bundle="DASHBOARD_BUILDERS"]').waitFor();
      expect(await page.locator('[data-bundle]').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Edit grants' }).count()).toBe(0);
      await page.getByLabel('Add user').selectOption('eli');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText('Added Eli East to “Dashboard Builders”.').waitFor();
      expect(await page.locator('tr[data-member="eli"]').textContent()).toContain('by hand');
      await checkScreen(page, 'bundles.administrator-adds-user');
      await page.context().close();
    },
  );

  seedTask(
    'sharing.rule-add',
    'edits sharing settings: adds a rule with criteria and advice',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/sharing', 'Sharing Settings');
      const card = page.locator('[data-record-type="cta"]');
      await card.getByRole('button', { name: 'Add rule to CTAs' }).click();
      const form = card.getByRole('form', { name: 'New rule for CTAs' });
      await form.getByLabel('Rule id').fill('west-normal');
      await form.getByLabel('West').check();
      await form.getByRole('button', { name: 'Add advice' }).click();
      await form.getByLabel('Advice 1: record field').selectOption('priority');
      await form.getByLabel('Advice 1: values').fill('normal');
      await form.getByRole('button', { name: 'Add rule' }).click();
      await page.getByText('Rule west-normal added to CTAs.').waitFor();
      const rule = card.locator('tr[data-rule="west-normal"]');
      expect(await rule.textContent()).toContain('member of West');
      await checkScreen(page, 'sharing.rule-add.sharing-settings');
      await page.context().close();
    },
  );
});
