/** Sign-in, the menu and page search by the user's bundles (MODEL N3), records, refresh. */
import { describe, expect, inject } from 'vitest';
import { chromiumForThisFile } from './browser.ts';
import { go, menuOf, seedModel, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

describe('signing in and navigating', () => {
  seedTask(
    'navigation.sign-in',
    'lists every seeded user on the dev sign-in screen, accessibly',
    async () => {
      const page = await browser().newPage();
      await page.goto(url);
      await page.locator('[data-user]').first().waitFor();
      expect(await page.locator('[data-user]').count()).toBe(22);
      await checkScreen(page, 'navigation.sign-in.sign-in');
      await page.context().close();
    },
  );

  seedTask(
    'navigation.menu-by-bundles',
    'shows each user the menu of their own bundles (MODEL N3)',
    async () => {
      const model = seedModel();
      const eve = await signIn(browser(), url, 'eve');
      const vic = await signIn(browser(), url, 'vic');
      const eveMenu = await menuOf(eve);
      const vicMenu = await menuOf(vic);
      expect(eveMenu).not.toEqual(vicMenu);
      expect([...eveMenu].sort()).toEqual(model.menu('eve'));
      expect([...vicMenu].sort()).toEqual(model.menu('vic'));
      expect(eveMenu).toContain('dashboards');
      expect(vicMenu).not.toContain('dashboards');
      expect(vicMenu).toContain('mySettings');
      await checkScreen(eve, 'navigation.menu-by-bundles.dashboards');
      await eve.context().close();
      await vic.context().close();
    },
  );

  seedTask(
    'navigation.bundles-i-administer',
    'finding 2 (outside walk): "Bundles I administer" only for bundle administrators; no empty PAGES section',
    async () => {
      const workspace = (page: Awaited<ReturnType<typeof signIn>>) =>
        page.getByRole('navigation', { name: 'Main' });
      // Mia administers Dashboard Builders (MODEL N9) without the Permission Bundles page
      const mia = await signIn(browser(), url, 'mia');
      await workspace(mia).getByRole('link', { name: 'Bundles I administer' }).waitFor();
      await checkScreen(mia, 'navigation.bundles-i-administer');
      await mia.context().close();
      // Eve administers no bundle: once her bundles are read, no link
      const eve = await signIn(browser(), url, 'eve');
      await expect
        .poll(() =>
          eve.evaluate(() =>
            performance.getEntriesByType('resource').some((e) => e.name.includes('/world/bundles')),
          ),
        )
        .toBe(true);
      await eve.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
      expect(await workspace(eve).getByRole('link', { name: 'Bundles I administer' }).count()).toBe(
        0,
      );
      await eve.context().close();
      // a PX viewer has engagements but no page: no PAGES heading, no "No pages" sentence
      const pvi = await signIn(browser(), url, 'pvi');
      await workspace(pvi).getByRole('link', { name: 'Engagements' }).waitFor();
      expect(await workspace(pvi).getByRole('heading', { name: 'Pages' }).count()).toBe(0);
      expect(await workspace(pvi).textContent()).not.toContain('No pages are open');
      await pvi.context().close();
    },
  );

  seedTask(
    'navigation.page-search',
    'finds only pages the user may navigate in the page search (MODEL N3)',
    async () => {
      const eve = await signIn(browser(), url, 'eve');
      const search = eve.getByLabel('Search pages');
      await search.fill('sharing');
      await expect
        .poll(() => eve.getByTestId('search-results').textContent())
        .toContain('No page found');
      await search.fill('dash');
      const results = eve.getByTestId('search-results').getByRole('link');
      await expect.poll(() => results.allInnerTexts()).toEqual(['Dashboards', 'Dashboard Builder']);
      await checkScreen(eve, 'navigation.page-search');
      await eve.context().close();

      const ada = await signIn(browser(), url, 'ada');
      await ada.getByLabel('Search pages').fill('sharing');
      await ada
        .getByTestId('search-results')
        .getByRole('link', { name: 'Sharing Settings' })
        .click();
      await ada.getByRole('heading', { level: 1, name: 'Sharing Settings' }).waitFor();
      await ada.context().close();
    },
  );

  seedTask(
    'records.read-write-refresh',
    'shows the records a user may read and write, and refreshes user data on demand',
    async () => {
      const eve = await signIn(browser(), url, 'eve');
      await go(eve, '/records', 'C360: records');
      const rel1 = eve.locator('tr[data-record="rel-1"]');
      await rel1.waitFor();
      expect(await rel1.locator('[data-action="read"]').getAttribute('data-allowed')).toBe('true');
      // West's relationships are not shared with the East (MODEL D3)
      expect(await eve.locator('tr[data-record="rel-2"]').count()).toBe(0);
      await checkScreen(eve, 'records.read-write-refresh.records');

      await eve.getByRole('button', { name: 'Refresh user data' }).click();
      await eve.getByText(/User data refreshed \(revision \d+\)/).waitFor();
      await eve.context().close();
    },
  );
});
