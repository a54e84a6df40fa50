/** A tiny hash router: `#/dashboards`, `#/page/timeline`, … */
import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const read = () => location.hash.replace(/^#/, '') || '/';

/** The current route (`/dashboards`). */
export const useRoute = (): string => useSyncExternalStore(subscribe, read, () => '/');

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
