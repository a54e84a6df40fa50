/**
 * Navigation: the page tree filtered by the user's bundles (`useMenu`, MODEL N3), a page
 * search that finds only pages the user may navigate, and the demo's other screens.
 */
import { type MenuItem, useCan, useGrantkitStatus, useMenu } from '@grantkit/react';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { routeOfPage, useRoute } from '../router';
import { PAGE, pages } from '../schema';
import { flatten } from '../util';
import { GrantsError, Skeleton } from './Skeleton';
import { useLoad, useSession } from './session';

export const SIDEBAR_ID = 'sidebar';

// Whether the navigation drawer is open (narrow screens: the sidebar is collapsed behind the
// header's Menu button, so the content comes first).
let drawerOpen = false;
const drawerListeners = new Set<() => void>();
const setDrawer = (open: boolean) => {
  drawerOpen = open;
  for (const l of drawerListeners) l();
};
const useDrawer = () =>
  useSyncExternalStore(
    (l) => {
      drawerListeners.add(l);
      return () => drawerListeners.delete(l);
    },
    () => drawerOpen,
  );

/** The header's "Menu" button: shown on narrow screens only (CSS), opens the navigation. */
export function MenuToggle() {
  const open = useDrawer();
  return (
    <button
      type="button"
      className="action-btn menu-toggle"
      aria-expanded={open}
      aria-controls={SIDEBAR_ID}
      data-testid="menu-toggle"
      onClick={() => setDrawer(!open)}
    >
      <span aria-hidden="true">☰</span> Menu
    </button>
  );
}

export function Sidebar() {
  const menu = useMenu(pages);
  const route = useRoute();
  const engagements = useCan('view', { type: 'engagement' });
  const admin = useTenantAdmin();
  const bundlesPage = useCan('navigate', { type: 'page', id: PAGE.bundles });
  const administers = useAdministersBundle(bundlesPage);
  const { status } = useGrantkitStatus();
  const open = useDrawer();
  // a link followed closes the drawer
  // biome-ignore lint/correctness/useExhaustiveDependencies: close on every route change
  useEffect(() => setDrawer(false), [route]);
  // opened (narrow screens): focus moves into it; Escape closes it and returns to the toggle
  useEffect(() => {
    if (!open) return;
    document.querySelector<HTMLElement>(`#${SIDEBAR_ID} :is(input, a[href], button)`)?.focus();
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setDrawer(false);
      document.querySelector<HTMLElement>('[data-testid="menu-toggle"]')?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);
  if (status === 'loading' || status === 'error')
    return (
      <nav className="sidebar" id={SIDEBAR_ID} aria-label="Main" data-open={open}>
        {status === 'loading' ? (
          <>
            <h2 className="nav-title">Pages</h2>
            <Skeleton lines={7} label="Loading the navigation…" />
          </>
        ) : (
          <GrantsError />
        )}
      </nav>
    );
  return (
    <>
      {/* narrow screens: the open drawer dims the page; a click beside it closes it */}
      {open && (
        <div
          className="drawer-backdrop"
          data-testid="drawer-backdrop"
          aria-hidden="true"
          onClick={() => setDrawer(false)}
        />
      )}
      <nav className="sidebar" id={SIDEBAR_ID} aria-label="Main" data-open={open}>
        <PageSearch menu={menu} />
        {/* no page open to the user (e.g. PX users): no PAGES section at all */}
        {menu.length > 0 && (
          <>
            <h2 className="nav-title">Pages</h2>
            <MenuTree items={menu} route={route} />
          </>
        )}
        <h2 className="nav-title">Workspace</h2>
        <ul className="menu">
          {/* like the page menu (MODEL N3): only what the user may open is listed */}
          {engagements && (
            <li>
              <NavLink route={route} to="/engagements" label="Engagements" />
            </li>
          )}
          {admin && (
            <li>
              <NavLink route={route} to="/audit" label="Audit log" />
            </li>
          )}
          {!bundlesPage && administers && (
            <li>
              <NavLink route={route} to="/bundles" label="Bundles I administer" />
            </li>
          )}
          <li>
            <NavLink route={route} to="/activity" label="Activity" />
          </li>
          {engagements && (
            <li>
              <NavLink route={route} to="/paused" label="Paused now" />
            </li>
          )}
          {admin && (
            <li>
              <NavLink route={route} to="/webhooks" label="Webhook deliveries" />
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}

/**
 * Whether the user administers at least one bundle (MODEL N9), for the "Bundles I administer"
 * link of those who may not open Permission Bundles (who have that page in the menu instead).
 */
function useAdministersBundle(bundlesPage: boolean): boolean {
  const { api, session } = useSession();
  const me = session.viewAs ?? session.userId;
  const bundles = useLoad(`sidebar-bundles:${bundlesPage}`, () =>
    bundlesPage ? Promise.resolve([]) : api.bundles(),
  );
  return (bundles.data ?? []).some((b) => b.administrators?.includes(me) ?? false);
}

/** The server's tenant admins: super admins and whoever may open Permission Bundles or Sharing Settings, or edit users. */
export function useTenantAdmin(): boolean {
  const bundles = useCan('navigate', { type: 'page', id: PAGE.bundles });
  const sharing = useCan('navigate', { type: 'page', id: PAGE.sharing });
  const users = useCan('edit', { type: 'user' });
  return bundles || sharing || users;
}

function NavLink({ route, to, label }: { route: string; to: string; label: string }) {
  const current = route === to || route.startsWith(`${to}/`);
  return (
    <a href={`#${to}`} aria-current={current ? 'page' : undefined}>
      {label}
    </a>
  );
}

function MenuTree({ items, route }: { items: readonly MenuItem[]; route: string }) {
  return (
    <ul className="menu" data-testid="menu">
      {items.map((item) => (
        <li key={item.id} data-page={item.id}>
          {item.navigable ? (
            <NavLink route={route} to={routeOfPage(item.id)} label={item.title} />
          ) : (
            <span className="menu-heading">{item.title}</span>
          )}
          {item.children.length > 0 && <MenuTree items={item.children} route={route} />}
        </li>
      ))}
    </ul>
  );
}

/** Global page search (MODEL N3): a page the user may not navigate is never found. */
function PageSearch({ menu }: { menu: readonly MenuItem[] }) {
  const [query, setQuery] = useState('');
  const id = useId();
  const q = query.trim().toLowerCase();
  const found =
    q === ''
      ? []
      : flatten(menu).filter(
          (p) =>
            p.navigable && (p.id.toLowerCase().includes(q) || p.title.toLowerCase().includes(q)),
        );
  return (
    <search className="page-search">
      <label htmlFor={id}>Search pages</label>
      <input
        id={id}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="e.g. sharing"
        autoComplete="off"
      />
      {q !== '' && (
        <ul className="search-results" aria-label="Search results" data-testid="search-results">
          {found.length === 0 ? (
            <li className="muted">No page found</li>
          ) : (
            found.map((p) => (
              <li key={p.id}>
                <a href={`#${routeOfPage(p.id)}`} onClick={() => setQuery('')}>
                  {p.title}
                </a>
              </li>
            ))
          )}
        </ul>
      )}
    </search>
  );
}
