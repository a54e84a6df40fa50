/**
 * Radix dropdown menus (the real `@radix-ui/react-dropdown-menu`) around and inside
 * `<GuardedAction>`, for finding R6: GuardedAction.menu.test.tsx renders them in jsdom and
 * GuardedAction.menu.browser.test.ts in Chromium (through `menu/main.tsx`). Bob may view
 * "Churn Watch", not edit or share it. A Radix trigger opens on pointerdown (button 0, no
 * Ctrl) and on Enter, Space or ArrowDown, not on click.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { GuardedAction } from '../index.ts';
import { dashboard } from './world.ts';

const churn = dashboard('churn');

/** Content of each menu: an open menu is `[role=menu][data-menu=<name>]`. */
function Content({ name, children }: { name: string; children?: ReactNode }) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content data-menu={name}>
        <DropdownMenu.Item>Copy link</DropdownMenu.Item>
        {children}
        <DropdownMenu.Item>Duplicate</DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Portal>
  );
}

/**
 * Three triggers: Share (denied, GuardedAction around `Trigger asChild`), Export (denied,
 * the reverse nesting: GuardedAction inside `Trigger asChild`) and Open (allowed). Open's
 * menu holds denied items (a plain item, a submenu trigger) that the arrows must move past.
 * `modal={false}` on Open's menu so the page stays pressable while it is open.
 */
export function Menus() {
  return (
    <fieldset>
      <legend>Menus</legend>
      <DropdownMenu.Root>
        <GuardedAction I="share" on={churn}>
          <DropdownMenu.Trigger asChild>
            <button type="button">Share</button>
          </DropdownMenu.Trigger>
        </GuardedAction>
        <Content name="share" />
      </DropdownMenu.Root>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <GuardedAction I="edit" on={churn}>
            <button type="button">Export</button>
          </GuardedAction>
        </DropdownMenu.Trigger>
        <Content name="export" />
      </DropdownMenu.Root>
      <DropdownMenu.Root modal={false}>
        <GuardedAction I="view" on={churn}>
          <DropdownMenu.Trigger>Open</DropdownMenu.Trigger>
        </GuardedAction>
        <Content name="open">
          <GuardedAction I="edit" on={churn}>
            <DropdownMenu.Item>Rename</DropdownMenu.Item>
          </GuardedAction>
          <DropdownMenu.Sub>
            <GuardedAction I="edit" on={churn}>
              <DropdownMenu.SubTrigger>Move to</DropdownMenu.SubTrigger>
            </GuardedAction>
            <DropdownMenu.Portal>
              <DropdownMenu.SubContent data-menu="folders">
                <DropdownMenu.Item>Archive</DropdownMenu.Item>
              </DropdownMenu.SubContent>
            </DropdownMenu.Portal>
          </DropdownMenu.Sub>
        </Content>
      </DropdownMenu.Root>
    </fieldset>
  );
}
