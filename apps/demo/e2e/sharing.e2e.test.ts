/**
 * Sharing Settings as a sharing admin (Ada Admin: the Admin and Sharing Admins bundles) does
 * it (MODEL D2, D9, D10, A11): user groups, one rule at a time, "everyone gets read/write",
 * and a super admin viewing as her. Attributes and the rule editor: sharing-editor.e2e.test.ts.
 * Every object changed here is created here, or put back as it was.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { recordTypes } from '../src/seed/resources.ts';
import { chromiumForThisFile } from './browser.ts';
import { go, opFromPage, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';
import { eventually, reasonOf, worldFromPage } from './sharingHelpers.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

const groupsTab = async (page: Page) => {
  await go(page, '/sharing/groups', 'Sharing Settings');
  await page.locator('tr[data-group="East"]').waitFor();
};

describe('sharing settings', () => {
  seedTask(
    'sharing.group-create',
    'A sharing admin creates a user group: an alphanumeric name, a rule on a true/false attribute and a member found by email',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await groupsTab(page);
      await page.getByRole('button', { name: 'New group' }).click();
      const dialog = page.getByRole('dialog', { name: 'New user group' });
      const name = dialog.getByLabel('Group name');
      await name.fill('Remote workers');
      await dialog.getByRole('button', { name: 'Create group' }).click();
      // refused in the form, naming the field; nothing was sent
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.locator('.field-error').textContent()).toBe(
        'Group name: use letters and digits only (no spaces, dashes or other signs).',
      );
      await name.fill('RemoteWorkers');
      await dialog.getByLabel('Add everyone who matches a rule').check();
      await dialog.getByLabel('Condition A: user attribute').selectOption('remote');
      // a boolean attribute: true/false, sent as a boolean (the preview used to say "nobody")
      expect(await dialog.getByLabel('Condition A: value').inputValue()).toBe('true');
      await eventually(() => dialog.getByTestId('group-preview').textContent()).toBe(
        '2 — Eve East and Wyn West',
      );
      await dialog.getByLabel('Find people by name or email').fill('ema@');
      await dialog.getByRole('button', { name: 'Add Ema East' }).click();
      await dialog.locator('li[data-member="ema"]').waitFor();
      await eventually(() => dialog.getByTestId('group-preview').textContent()).toBe(
        '3 — Ema East, Eve East and Wyn West',
      );
      await checkScreen(page, 'sharing.group-create');
      await dialog.getByRole('button', { name: 'Create group' }).click();
      await page.getByText('Group RemoteWorkers created.').waitFor();
      await eventually(() => page.getByTestId('members-RemoteWorkers').textContent()).toBe('3');
      expect(await page.locator('tr[data-group="RemoteWorkers"]').textContent()).toContain(
        'by rule: Remote is true; 1 by hand',
      );
      await page.context().close();
    },
  );

  seedTask(
    'sharing.group-edit',
    'A sharing admin edits a group: its rule and its members added by hand',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await opFromPage(page, 'createGroup', {
        id: 'EditMe',
        members: ['ema'],
        rule: { attr: 'remote', op: '=', value: true },
      });
      await groupsTab(page);
      await page.getByRole('button', { name: 'Edit group EditMe' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit group EditMe' });
      await dialog.getByLabel('Condition A: value').selectOption('false');
      await eventually(() => dialog.getByTestId('group-preview').textContent()).toBe(
        '2 — Ema East and Will West',
      );
      await dialog.getByRole('button', { name: 'Remove Ema East' }).click();
      await dialog.getByLabel('Find people by name or email').fill('ben');
      await dialog.getByRole('button', { name: 'Add Ben Bundler' }).click();
      await eventually(() => dialog.getByTestId('group-preview').textContent()).toBe(
        '2 — Ben Bundler and Will West',
      );
      await page.setViewportSize({ width: 768, height: 900 });
      await checkScreen(page, 'sharing.group-edit');
      await dialog.getByRole('button', { name: 'Save group' }).click();
      await page.getByText('Group EditMe saved.').waitFor();
      await eventually(() => page.getByTestId('members-EditMe').textContent()).toBe('2');
      const row = await page.locator('tr[data-group="EditMe"]').textContent();
      expect(row).toContain('Ben Bundler');
      expect(row).toContain('Remote is false');
      await page.context().close();
    },
  );

  seedTask(
    'sharing.group-delete',
    'A sharing admin deletes an unused group after a confirmation; a group a share uses cannot be deleted (greyed with why)',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await opFromPage(page, 'createGroup', { id: 'DeleteMe', members: ['eli', 'eve'] });
      // another group's rule may name it (that does not block the delete, MODEL D9)
      await opFromPage(page, 'createGroup', {
        id: 'NamesDeleteMe',
        rule: { userGroup: ['DeleteMe'] },
      });
      await groupsTab(page);
      const used = page.getByRole('button', { name: 'Delete group East' });
      await eventually(() => used.getAttribute('data-state')).toBe('denied');
      expect(await reasonOf(page, used)).toMatch(
        /^Delete group East: the folder “Customer Success” \(shared with it\) uses it; remove it there first$/,
      );
      await page.getByRole('button', { name: 'Delete group DeleteMe' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete group DeleteMe?' });
      expect(await dialog.textContent()).toContain('Its 2 members (Eli East and Eve East) stay');
      expect(await dialog.getByTestId('delete-group-rules').textContent()).toContain(
        'The rule of NamesDeleteMe names this group',
      );
      await checkScreen(page, 'sharing.group-delete');
      await dialog.getByRole('button', { name: 'Delete group' }).click();
      await page.getByText('Group DeleteMe deleted.').waitFor();
      await eventually(() => page.locator('tr[data-group="DeleteMe"]').count()).toBe(0);
      await page.context().close();
    },
  );

  seedTask('sharing.rule-edit', 'A sharing admin edits one sharing rule', async () => {
    const page = await signIn(browser(), url, 'ada');
    await opFromPage(page, 'addRule', {
      recordType: 'relationship',
      rule: {
        id: 'remote-read',
        actions: ['read'],
        criteria: { attr: 'remote', op: '=', value: true },
      },
    });
    await go(page, '/sharing', 'Sharing Settings');
    const card = page.locator('[data-record-type="relationship"]');
    await card.getByRole('button', { name: 'Edit rule remote-read' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit a rule of Relationships' });
    await dialog.getByLabel('write', { exact: true }).check();
    await eventually(() => dialog.getByTestId('criteria-preview').textContent()).toBe(
      'Eve East and Wyn West',
    );
    await dialog.getByRole('button', { name: 'Add advice' }).click();
    await dialog.getByLabel('Advice 1: record field').selectOption('region');
    await dialog.getByLabel('Advice 1: values').fill('East');
    await checkScreen(page, 'sharing.rule-edit');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule remote-read of Relationships saved.').waitFor();
    const row = card.locator('tr[data-rule="remote-read"]');
    await eventually(() => row.textContent()).toContain('Read and write');
    expect(await row.textContent()).toContain('Region is East');
    await page.context().close();
  });

  seedTask(
    'sharing.rule-delete',
    'A sharing admin deletes one sharing rule after a confirmation',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await opFromPage(page, 'addRule', {
        recordType: 'relationship',
        rule: { id: 'short-lived', actions: ['read'], criteria: { userGroup: ['West'] } },
      });
      await go(page, '/sharing', 'Sharing Settings');
      const card = page.locator('[data-record-type="relationship"]');
      await card.getByRole('button', { name: 'Delete rule short-lived' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete a rule of Relationships?' });
      expect(await dialog.textContent()).toContain(
        'Users matching member of West lose read on Relationships where every record',
      );
      await checkScreen(page, 'sharing.rule-delete');
      await dialog.getByRole('button', { name: 'Delete rule' }).click();
      await page.getByText('Rule short-lived of Relationships deleted.').waitFor();
      await eventually(() => card.locator('tr[data-rule="short-lived"]').count()).toBe(0);
      expect(await card.locator('tr[data-rule="admins-all"]').count()).toBe(1);
      await page.context().close();
    },
  );

  seedTask(
    'sharing.everyone-on',
    'Turning "everyone gets read/write" on asks first, saying how many rules go; then +RULE is disabled with why',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      await go(page, '/sharing', 'Sharing Settings');
      const card = page.locator('[data-record-type="relationshipType"]');
      const toggle = card.getByRole('switch', { name: 'Everyone gets read/write' });
      await toggle.click();
      const dialog = page.getByRole('dialog', {
        name: 'Give everyone read/write on Relationship types?',
      });
      expect(await dialog.getByTestId('everyone-warning').textContent()).toContain(
        'This deletes all 2 rules of Relationship types',
      );
      // asked BEFORE: nothing changed yet
      expect(await toggle.isChecked()).toBe(false);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await card.locator('tr[data-rule]').count()).toBe(2);
      await toggle.click();
      await checkScreen(page, 'sharing.everyone-on-ask');
      await dialog.getByRole('button', { name: 'Turn on and delete 2 rules' }).click();
      await page.getByText('Everyone may now read and write Relationship types').waitFor();
      const add = card.getByRole('button', { name: 'Add rule to Relationship types' });
      expect(await reasonOf(page, add)).toBe(
        'Add rule to Relationship types: everyone may read and write Relationship types; turn that off to give access by rules',
      );
      await add.click({ force: true });
      expect(await card.getByRole('form').count()).toBe(0);
      // the server refuses it too (MODEL D2)
      const refused = await opFromPage(page, 'addRule', {
        recordType: 'relationshipType',
        rule: { id: 'x', actions: ['read'] },
      });
      expect(refused.body.error?.rule).toBe('D2');
      await page.setViewportSize({ width: 768, height: 1000 });
      await checkScreen(page, 'sharing.everyone-on');
      // put the seed back for the other tests
      const seeded = recordTypes.find((r) => r.type === 'relationshipType');
      expect(
        (await opFromPage(page, 'setEveryone', { recordType: 'relationshipType', on: false }))
          .status,
      ).toBe(200);
      for (const rule of seeded?.rules ?? [])
        expect(
          (await opFromPage(page, 'addRule', { recordType: 'relationshipType', rule })).status,
        ).toBe(200);
      const restored = await worldFromPage(page, '/world/recordTypes');
      expect(
        (restored as { type: string; rules?: { id: string }[] }[])
          .find((r) => r.type === 'relationshipType')
          ?.rules?.map((r) => r.id),
      ).toEqual(['east-product-a', 'west-product-b']);
      await page.context().close();
    },
  );

  seedTask(
    'sharing.viewas-greyed',
    'A super admin viewing as the sharing admin sees Sharing Settings greyed with why (nothing can change while viewing as)',
    async () => {
      const page = await signIn(browser(), url, 'sam');
      await page.getByLabel('View as').selectOption('ada');
      await page.getByTestId('viewas-banner').waitFor();
      await groupsTab(page);
      expect(await reasonOf(page, page.getByRole('button', { name: 'New group' }))).toBe(
        'New group: you are viewing as Ada Admin, and nothing can be changed while viewing as someone',
      );
      expect(
        await page
          .getByRole('button', { name: 'Edit group Managers' })
          .getAttribute('aria-disabled'),
      ).toBe('true');
      await go(page, '/sharing', 'Sharing Settings');
      const card = page.locator('[data-record-type="cta"]');
      expect(
        await reasonOf(page, card.getByRole('button', { name: 'Add rule to CTAs' })),
      ).toContain('you are viewing as Ada Admin');
      expect(await card.getByRole('switch').getAttribute('aria-disabled')).toBe('true');
      await card.getByText('Locked: you are viewing as Ada Admin').waitFor();
      await checkScreen(page, 'sharing.viewas-greyed');
      await page.context().close();
    },
  );
});
