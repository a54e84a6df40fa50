import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();
const MESSAGE = `Spring tour: try the new dashboards (${Date.now().toString(36)})`;
const DRAFT = 'tr[data-engagement^="welcome-tour-draft-"]';

describe('engagement drafts', () => {
  seedTask(
    'engagements.edit-draft-copy',
    'A PX editor edits a draft copy of an active production engagement; launching it is greyed for her with the reason',
    async () => {
      const page = await signIn(browser(), url, 'ped');
      await go(page, '/engagements', 'Engagements');
      const live = page.locator('tr[data-engagement="welcome-tour"]');
      await live.waitFor();
      // active, or paused when engagements.e2e ran first: either way it stays as it is
      const state = await live.locator('.state').textContent();
      await live.getByRole('button', { name: 'Edit a draft copy of Welcome tour' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit draft: Welcome tour' });
      await dialog.getByLabel('Message shown to users').fill(MESSAGE);
      await dialog.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Draft Welcome tour saved.').waitFor();
      const draft = page.locator(DRAFT);
      await draft.getByText(MESSAGE).waitFor();
      expect(await draft.locator('.state').textContent()).toBe('Draft');
      expect(await draft.textContent()).toContain(
        'Draft copy: replaces the live one when launched',
      );
      // the live one runs unchanged meanwhile
      expect(await live.locator('.state').textContent()).toBe(state);
      expect(await live.textContent()).not.toContain(MESSAGE);
      const launch = draft.getByRole('button', { name: 'Launch Welcome tour (draft copy)' });
      expect(await launch.getAttribute('aria-disabled')).toBe('true');
      await launch.focus();
      await page.getByRole('tooltip').filter({ hasText: 'Launch: needs launch' }).waitFor();
      await checkScreen(page, 'engagements.edit-draft-copy');
      await page.context().close();
    },
  );

  seedTask(
    'engagements.launch-draft-copy',
    'A production launcher launches the draft copy: the live engagement takes its content',
    async () => {
      const page = await signIn(browser(), url, 'pla');
      await go(page, '/engagements', 'Engagements');
      const draft = page.locator(DRAFT);
      await draft.getByRole('button', { name: 'Launch Welcome tour (draft copy)' }).click();
      await draft.waitFor({ state: 'detached' });
      const live = page.locator('tr[data-engagement="welcome-tour"]');
      await live.getByText(MESSAGE).waitFor();
      expect(await live.locator('.state').textContent()).toBe('Active');
      await checkScreen(page, 'engagements.launch-draft-copy');
      await page.context().close();
    },
  );
});
