import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Menus } from './__fixtures__/menus.tsx';
import { createWorld } from './__fixtures__/world.ts';
import { GrantkitProvider } from './index.ts';

// Finding R6 with the real Radix dropdown menu (see __fixtures__/menus.tsx); the same page
// runs in Chromium in GuardedAction.menu.browser.test.ts.
const world = createWorld();
afterAll(() => world.dispose());
afterEach(cleanup);
beforeAll(() => {
  // Radix measures its content with a ResizeObserver, which jsdom lacks
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const renderMenus = async () => {
  render(
    <GrantkitProvider client={world.client('bob')}>
      <Menus />
    </GrantkitProvider>,
  );
  // the snapshot is in: Open is allowed, Share denied
  const share = screen.getByRole('button', { name: 'Share' });
  await expect.poll(() => share.getAttribute('data-state')).toBe('denied');
};
/** The open menu of that name, or null. */
const menu = (name: string) => document.querySelector(`[role=menu][data-menu=${name}]`);

describe('GuardedAction around a menu trigger (finding R6)', () => {
  it('the allowed trigger opens by pointer and by ArrowDown (the control: these presses open a menu)', async () => {
    const user = userEvent.setup();
    await renderMenus();
    const open = screen.getByRole('button', { name: 'Open' });
    await user.click(open);
    expect(menu('open')).not.toBeNull();
    await user.keyboard('{Escape}');
    expect(menu('open')).toBeNull();
    open.focus();
    await user.keyboard('{ArrowDown}');
    expect(menu('open')).not.toBeNull();
  });
  it('a denied trigger stays closed on a press, ArrowDown, ArrowUp, Enter and Space', async () => {
    const user = userEvent.setup();
    await renderMenus();
    const share = screen.getByRole('button', { name: 'Share' });
    expect(share.getAttribute('aria-disabled')).toBe('true');
    // each checked at once: focus moving away would close a menu that did open
    await user.click(share);
    expect(menu('share')).toBeNull();
    for (const key of ['{ArrowDown}', '{ArrowUp}', '{Enter}', ' ']) {
      share.focus();
      await user.keyboard(key);
      expect(menu('share'), key).toBeNull();
    }
    expect(share.getAttribute('aria-expanded')).toBe('false');
  });
  it('a pressed denied trigger takes focus and the page still hears the press', async () => {
    const user = userEvent.setup();
    await renderMenus();
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(menu('open')).not.toBeNull();
    const heard: string[] = [];
    const listen = (event: Event) => heard.push(event.type);
    document.addEventListener('pointerdown', listen);
    document.addEventListener('mousedown', listen);
    const share = screen.getByRole('button', { name: 'Share' });
    await user.click(share);
    document.removeEventListener('pointerdown', listen);
    document.removeEventListener('mousedown', listen);
    // no native preventDefault(): the mousedown follows and focuses the action
    expect(heard).toEqual(['pointerdown', 'mousedown']);
    expect(document.activeElement).toBe(share);
    // Radix's own outside-press listener on the document closed the open menu
    expect(menu('open')).toBeNull();
    expect(menu('share')).toBeNull();
  });
  it('the reverse nesting (GuardedAction inside Trigger asChild) stays closed while denied', async () => {
    const user = userEvent.setup();
    await renderMenus();
    const exportButton = screen.getByRole('button', { name: 'Export' });
    await user.click(exportButton);
    expect(menu('export')).toBeNull();
    for (const key of ['{ArrowDown}', '{ArrowUp}', '{Enter}', ' ']) {
      exportButton.focus();
      await user.keyboard(key);
      expect(menu('export'), key).toBeNull();
    }
  });
  it('the arrows still move past denied items inside an open menu (an item, a submenu trigger)', async () => {
    const user = userEvent.setup();
    await renderMenus();
    screen.getByRole('button', { name: 'Open' }).focus();
    await user.keyboard('{ArrowDown}');
    const item = (name: string) => screen.getByRole('menuitem', { name });
    await expect.poll(() => document.activeElement).toBe(item('Copy link'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(item('Rename'));
    expect(item('Rename').getAttribute('aria-disabled')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(item('Move to'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(item('Duplicate'));
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(item('Rename'));
  });
});
