/// <reference path="../css.d.ts" />
/**
 * The page the Chromium test drives (GuardedAction.browser.test.ts): Bob's actions on the
 * public-view "Churn Watch", with the real model, snapshot and SDK client. Every handler
 * that runs is logged in `window.gkLog`.
 */
import type { ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import '../../../styles.css';
import { GrantkitProvider, GuardedAction } from '../../index.ts';
import { GuardStyles } from '../examples.tsx';
import { createWorld, dashboard } from '../world.ts';

declare global {
  interface Window {
    gkLog: string[];
  }
}
window.gkLog = [];
const log = (what: string) => () => window.gkLog.push(what);
const churn = dashboard('churn');
const RouterLink = (props: ComponentProps<'a'>) => <a {...props} />;
const world = createWorld();

function Page() {
  return (
    <GrantkitProvider client={world.client('bob')}>
      <GuardStyles />
      <main>
        <h1>Churn Watch</h1>
        <fieldset className="gk-bar">
          <legend>Dashboard actions</legend>
          <GuardedAction I="view" on={churn}>
            <button type="button" onClick={log('view')}>
              View
            </button>
          </GuardedAction>
          <GuardedAction I="edit" on={churn}>
            <button type="button" onClick={log('edit')}>
              Edit
            </button>
          </GuardedAction>
          <GuardedAction I="share" on={churn}>
            <a href="/navigated/share" onClick={log('share')}>
              Share
            </a>
          </GuardedAction>
          <GuardedAction I="admin" on={churn}>
            <RouterLink href="/navigated/delete" onClick={log('delete')}>
              Delete
            </RouterLink>
          </GuardedAction>
        </fieldset>
        <p>
          <a href="/navigated/outer" onClick={log('outer')}>
            <GuardedAction I="edit" on={churn}>
              <span>Edit in a link</span>
            </GuardedAction>
          </a>
        </p>
        <table>
          <caption>Dashboards</caption>
          <tbody>
            <tr>
              <th scope="row">Churn Watch</th>
              <td>
                <GuardedAction I="edit" on={churn}>
                  <button type="button" onClick={log('row 1')}>
                    Edit row 1
                  </button>
                </GuardedAction>
              </td>
            </tr>
            <tr>
              <th scope="row">Renewals</th>
              <td>
                <GuardedAction I="view" on={dashboard('renewals')}>
                  <button type="button" onClick={log('row 2')}>
                    Open row 2
                  </button>
                </GuardedAction>
              </td>
            </tr>
          </tbody>
        </table>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            window.gkLog.push('submit');
          }}
        >
          <input aria-label="Title" />
          <GuardedAction I="edit" on={churn}>
            <button type="submit">Save</button>
          </GuardedAction>
        </form>
        <dialog aria-label="Settings" onClose={log('dialog closed')}>
          <GuardedAction I="edit" on={churn}>
            <button type="button">Rename</button>
          </GuardedAction>
        </dialog>
      </main>
    </GrantkitProvider>
  );
}

createRoot(document.getElementById('root')!).render(<Page />);
