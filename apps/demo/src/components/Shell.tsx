/** The signed-in layout: header, navigation (menu + page search) and the current screen. */
import { useCan, useCheck, useGrantkitStatus, useMenu } from '@grantkit/react';
import { type ReactNode, useEffect } from 'react';
import { routeOfPage, useRoute } from '../router';
import { PAGE, pages, pageTitle } from '../schema';
import { ActivityScreen } from '../screens/Activity';
import { AuditScreen } from '../screens/Audit';
import { BundlesScreen } from '../screens/Bundles';
import { CustomerSettingsScreen } from '../screens/CustomerSettings';
import { DashboardsScreen } from '../screens/Dashboards';
import { EngagementsScreen } from '../screens/Engagements';
import { PageScreen } from '../screens/Page';
import { PausedNowScreen } from '../screens/PausedNow';
import { RecordsScreen } from '../screens/Records';
import { ReportsScreen } from '../screens/Reports';
import { SharingScreen } from '../screens/Sharing';
import { SurveysScreen } from '../screens/Surveys';
import { UserManagementScreen } from '../screens/UserManagement';
import { WebhooksScreen } from '../screens/Webhooks';
import { flatten } from '../util';
import { Header } from './Header';
import { Sidebar } from './Sidebar';
import { GrantsError, ScreenSkeleton } from './Skeleton';
import { RuleText } from './Why';

export function Shell() {
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <div className="layout">
        <Sidebar />
        <main id="main" tabIndex={-1}>
          <Screen />
        </main>
      </div>
    </div>
  );
}

function Screen() {
  const route = useRoute();
  const [, first, rest] = /^\/([^/]*)\/?(.*)$/.exec(route) ?? [];
  switch (first) {
    case 'dashboards':
      return (
        <RequirePage page={PAGE.dashboards}>
          <DashboardsScreen />
        </RequirePage>
      );
    case 'bundles':
      return <BundlesScreen />;
    case 'sharing':
      return (
        <RequirePage page={PAGE.sharing}>
          <SharingScreen />
        </RequirePage>
      );
    case 'records':
      return (
        <RequirePage page={PAGE.records}>
          <RecordsScreen />
        </RequirePage>
      );
    case 'engagements':
      return <EngagementsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'paused':
      return <PausedNowScreen />;
    case 'webhooks':
      return <WebhooksScreen />;
    case 'users':
      return (
        <RequirePage page={PAGE.users}>
          <UserManagementScreen />
        </RequirePage>
      );
    case 'surveys':
      return (
        <RequirePage page="jo.surveys">
          <SurveysScreen />
        </RequirePage>
      );
    case 'reports':
      return (
        <RequirePage page="analyze">
          <ReportsScreen />
        </RequirePage>
      );
    case 'contact-centre':
      return (
        <RequirePage page="administration.contactCentre">
          <CustomerSettingsScreen />
        </RequirePage>
      );
    case 'page':
      return (
        <RequirePage page={rest ?? ''}>
          <PageScreen page={rest ?? ''} />
        </RequirePage>
      );
    default:
      return <Home />;
  }
}

/**
 * A screen behind a page of the schema: shown only to users who may navigate it (MODEL N3);
 * a skeleton while the grants load (never a denial), an error if they could not be loaded.
 */
export function RequirePage({ page, children }: { page: string; children: ReactNode }) {
  const { state, reason } = useCheck('navigate', { type: 'page', id: page });
  const { status } = useGrantkitStatus();
  if (state === 'pending') return <ScreenSkeleton title={pageTitle(page)} />;
  if (status === 'error')
    return (
      <section className="screen">
        <h1>{pageTitle(page)}</h1>
        <GrantsError />
      </section>
    );
  if (state === 'denied')
    return (
      <section className="screen">
        <h1>{pageTitle(page)}</h1>
        <div className="notice refused" role="alert">
          <strong>No access: </strong>
          <RuleText text={reason ?? 'your permission bundles do not include this page'} />
        </div>
      </section>
    );
  return <>{children}</>;
}

export const Loading = () => <ScreenSkeleton />;

/** Lands on the first screen this user may open. */
function Home() {
  const menu = useMenu(pages);
  const dashboards = useCan('navigate', { type: 'page', id: PAGE.dashboards });
  const engagements = useCan('view', { type: 'engagement' });
  const firstPage = flatten(menu).find((item) => item.navigable)?.id;
  const target = dashboards
    ? '/dashboards'
    : firstPage
      ? routeOfPage(firstPage)
      : engagements
        ? '/engagements'
        : null;
  const { status } = useGrantkitStatus();
  useEffect(() => {
    if (target !== null) location.replace(`#${target}`);
  }, [target]);
  // while the grants load (or before the redirect) this is a skeleton, never "nothing is open"
  if (status === 'loading' || target !== null) return <ScreenSkeleton />;
  if (status === 'error')
    return (
      <section className="screen">
        <h1>Welcome</h1>
        <GrantsError />
      </section>
    );
  return (
    <section className="screen">
      <h1>Welcome</h1>
      <p>Nothing in the navigation is open to you yet.</p>
    </section>
  );
}
