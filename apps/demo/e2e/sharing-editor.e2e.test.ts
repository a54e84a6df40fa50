/**
 * Sharing Settings' permission attributes and the rule editor, as the sharing admin (Ada
 * Admin) uses them (MODEL D6, D11, N7, N8): add and remove attributes, the 20 limit, the
 * pickers, the preview with a true/false attribute, deleting a condition. Every object changed
 * here is created here, or put back as it was.
 */
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, opFromPage, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';
import { eventually, reasonOf } from './sharingHelpers.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

describe('sharing settings: attributes and the rule editor', () => {
  seedTask(
    'sharing.attribute-add',
    'A sharing admin adds a user attribute to a record type; its rules may use it',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/sharing/attributes', 'Sharing Settings');
      const card = page.locator('[data-attributes="cta"]');
      await card.locator('tr[data-attribute="title"]').waitFor();
      const before = await card.getByTestId('attr-count-cta').textContent();
      await card.getByLabel('Kind').selectOption('user');
      await card.getByLabel('Attribute name').fill('businessUnit');
      await card.getByRole('button', { name: 'Add attribute' }).click();
      await page.getByText('User attribute businessUnit added to CTAs').waitFor();
      await card.locator('tr[data-attribute="businessUnit"]').waitFor();
      expect(await card.getByTestId('attr-count-cta').textContent()).not.toBe(before);
      await page.setViewportSize({ width: 768, height: 900 }); // a tablet: the layout still works
      await checkScreen(page, 'sharing.attribute-add');
      await page.context().close();
    },
  );

  seedTask(
    'sharing.attribute-remove',
    'A sharing admin removes a record field no rule uses; user attributes and used fields are greyed with why',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/sharing/attributes', 'Sharing Settings');
      const card = page.locator('[data-attributes="cta"]');
      await card.locator('tr[data-attribute="name"]').waitFor();
      // a user attribute is never removable
      expect(await reasonOf(page, card.getByRole('button', { name: 'Remove title' }))).toBe(
        'Remove title: a user attribute cannot be removed once added; rules may simply stop using it',
      );
      // a record field a rule uses stays, naming the rule
      expect(await reasonOf(page, card.getByRole('button', { name: 'Remove priority' }))).toBe(
        'Remove priority: rule high-priority uses it; edit or delete that rule first',
      );
      const direct = await opFromPage(page, 'removeAttribute', {
        recordType: 'cta',
        name: 'title',
      });
      expect(direct.body.error?.rule).toBe('D6');
      await card.getByRole('button', { name: 'Remove name' }).click();
      const dialog = page.getByRole('dialog', { name: 'Remove name from CTAs?' });
      await checkScreen(page, 'sharing.attribute-remove');
      await dialog.getByRole('button', { name: 'Remove attribute' }).click();
      await page.getByText('Record field name removed from CTAs.').waitFor();
      await eventually(() => card.locator('tr[data-attribute="name"]').count()).toBe(0);
      await page.context().close();
    },
  );

  seedTask(
    'sharing.attribute-limit',
    'At 20 permission attributes the add control is greyed with why',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      const extra = Array.from({ length: 20 }, (_, i) => `extra${i + 1}`);
      const added: string[] = [];
      for (const name of extra) {
        const r = await opFromPage(page, 'addAttribute', {
          recordType: 'relationship',
          name,
          source: 'resource',
        });
        if (r.status !== 200) {
          expect(r.body.error?.rule, JSON.stringify(r.body)).toBe('D6');
          break;
        }
        added.push(name);
      }
      await go(page, '/sharing/attributes', 'Sharing Settings');
      const card = page.locator('[data-attributes="relationship"]');
      await eventually(() => card.getByTestId('attr-count-relationship').textContent()).toBe(
        '20 of 20',
      );
      expect(await reasonOf(page, card.getByRole('button', { name: 'Add attribute' }))).toBe(
        'Add attribute: Relationships already lists 20 attributes, the most a record type may have; remove a record field no rule uses first',
      );
      await checkScreen(page, 'sharing.attribute-limit');
      for (const name of added)
        await opFromPage(page, 'removeAttribute', { recordType: 'relationship', name });
      await page.context().close();
    },
  );

  seedTask(
    'sharing.rule-pickers',
    "The rule editor offers only the record type's listed attributes, in pickers",
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/sharing', 'Sharing Settings');
      const card = page.locator('[data-record-type="cta"]');
      await card.getByRole('button', { name: 'Add rule to CTAs' }).click();
      const form = card.getByRole('form', { name: 'New rule for CTAs' });
      await form.getByLabel('Conditions').check();
      const attr = form.getByLabel('Condition A: user attribute');
      expect(await attr.evaluate((e) => e.tagName)).toBe('SELECT');
      const options = await attr.locator('option').allTextContents();
      expect(options).toContain('title');
      expect(options).toContain('remote');
      expect(options).not.toContain('department'); // not listed for CTAs
      await form.getByRole('button', { name: 'Add advice' }).click();
      const field = form.getByLabel('Advice 1: record field');
      expect(await field.evaluate((e) => e.tagName)).toBe('SELECT');
      expect(await field.locator('option').allTextContents()).toContain('priority');
      // nothing to send yet: greyed with why, before the click
      expect(await reasonOf(page, form.getByRole('button', { name: 'Add rule' }))).toBe(
        'Add rule: enter a rule id first',
      );
      await checkScreen(page, 'sharing.rule-pickers');
      await page.context().close();
    },
  );

  seedTask(
    'sharing.rule-preview-boolean',
    'The rule preview with a true/false attribute names the right people',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/sharing', 'Sharing Settings');
      const card = page.locator('[data-record-type="cta"]');
      await card.getByRole('button', { name: 'Add rule to CTAs' }).click();
      const form = card.getByRole('form', { name: 'New rule for CTAs' });
      await form.getByLabel('Conditions').check();
      await form.getByLabel('Condition A: user attribute').selectOption('remote');
      const value = form.getByLabel('Condition A: value');
      expect(await value.evaluate((e) => e.tagName)).toBe('SELECT');
      await eventually(() => form.getByTestId('criteria-preview').textContent()).toBe(
        'Eve East and Wyn West',
      );
      await value.selectOption('false');
      await eventually(() => form.getByTestId('criteria-preview').textContent()).toBe('Will West');
      await checkScreen(page, 'sharing.rule-preview-boolean');
      await page.context().close();
    },
  );

  seedTask('sharing.condition-delete', 'A condition of a rule can be deleted', async () => {
    const page = await signIn(browser(), url, 'ada');
    await go(page, '/sharing', 'Sharing Settings');
    const card = page.locator('[data-record-type="cta"]');
    await card.getByRole('button', { name: 'Add rule to CTAs' }).click();
    const form = card.getByRole('form', { name: 'New rule for CTAs' });
    await form.getByLabel('Conditions').check();
    // the only condition cannot go (greyed with why)
    expect(
      await reasonOf(page, form.getByRole('button', { name: 'Delete condition A' })),
    ).toContain('needs at least one condition');
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByLabel('Advanced logic').fill('A and (B or C)');
    await form.getByLabel('Condition C: user attribute').selectOption('remote');
    await form.getByRole('button', { name: 'Delete condition B' }).click();
    expect(await form.locator('[data-condition]').count()).toBe(2);
    expect(await form.getByLabel('Advanced logic').inputValue()).toBe('A and (C)');
    expect(await form.getByTestId('criteria-preview').textContent()).not.toContain('not a valid');
    await checkScreen(page, 'sharing.condition-delete');
    await page.context().close();
  });

  seedTask(
    'sharing.bundle-preview-removed',
    'A bundle rule on a true/false attribute previews the right people, leaving out a user removed by hand',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      const rule = { attr: 'remote', op: '=', value: true };
      expect(
        (await opFromPage(page, 'createBundle', { id: 'REMOTE_TOOLS', grants: [], rule })).status,
      ).toBe(200);
      // Eve matches the rule; removed by hand, the rule does not add her back (MODEL N8)
      expect(
        (await opFromPage(page, 'removeFromBundle', { bundle: 'REMOTE_TOOLS', user: 'eve' }))
          .status,
      ).toBe(200);
      await go(page, '/bundles');
      await page.locator('[data-bundle="REMOTE_TOOLS"]').click();
      const byRule = page.getByLabel(/users who match a rule/);
      // the form opens on this bundle's own rule (it used to keep the previous bundle's draft)
      await expect.poll(() => byRule.isChecked()).toBe(true);
      expect(await page.getByLabel('Advanced logic').inputValue()).toBe('A');
      // add two conditions, then delete them again and edit the first
      for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Add condition' }).click();
      await page.getByLabel('Advanced logic').fill('A and (B or C)');
      for (const letter of ['C', 'B'])
        await page.getByRole('button', { name: `Delete condition ${letter}` }).click();
      expect(await page.getByLabel('Advanced logic').inputValue()).toBe('A');
      await page.getByLabel('Condition A: user attribute').fill('remote');
      await page.getByLabel('Condition A: operator').selectOption('=');
      await page.getByLabel('Condition A: value').fill('true');
      const preview = page.getByTestId('rule-preview');
      // typed "true" is the boolean true (it used to preview "nobody"); Eve, removed by hand, is left out
      await eventually(() => preview.textContent()).toBe('Wyn West');
      await checkScreen(page, 'sharing.bundle-preview-removed');
      await page.context().close();
    },
  );
});
