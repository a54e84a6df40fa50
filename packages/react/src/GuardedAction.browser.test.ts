/**
 * `<GuardedAction>` in real Chromium (Debian's, driven by playwright-core): focus, hover,
 * keyboard activation, link navigation and the accessibility tree, which jsdom only imitates.
 * Run with `pnpm --filter @grantkit/react test:browser` (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { sourceConditions } from '../../../vitest.shared.ts';

const root = fileURLToPath(new URL('./__fixtures__/browser/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'grantkit-react-browser-'));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

let server: Server;
let browser: Browser;
let page: Page;
let base: string;
/** Every request for a `/navigated/...` URL: a denied link that navigated. */
const navigations: string[] = [];

beforeAll(async () => {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [react()],
    resolve: sourceConditions.resolve,
    build: { outDir, emptyOutDir: true, minify: false },
  });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/navigated')) navigations.push(path);
    try {
      const file = path === '/' ? 'index.html' : path.slice(1);
      const body = readFileSync(join(outDir, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  page = await browser.newPage();
  await page.goto(base);
  await page.getByRole('button', { name: 'View' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  rmSync(outDir, { recursive: true, force: true });
});

const log = () => page.evaluate(() => window.gkLog.splice(0));
const focused = () => page.evaluate(() => document.activeElement?.textContent);
const tooltip = () => page.getByRole('tooltip');
/** The computed style of the element behind `locator`. */
const computed = (locator: ReturnType<Page['getByRole']>) =>
  locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      opacity: s.opacity,
      cursor: s.cursor,
      filter: s.filter,
      outlineStyle: s.outlineStyle,
      outlineWidth: s.outlineWidth,
      outlineColor: s.outlineColor,
      color: s.color,
      pointerEvents: s.pointerEvents,
      position: s.position,
      backgroundColor: s.backgroundColor,
    };
  });
/** Playwright waits for aria-disabled elements to become enabled; a user clicks them anyway. */
const force = { force: true } as const;

