/// <reference path="../css.d.ts" />
/**
 * The page GuardedAction.menu.browser.test.ts drives: the Radix menus of `../menus.tsx`
 * for Bob, with the real model, snapshot and SDK client and the package's stylesheet.
 */
import { createRoot } from 'react-dom/client';
import '../../../styles.css';
import { GrantkitProvider } from '../../index.ts';
import { Menus } from '../menus.tsx';
import { createWorld } from '../world.ts';

createRoot(document.getElementById('root')!).render(
  <GrantkitProvider client={createWorld().client('bob')}>
    <main>
      <h1>Churn Watch</h1>
      <Menus />
    </main>
  </GrantkitProvider>,
);
