// A Server Component: it signs the user in (stand-in), takes their snapshot in-process,
// renders from it with a server-mode client (which opens nothing), and hands the same
// snapshot to the client provider, so the browser hydrates the same markup.
import { createGrantkitClient } from '@grantkit/sdk';
import { Dashboards } from '../components/Dashboards';
import { GrantsProvider } from '../components/GrantsProvider';
import { signIn, snapshotFor, TENANT, USERS } from '../lib/grants';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<{ user?: string }> }) {
  const { user } = await searchParams;
  const userId = USERS.find((u) => u === user) ?? 'bob';
  const token = await signIn(userId);
  const snapshot = await snapshotFor(userId);
  const server = createGrantkitClient({
    tenant: TENANT,
    userId,
    initialSnapshot: snapshot,
    mode: 'server',
  });
  const q3 = { type: 'dashboard', id: 'q3' };

  return (
    <main>
      <header>
        <h1>Dashboards</h1>
        <p data-testid="server-render">
          Rendered on the server at revision {snapshot.revision}: {userId}{' '}
          {server.can('edit', q3) ? 'may' : 'may not'} edit “Q3 Revenue”.
        </p>
      </header>
      <GrantsProvider userId={userId} token={token} snapshot={snapshot}>
        <Dashboards userId={userId} token={token} />
      </GrantsProvider>
    </main>
  );
}
