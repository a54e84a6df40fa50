/**
 * The demo's shell as its users meet it (issue 13, "Broken or rough"): reason tooltips that
 * leave the rows around them reachable, readable header buttons, loading that looks like
 * loading, an audit log in sentences, a layout that works at 768 px, a focus ring on greyed
 * controls and the view-as search.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject } from 'vitest';
import { userEmail } from '../src/names.ts';
import { chromiumForThisFile } from './browser.ts';
import { go, opFromPage, signIn } from './demo.ts';
import { checkScreen, seedTask } from './seedTask.ts';

const url = inject('demoUrl');
const browser = chromiumForThisFile();

/** The element at the centre of a locator's box, as `tag[aria-label]` of its closest button. */
async function hitAt(page: Page, box: { x: number; y: number; width: number; height: number }) {
  return page.evaluate(
    ([x, y]) => {
      const el = document.elementFromPoint(x as number, y as number);
      return el?.closest('button')?.getAttribute('aria-label') ?? el?.tagName ?? null;
    },
    [box.x + box.width / 2, box.y + box.height / 2],
  );
}

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('the shell (issue 13)', () => {
  seedTask(
    'ui.tooltip-next-row',
    'A CS user hovers a greyed action, reads why, and the buttons of the rows around it stay clickable',
    async () => {
      const page = await signIn(browser(), url, 'eve');
      await go(page, '/dashboards', 'Dashboards');
      await page.locator('[data-folder="cs"]').click();
      const rows = page.locator('table.assets tbody tr[data-asset]');
      await rows.nth(2).waitFor();
      // West (row 2): Edit is greyed for Eve; East above and the dashboard below it
      const edit = rows.nth(1).locator('button[data-action="edit"]');
      expect(await edit.getAttribute('aria-disabled')).toBe('true');
      await edit.hover();
      const tooltip = page.getByRole('tooltip').filter({ visible: true });
      await tooltip.waitFor();
      expect(await tooltip.textContent()).toMatch(/^Edit: needs edit on folder “West”/);
      expect(await tooltip.evaluate((e) => getComputedStyle(e).pointerEvents)).toBe('none');
      // the tooltip neither hides nor captures the buttons of the next row and the one above
      const below = rows.nth(2).locator('button[data-action="view"]');
      const above = rows.nth(0).locator('button[data-action="edit"]');
      const belowName = await below.getAttribute('aria-label');
      const aboveName = await above.getAttribute('aria-label');
      const belowBox = (await below.boundingBox())!;
      const aboveBox = (await above.boundingBox())!;
      const tipBox = (await tooltip.boundingBox())!;
      expect(tipBox.y + tipBox.height).toBeLessThanOrEqual(belowBox.y);
      expect(await hitAt(page, belowBox)).toBe(belowName);
      expect(await hitAt(page, aboveBox)).toBe(aboveName);
      await checkScreen(page, 'ui.tooltip-next-row');

      // an allowed icon button's label (on hover) does not cover the next row either
      await rows.nth(0).locator('button[data-action="view"]').hover();
      const nextView = rows.nth(1).locator('button[data-action="view"]');
      expect(await hitAt(page, (await nextView.boundingBox())!)).toBe(
        await nextView.getAttribute('aria-label'),
      );
      // and the button above the greyed one is reached and works with a real click
      await edit.hover();
      await tooltip.waitFor();
      // (Playwright's click checks that the button itself receives the click at its centre)
      await above.click();
      await page.getByRole('dialog').waitFor();
      expect(await page.getByRole('dialog').getByRole('heading').first().textContent()).toMatch(
        /East/,
      );
      await page.context().close();
    },
  );

  seedTask(
    'ui.header-hover',
    'An admin hovers the header buttons and can still read them (never white on white)',
    async () => {
      const page = await signIn(browser(), url, 'ada');
      for (const name of ['Refresh user data', 'Sign out']) {
        const button = page.locator('.topbar').getByRole('button', { name, exact: true });
        await button.hover();
        const { color, background } = await button.evaluate((e) => {
          const own = getComputedStyle(e).backgroundColor;
          const bar = getComputedStyle(e.closest('.topbar') as Element).backgroundColor;
          const transparent = own === 'rgba(0, 0, 0, 0)' || own === 'transparent';
          return { color: getComputedStyle(e).color, background: transparent ? bar : own };
        });
        expect(color, name).not.toBe(background);
        expect(contrast(color, background), `${name}: ${color} on ${background}`).toBeGreaterThan(
          4.5,
        );
      }
      await checkScreen(page, 'ui.header-hover');
      await page.context().close();
    },
  );

  seedTask(
    'ui.loading-skeletons',
    'An admin whose grants load slowly sees skeletons, never “no access”',
    async () => {
      const context = await browser().newContext();
      const page = await context.newPage();
      let release: () => void = () => undefined;
      const held = new Promise<void>((done) => {
        release = done;
      });
      // hold the grants snapshot (GET /api/grants, not the stream) until released
      await page.route(/\/api\/grants(\?.*)?$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(url);
      await page.locator('[data-user="ada"]').click();
      await page.locator('.grants-status[data-status="loading"]').waitFor();
      const sidebar = page.locator('nav.sidebar');
      await sidebar.getByTestId('skeleton').waitFor();
      await page.locator('main').getByTestId('skeleton').waitFor();
      const denial =
        /no access|not open to you|No pages are open|Nothing in the navigation|may not/i;
      expect(await page.locator('body').innerText()).not.toMatch(denial);
      // a screen behind a page: its title and a skeleton, not "You may not open this page"
      await go(page, '/sharing', 'Sharing Settings');
      await page.locator('main').getByTestId('skeleton').waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(denial);
      await checkScreen(page, 'ui.loading-skeletons');

      release();
      await page.locator('.grants-status[data-status="ready"]').waitFor();
      await page.locator('[data-testid="menu"]').first().waitFor();
      expect(await page.getByTestId('skeleton').count()).toBe(0);
      await page.locator('nav.sidebar').getByRole('link', { name: 'Permission Bundles' }).waitFor();
      await context.close();
    },
  );

  seedTask(
    'ui.audit-sentences',
    'A super admin reads the audit log as sentences, with the before/after as a readable diff',
    async () => {
      const page = await signIn(browser(), url, 'sam');
      // a change of his own to read about: a folder he creates, shares with Eli and deletes
      const id = `ui-audit-${Date.now().toString(36)}`;
      const title = `Audit check ${id.slice(-4)}`;
      for (const [op, args] of [
        ['createAsset', { type: 'folder', id, parent: 'home', fields: { title } }],
        ['share', { asset: id, user: 'eli', level: 'view' }],
        ['deleteAsset', { asset: id }],
      ] as const)
        expect((await opFromPage(page, op, args)).status, op).toBe(200);
      await go(page, '/audit', 'Audit log');
      const table = page.locator('table.audit');
      const shared = table
        .locator('tbody > tr')
        .filter({ hasText: `Sam Super shared the folder “${title}” with Eli East (view)` });
      await shared.waitFor();
      await table
        .locator('tbody > tr')
        .filter({ hasText: `Sam Super created the folder “${title}”` })
        .waitFor();
      await table
        .locator('tbody > tr')
        .filter({ hasText: `Sam Super deleted the folder “${title}”` })
        .waitFor();
      // no raw JSON, no raw type names in what is shown
      const shown = await table.innerText();
      expect(shown).not.toMatch(/[{}]|":|\bdashboard [a-z0-9-]+\b/);
      // the before/after, one click away, as a readable diff
      await shared.getByText('Changes').click();
      const diff = shared.locator('table.diff');
      await diff.waitFor();
      expect(await diff.innerText()).toMatch(/Shares\s+none\s+Eli East: view/);
      expect(await diff.innerText()).toMatch(/Sharing\s+Private\s+Specific people/);
      await checkScreen(page, 'ui.audit-sentences');
      await page.context().close();
    },
  );

  seedTask(
    'ui.narrow-768',
    'A CS user on a 768 px tablet sees the content first and reaches the menu',
    async () => {
      const page = await signIn(browser(), url, 'eve');
      await page.setViewportSize({ width: 768, height: 1024 });
      await go(page, '/dashboards', 'Dashboards');
      const heading = page.getByRole('heading', { level: 1, name: 'Dashboards' });
      const box = (await heading.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(1024 / 3); // no sidebar to scroll past
      expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        768,
      );
      await checkScreen(page, 'ui.narrow-768');
      // the menu: one button away, by keyboard too
      const toggle = page.getByRole('button', { name: 'Menu' });
      await toggle.focus();
      await page.keyboard.press('Enter');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      await nav.waitFor();
      await checkScreen(page, 'ui.narrow-768-menu');
      expect(
        await nav.getByLabel('Search pages').evaluate((e) => e === document.activeElement),
      ).toBe(true);
      await page.keyboard.press('Escape');
      await nav.waitFor({ state: 'hidden' });
      // the open drawer dims the page; a click beside it closes it
      await toggle.click();
      await nav.waitFor();
      await page.getByTestId('drawer-backdrop').click({ position: { x: 700, y: 600 } });
      await nav.waitFor({ state: 'hidden' });
      await toggle.click();
      await nav.getByRole('link', { name: 'Timeline' }).click();
      await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
      await nav.waitFor({ state: 'hidden' });
      await page.context().close();
    },
  );

  seedTask(
    'ui.focus-ring-greyed',
    'A keyboard user tabs onto a greyed action and sees a clear focus ring and the reason',
    async () => {
      const page = await signIn(browser(), url, 'eve');
      await go(page, '/dashboards', 'Dashboards');
      await page.locator('[data-folder="cs"]').click();
      const row = page.locator('table.assets tbody tr[data-asset]').nth(1);
      await row.locator('button[data-action="view"]').focus();
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      expect(await focused.getAttribute('aria-disabled')).toBe('true');
      expect(await focused.getAttribute('aria-label')).toBe('Edit West');
      const style = await focused.evaluate((e) => {
        const s = getComputedStyle(e);
        return {
          outline: s.outlineStyle,
          width: Number.parseFloat(s.outlineWidth),
          color: s.outlineColor,
          filter: s.filter,
          opacity: Number(s.opacity),
          page: getComputedStyle(document.body).backgroundColor,
        };
      });
      expect(style.outline).toBe('solid');
      expect(style.width).toBeGreaterThanOrEqual(2);
      // the ring keeps its colour (no grey filter over it) and stands out from the page
      expect(style.filter).toBe('none');
      expect(style.opacity).toBe(1);
      expect(contrast(style.color, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
      await page.getByRole('tooltip').filter({ hasText: 'Edit: needs edit' }).waitFor();
      await checkScreen(page, 'ui.focus-ring-greyed');
      await page.context().close();
    },
  );

  seedTask(
    'ui.viewas-search',
    'A super admin finds a user by email in the view-as picker and views as them',
    async () => {
      const page = await signIn(browser(), url, 'sam');
      const search = page.getByRole('searchbox', { name: 'Find a person by name or email' });
      await search.fill(userEmail('wes'));
      const options = page.getByLabel('View as', { exact: true }).locator('option:not([value=""])');
      await expect
        .poll(() => options.allTextContents())
        .toEqual([`Wes West (manager) · ${userEmail('wes')}`]);
      await checkScreen(page, 'ui.viewas-search');
      await search.press('Enter');
      await page.getByTestId('viewas-banner').filter({ hasText: 'Wes West' }).waitFor();
      await page.locator('.grants-status[data-status="ready"]').waitFor();
      // by name, any case
      await page.getByRole('button', { name: 'Stop viewing as' }).click();
      await page.getByTestId('viewas-banner').waitFor({ state: 'detached' });
      await page.getByRole('searchbox', { name: 'Find a person by name or email' }).fill('EVE');
      await expect
        .poll(() =>
          page.getByLabel('View as', { exact: true }).locator('option:not([value=""])').count(),
        )
        .toBe(1);
      await page.context().close();
    },
  );
});
