/**
 * The screens of the demo as designers see them, over the story world: the dashboard action
 * bar and listing row with the demo's icon buttons (apps/demo's `ActionButton`, `Icon` and
 * styles), the navigation menu, a bundle editor's page tree and the manage-permissions
 * dialog. Each takes the knobs the stories expose as controls.
 */

import type { ReactNode } from 'react';
import { ActionButton } from '../../apps/demo/src/components/ActionButton.tsx';
import { ASSET_ACTIONS, SHARING_LABEL } from '../../apps/demo/src/components/AssetRow.tsx';
import { Icon } from '../../apps/demo/src/components/Icon.tsx';
import {
  DASHBOARDS,
  type DashboardId,
  PEOPLE,
  schema,
} from '../../packages/react/src/__fixtures__/world.ts';
import {
  Can,
  GuardedAction,
  type MenuItem,
  useGrantkitStatus,
  useMenu,
} from '../../packages/react/src/index.ts';

/** The sharing levels of MODEL A1 and the story dashboard that has each. */
export const SHARING_LEVELS = DASHBOARDS.map((d) => d.sharing);
export type SharingLevel = (typeof DASHBOARDS)[number]['sharing'];
export const boardOf = (sharing: SharingLevel) => DASHBOARDS.find((d) => d.sharing === sharing)!;
export const onBoard = (id: DashboardId) => ({
  type: 'dashboard',
  id,
  fields: { title: DASHBOARDS.find((d) => d.id === id)!.title },
});

/** The client's status as a banner, the way the demo's top bar reports it (MODEL C3, C4). */
export function StatusBanner(): ReactNode {
  const { status, reason, error } = useGrantkitStatus();
  if (status === 'ready') return null;
  if (status === 'loading' || status === 'idle')
    return (
      <p className="notice" role="status" aria-busy="true">
        Checking your permissions…
      </p>
    );
  if (status === 'stale')
    return (
      <p className="notice refused" role="status">
        Permissions may be out of date ({reason}): actions stay greyed out until they are confirmed.
      </p>
    );
  return (
    <p className="notice refused" role="alert">
      Permissions could not be loaded: {error?.message}
    </p>
  );
}

/** The loading skeleton: grey placeholders where the actions will be. */
function Skeleton({ count }: { count: number }): ReactNode {
  return (
    <span className="sb-skeleton" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => `slot-${i}`).map((slot) => (
        <span key={slot} className="sb-skeleton-box" />
      ))}
    </span>
  );
}

/** Props of {@link ProductActionBar}. */
export interface ProductActionBarProps {
  /** The sharing level of the opened dashboard (MODEL A1). */
  readonly sharing: SharingLevel;
  /** Icon buttons (as in the listing) or text buttons (as in an opened dashboard). */
  readonly text?: boolean;
}

/** The action bar of an opened dashboard: every action shown, those the user lacks greyed out. */
export function ProductActionBar({ sharing, text = true }: ProductActionBarProps): ReactNode {
  const board = boardOf(sharing);
  const { status } = useGrantkitStatus();
  return (
    <section className="card" aria-labelledby={`bar-${board.id}`}>
      <h2 id={`bar-${board.id}`}>
        <Icon name="dashboard" /> {board.title}{' '}
        <span className="state">{SHARING_LABEL[sharing]}</span>
      </h2>
      <StatusBanner />
      <div className="toolbar" role="toolbar" aria-label={`Actions on ${board.title}`}>
        {status === 'loading' ? (
          <Skeleton count={ASSET_ACTIONS.length} />
        ) : (
          ASSET_ACTIONS.map((a) => (
            <ActionButton
              key={a.kind}
              I={a.I}
              on={onBoard(board.id)}
              icon={a.icon}
              label={a.label}
              text={text}
              onClick={() => {}}
            />
          ))
        )}
      </div>
    </section>
  );
}

