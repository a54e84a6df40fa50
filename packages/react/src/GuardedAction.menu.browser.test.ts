/**
 * Finding R6 in real Chromium (Debian's, driven by playwright-core): the Radix dropdown menus
 * of `__fixtures__/menus.tsx` around and inside `<GuardedAction>`. A denied trigger never
 * opens, yet a real mouse press still focuses it natively (no focus ring lost, the reason
 * closes when the pointer leaves) and the page still hears the press. Run with
 * `pnpm --filter @grantkit/react test:browser` (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { sourceConditions } from '../../../vitest.shared.ts';

const root = fileURLToPath(new URL('./__fixtures__/menu/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'grantkit-react-menu-'));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

let server: Server;
let browser: Browser;
let page: Page;

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
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  page = await browser.newPage();
});

// a fresh page for each test: a menu left open by one cannot decide the next
beforeEach(async () => {
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  // the snapshot is in: Share is greyed out
  await page.locator('button[data-state=denied]', { hasText: 'Share' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  rmSync(outDir, { recursive: true, force: true });
});

/** The open menu of that name (`[role=menu][data-menu=…]`). */
const menu = (name: string) => page.locator(`[role=menu][data-menu=${name}]`);
const button = (name: string) => page.getByRole('button', { name, exact: true });
const tooltip = () => page.getByRole('tooltip');
/** A real left press and release at the centre of `locator`, as a user's mouse does it. */
const press = async (locator: Locator) => {
  const box = (await locator.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.up();
};
const isFocused = (locator: Locator) => locator.evaluate((el) => document.activeElement === el);
/** Moves the pointer off, closes what is open and leaves focus on the page. */
const reset = async () => {
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect.poll(() => page.locator('[role=menu]').count()).toBe(0);
};

/**
 * Presses `trigger` with the mouse, then each opening key with it focused, and checks after
 * each that its menu is not open (Radix opens within the event: React flushes a discrete
 * event's update before the next input; focus moving away later would close an open menu).
 */
const expectShut = async (trigger: Locator, name: string) => {
  await press(trigger);
  expect(await menu(name).count(), 'mouse press').toBe(0);
  await reset();
  for (const key of ['ArrowDown', 'ArrowUp', 'Enter', ' ']) {
    await trigger.focus();
    await page.keyboard.press(key);
    expect(await menu(name).count(), key).toBe(0);
    await reset();
  }
};

describe('GuardedAction around a Radix menu trigger in Chromium (finding R6)', () => {
  it('the allowed trigger opens on a mouse press and on ArrowDown (the control)', async () => {
    await press(button('Open'));
    await expect.poll(() => menu('open').count()).toBe(1);
    await reset();
    await button('Open').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => menu('open').count()).toBe(1);
  });

  it('a denied trigger stays closed on a mouse press, ArrowDown, ArrowUp, Enter and Space', async () => {
    const share = button('Share');
    await expectShut(share, 'share');
    expect(await share.getAttribute('aria-expanded')).toBe('false');
  });

  it('a mouse press focuses the denied trigger natively; its reason closes when the pointer leaves', async () => {
    const share = button('Share');
    await press(share);
    expect(await isFocused(share)).toBe(true);
    // focused by the press, not by script: no keyboard focus ring, so the reason follows the pointer
    expect(await share.evaluate((el) => el.matches(':focus-visible'))).toBe(false);
    await expect.poll(() => tooltip().isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip().count()).toBe(0);
    expect(await isFocused(share)).toBe(true);
  });

  it('the page still hears a press on a denied trigger: an open menu closes on it', async () => {
    await press(button('Open'));
    await expect.poll(() => menu('open').count()).toBe(1);
    await page.evaluate(() => {
      const w = window as unknown as { heard: string[] };
      w.heard = [];
      for (const type of ['pointerdown', 'mousedown'])
        document.addEventListener(type, (event) => w.heard.push(event.type), { once: true });
    });
    await press(button('Share'));
    expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([
      'pointerdown',
      'mousedown',
    ]);
    await expect.poll(() => menu('open').count()).toBe(0);
    expect(await menu('share').count()).toBe(0);
    expect(await isFocused(button('Share'))).toBe(true);
  });

  it('the reverse nesting (GuardedAction inside Trigger asChild) stays closed while denied', async () => {
    await expectShut(button('Export'), 'export');
  });

  it('the arrows still move past denied items of an open menu (an item, a submenu trigger)', async () => {
    await button('Open').focus();
    await page.keyboard.press('ArrowDown');
    const item = (name: string) => page.getByRole('menuitem', { name });
    await expect.poll(() => isFocused(item('Copy link'))).toBe(true);
    for (const name of ['Rename', 'Move to', 'Duplicate']) {
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => isFocused(item(name))).toBe(true);
    }
    expect(await item('Rename').getAttribute('aria-disabled')).toBe('true');
  });
});
