/**
 * The example screens stories and the browser test show: a dashboard action bar, the
 * navigation menu and a "view as" switcher, built only on the public API of
 * `@grantkit/react` over the story world.
 */
import { type ReactNode, useState } from 'react';
import { GrantkitProvider, GuardedAction, type MenuItem, useMenu } from '../index.ts';
import {
  DASHBOARDS,
  type DashboardId,
  dashboard,
  PEOPLE,
  type PersonId,
  schema,
  type World,
} from './world.ts';

/**
 * The example screens' own look; greyed-out actions, the focus ring and the tooltip come
 * from `@grantkit/react/styles.css` (imported by the stories and the browser page).
 */
export const guardStyles = `
.gk-bar { display: flex; flex-wrap: wrap; gap: 8px; border: 0; margin: 0; padding: 0; }
.gk-bar legend { float: left; width: 100%; padding: 0 0 4px; font-weight: 600; }
.gk-bar button { font: inherit; padding: 6px 12px; border: 1px solid #4b5563; border-radius: 6px; background: #fff; color: #111827; cursor: pointer; }
.gk-bar button[data-state="pending"] { border-style: dashed; }
`;

/** Adds the example styles once, wherever it is rendered. */
export const GuardStyles = (): ReactNode => <style>{guardStyles}</style>;

/**
 * The dashboard actions and the model action each needs: moving is a permission change and
 * needs `admin` on the asset (MODEL A10, as the demo's listing has it), deleting and managing
 * permissions need `admin` (MODEL A7).
 */
export const DASHBOARD_ACTIONS = [
  { label: 'View', action: 'view' },
  { label: 'Edit', action: 'edit' },
  { label: 'Share', action: 'share' },
  { label: 'Move', action: 'admin' },
  { label: 'Delete', action: 'admin' },
  { label: 'Manage permissions', action: 'admin' },
] as const;

/** Props of {@link DashboardActionBar}. */
export interface DashboardActionBarProps {
  readonly id: DashboardId;
  /** Called with the action's label when an allowed action is used. */
  readonly onAction?: ((label: string) => void) | undefined;
}

/** The action bar of an opened dashboard: every action shown, the ones the user lacks greyed out. */
export function DashboardActionBar({ id, onAction }: DashboardActionBarProps): ReactNode {
  const board = DASHBOARDS.find((d) => d.id === id)!;
  const on = dashboard(id);
  return (
    <section aria-labelledby={`gk-${id}-title`}>
      <GuardStyles />
      <h2 id={`gk-${id}-title`}>
        {board.title} <small>({board.sharing})</small>
      </h2>
      <fieldset className="gk-bar">
        <legend>Actions on {board.title}</legend>
        {DASHBOARD_ACTIONS.map(({ label, action }) => (
          <GuardedAction key={label} I={action} on={on}>
            <button type="button" onClick={() => onAction?.(label)}>
              {label}
            </button>
          </GuardedAction>
        ))}
      </fieldset>
    </section>
  );
}

function MenuList({ items }: { items: readonly MenuItem[] }): ReactNode {
  return (
    <ul>
      {items.map((item) => (
        <li key={item.id}>
          {item.navigable ? <a href={`#/${item.id}`}>{item.title}</a> : <span>{item.title}</span>}
          {item.children.length > 0 && <MenuList items={item.children} />}
        </li>
      ))}
    </ul>
  );
}

/** The navigation menu of the signed-in user (MODEL N3): ancestors only to reach pages are plain text. */
export function NavigationMenu({ label = 'Main' }: { label?: string }): ReactNode {
  const menu = useMenu(schema.def.pages);
  return (
    <nav aria-label={label} className="menu">
      {menu.length === 0 ? <p>No pages to show.</p> : <MenuList items={menu} />}
    </nav>
  );
}

/** Props of {@link ViewAsSwitcher}. */
export interface ViewAsSwitcherProps {
  readonly world: World;
  /** The signed-in user; only a super admin may view as someone else (MODEL A11). */
  readonly actor: PersonId;
  readonly initial?: PersonId;
}

/**
 * A super admin's "view as": the screens below answer every check as the chosen user would
 * get it, and nothing can be changed meanwhile (MODEL A11).
 */
export function ViewAsSwitcher({ world, actor, initial = 'bob' }: ViewAsSwitcherProps): ReactNode {
  const [viewAs, setViewAs] = useState<PersonId>(initial);
  const mayViewAs = world.model.getUser(actor)?.superAdmin === true;
  const person = PEOPLE.find((p) => p.id === viewAs)!;
  if (!mayViewAs)
    return (
      <p role="status">
        Only a super admin may view as another user (MODEL A11). Pick Root in the toolbar.
      </p>
    );
  return (
    <div>
      <label>
        View as{' '}
        <select value={viewAs} onChange={(e) => setViewAs(e.target.value as PersonId)}>
          {PEOPLE.filter((p) => p.id !== actor).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <p role="status">
        Viewing as {person.name}: every answer is theirs, and nothing can be changed.
      </p>
      <GrantkitProvider client={world.client(viewAs)}>
        <NavigationMenu label={`Menu of ${person.name}`} />
        <DashboardActionBar id="exec" />
      </GrantkitProvider>
    </div>
  );
}