/** The dashboards listing: one row per sharing level, with the demo's icon actions. */
export function ProductListing({ only }: { only?: SharingLevel | undefined }): ReactNode {
  const rows = only ? [boardOf(only)] : DASHBOARDS;
  return (
    <table>
      <caption className="sr-only">Dashboards in Reports</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Owner</th>
          <th scope="col">Sharing</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} data-asset={d.id}>
            <td className="name">
              <Icon name="dashboard" /> {d.title}
            </td>
            <td>Ann</td>
            <td>{SHARING_LABEL[d.sharing]}</td>
            <td className="actions">
              {ASSET_ACTIONS.map((a) => (
                <ActionButton
                  key={a.kind}
                  I={a.I}
                  on={onBoard(d.id)}
                  icon={a.icon}
                  label={a.label}
                  subject={d.title}
                  onClick={() => {}}
                />
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MenuList({ items }: { items: readonly MenuItem[] }): ReactNode {
  return (
    <ul>
      {items.map((item) => (
        <li key={item.id}>
          {item.navigable ? (
            <a href={`#/${item.id}`}>{item.title}</a>
          ) : (
            <span className="menu-heading">{item.title}</span>
          )}
          {item.children.length > 0 && <MenuList items={item.children} />}
        </li>
      ))}
    </ul>
  );
}

/** The demo's sidebar menu (MODEL N3): headings only to reach pages are plain text. */
export function ProductMenu(): ReactNode {
  const menu = useMenu(schema.def.pages);
  return (
    <aside className="sidebar" style={{ width: '16rem' }}>
      <nav aria-label="Main" className="menu">
        <p className="nav-title">Pages</p>
        {menu.length === 0 ? <p className="muted">No pages to show.</p> : <MenuList items={menu} />}
      </nav>
    </aside>
  );
}

/** A bundle editor's page tree: every page with its navigate grant; saving needs the Permission Bundles page (edit). */
export function ProductBundleTree({ bundle = 'Viewer' }: { bundle?: string }): ReactNode {
  const pages = schema.def.pages;
  return (
    <form className="card" aria-label={`Bundle ${bundle}`} onSubmit={(e) => e.preventDefault()}>
      <h2>Bundle: {bundle}</h2>
      <fieldset>
        <legend>Pages this bundle grants</legend>
        <ul className="sb-tree">
          {pages.map((p) => (
            <li key={p.id} style={{ paddingLeft: `${(p.id.split('.').length - 1) * 1.25}rem` }}>
              <label className="check">
                <input type="checkbox" defaultChecked={p.id === 'dashboards'} /> {p.title}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="buttons">
        <GuardedAction
          I="edit"
          on={{ type: 'page', id: 'administration.permissionBundles' }}
          tooltipClassName="tooltip"
        >
          <button type="submit" className="primary">
            Save bundle
          </button>
        </GuardedAction>
      </div>
    </form>
  );
}

/** The manage-permissions dialog of a dashboard, drawn open (not modal, so stories stay in flow). */
export function ProductManagePermissions({ sharing }: { sharing: SharingLevel }): ReactNode {
  const board = boardOf(sharing);
  return (
    <section
      className="dialog sb-dialog"
      role="dialog"
      aria-labelledby="mp-title"
      style={{ margin: 0 }}
    >
      <div className="dialog-head">
        <h2 id="mp-title">Manage permissions: {board.title}</h2>
      </div>
      <div className="dialog-body">
        <p>
          Owner: <strong>Ann</strong> (always has admin; it cannot be revoked, MODEL A8)
        </p>
        <label className="field">
          Sharing{' '}
          <select defaultValue={sharing}>
            {SHARING_LEVELS.map((s) => (
              <option key={s} value={s}>
                {SHARING_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <Can
          I="admin"
          on={onBoard(board.id)}
          fallback={
            <p className="notice refused">{`Only an admin of ${board.title} may change who can see it (MODEL A7).`}</p>
          }
        >
          <p className="notice ok">You may change the sharing of {board.title}.</p>
        </Can>
        <div className="dialog-foot">
          <div className="buttons">
            <GuardedAction I="admin" on={onBoard(board.id)} tooltipClassName="tooltip">
              <button type="button" className="primary">
                Save
              </button>
            </GuardedAction>
          </div>
        </div>
      </div>
    </section>
  );
}

/** The acting users, for the `user` control. */
export const USER_IDS = PEOPLE.map((p) => p.id);