describe('GuardedAction in Chromium', () => {
  it('runs an allowed action', async () => {
    await page.getByRole('button', { name: 'View' }).click();
    expect(await log()).toEqual(['view']);
  });

  it('keeps a denied action focusable; focus shows the reason, linked by aria-describedby', async () => {
    await page.getByRole('button', { name: 'View' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Edit');
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    expect(await tooltip().textContent()).toMatch(/edit.*Churn Watch/);
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    expect(await edit.getAttribute('aria-describedby')).toBe(await tooltip().getAttribute('id'));
    // Chromium's accessibility tree: a disabled button whose description is the reason.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: {
        role?: { value: string };
        name?: { value: string };
        description?: { value: string };
        properties?: { name: string; value: { value: unknown } }[];
      }[];
    };
    const node = nodes.find((n) => n.role?.value === 'button' && n.name?.value === 'Edit');
    expect(node?.description?.value).toMatch(/edit.*Churn Watch/);
    expect(node?.properties?.find((p) => p.name === 'disabled')?.value.value).toBe(true);
    await cdp.detach();
  });

  it('blocks Enter and Space on the focused denied action; Escape hides the tooltip', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    expect(await log()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip().count()).toBe(0);
  });

  it('shows the tooltip above the action on hover, hides it on leave', async () => {
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    await page.getByRole('button', { name: 'View' }).focus();
    await edit.hover();
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    const [a, t] = [await edit.boundingBox(), await tooltip().boundingBox()];
    expect(t!.y + t!.height).toBeLessThanOrEqual(a!.y);
    await edit.click(force);
    expect(await log()).toEqual([]);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip().count()).toBe(0);
  });

  it('never navigates a denied link: click, Enter, middle click, a link it sits in', async () => {
    const start = page.url();
    const share = page.getByRole('link', { name: 'Share' });
    await share.click(force);
    await share.press('Enter');
    const remove = page.getByRole('link', { name: 'Delete' });
    expect(await remove.getAttribute('href')).toBe('/navigated/delete');
    await remove.click(force);
    await remove.click({ ...force, button: 'middle' });
    await remove.click({ ...force, modifiers: ['Control'] });
    await remove.press('Enter');
    const outer = page.getByRole('link', { name: 'Edit in a link' });
    await outer.click(force);
    await outer.press('Enter');
    await page.waitForTimeout(200);
    expect(page.url()).toBe(start);
    expect(browser.contexts()[0]?.pages()).toHaveLength(1);
    expect(navigations).toEqual([]);
    expect(await log()).toEqual([]);
  });

  it('never submits a form through a denied submit button', async () => {
    await page.getByRole('button', { name: 'Save' }).click(force);
    await page.getByRole('textbox', { name: 'Title' }).press('Enter');
    expect(await log()).toEqual([]);
  });

  it('finding 10: styles.css greys a denied action out (opacity, grey, not-allowed cursor)', async () => {
    const style = await computed(page.getByRole('button', { name: 'Edit', exact: true }));
    expect(Number(style.opacity)).toBeLessThan(0.6);
    expect(style.cursor).toBe('not-allowed');
    expect(style.filter).toBe('grayscale(1)');
    const allowed = await computed(page.getByRole('button', { name: 'View', exact: true }));
    expect(allowed.opacity).toBe('1');
    expect(allowed.cursor).not.toBe('not-allowed');
  });

  it('finding 10: keyboard focus on a greyed action shows a full-strength focus ring', async () => {
    await page.getByRole('button', { name: 'View', exact: true }).focus();
    await page.keyboard.press('Tab');
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    expect(await edit.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
    const style = await computed(edit);
    expect(style.outlineStyle).toBe('solid');
    expect(Number.parseFloat(style.outlineWidth)).toBeGreaterThanOrEqual(2);
    expect(style.opacity).toBe('1');
    expect(style.cursor).toBe('not-allowed');
    await page.keyboard.press('Escape');
  });

  it('finding 5 (outside walk): the focus ring of a greyed action keeps its colour, the action stays grey', async () => {
    await page.getByRole('button', { name: 'View', exact: true }).focus();
    await page.keyboard.press('Tab');
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    expect(await edit.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
    const style = await computed(edit);
    // no grey filter on the element that carries the outline: the ring is the theme's blue
    expect(style.filter).toBe('none');
    expect(style.outlineColor).toBe('rgb(37, 99, 235)');
    // still greyed: its text in the disabled grey
    expect(style.color).toBe('rgb(107, 114, 128)');
    await page.keyboard.press('Escape');
  });

  it('finding 10: the tooltip does not cover the next row nor capture the pointer', async () => {
    const row1 = page.getByRole('button', { name: 'Edit row 1' });
    const row2 = page.getByRole('button', { name: 'Open row 2' });
    await row1.hover();
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    const tip = await computed(tooltip());
    expect(tip.pointerEvents).toBe('none');
    expect(tip.position).toBe('fixed');
    expect(tip.backgroundColor).toBe('rgb(17, 24, 39)');
    const [t, next] = [await tooltip().boundingBox(), await row2.boundingBox()];
    expect(t!.y + t!.height <= next!.y || t!.y >= next!.y + next!.height).toBe(true);
    // what lies under the tooltip gets the pointer, not the tooltip
    const under = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role=tooltip]') ?? null,
      [t!.x + t!.width / 2, t!.y + t!.height / 2],
    );
    expect(under).toBeNull();
    await row2.click();
    expect(await log()).toEqual(['row 2']);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip().count()).toBe(0);
  });

  it('finding R3: the pointer can move onto the reason without it disappearing (WCAG 1.4.13)', async () => {
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    await page.getByRole('button', { name: 'View' }).focus();
    await edit.hover();
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    const [a, t] = [await edit.boundingBox(), await tooltip().boundingBox()];
    // up across the gap, then over the text
    await page.mouse.move(a!.x + 4, a!.y - 2, { steps: 2 });
    await page.mouse.move(t!.x + t!.width / 2, t!.y + t!.height / 2, { steps: 4 });
    // still shown well after the close delay (a wait that only a broken build fails)
    await page.waitForTimeout(400);
    expect(await tooltip().isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip().count()).toBe(0);
  });

  it('finding R3: a reason opened by keyboard focus stays while the action keeps focus (WCAG 1.4.13)', async () => {
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    await page.getByRole('button', { name: 'View' }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    await edit.hover();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
    expect(await focused()).toBe('Edit');
    expect(await tooltip().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip().count()).toBe(0);
  });

  it('finding R5: Escape closes the open reason only, not the dialog around the action', async () => {
    await page.evaluate(() => document.querySelector('dialog')?.showModal());
    const rename = page.getByRole('button', { name: 'Rename' });
    await rename.focus();
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog [role=tooltip]').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.querySelector('dialog')?.open)).toBe(true);
    expect(await log()).toEqual([]);
    // with the reason closed, Escape is the dialog's again
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => document.querySelector('dialog')?.open))
      .toBe(false);
    expect(await log()).toEqual(['dialog closed']);
    await page.keyboard.press('Escape');
  });

  it('passes axe in the real browser (colour contrast included)', async () => {
    await page.addScriptTag({ content: axe.source });
    const serious = await page.evaluate(async () => {
      const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        resultTypes: ['violations'],
      });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help}`);
    });
    expect(serious).toEqual([]);
  });
});
