/** A tiny hash router: `#/dashboards`, `#/page/timeline`, … */
import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const read = () => location.hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
const readQuery = () => /\?(.*)$/.exec(location.hash)?.[1] ?? '';

/** The current route (`/dashboards`), without its query (`?open=d001`). */
export const useRoute = (): string => useSyncExternalStore(subscribe, read, () => '/');

/** One parameter of the route's query: `useQueryParam('open')` on `#/dashboards?open=d001` is `d001`. */
export const useQueryParam = (name: string): string | null =>
  new URLSearchParams(useSyncExternalStore(subscribe, readQuery, () => '')).get(name);

export const navigate = (route: string): void => {
  location.hash = route;
};

/** The route of the screen that shows a page of the schema. */
export function routeOfPage(pageId: string): string {
  switch (pageId) {
    case 'dashboards':
      return '/dashboards';
    case 'administration.permissionBundles':
      return '/bundles';
    case 'administration.userManagement':
      return '/users';
    case 'jo.surveys':
      return '/surveys';
    case 'analyze':
      return '/reports';
    case 'administration.contactCentre':
      return '/contact-centre';
    case 'administration.sharingSettings':
      return '/sharing';
    case 'c360':
      return '/records';
    default:
      return `/page/${pageId}`;
  }
}
