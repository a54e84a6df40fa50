/** Who is signed in, "view as" for super admins, "Refresh user data" and sign out. */
import { useGrantkitClient } from '@grantkit/react';
import { useState, useSyncExternalStore } from 'react';
import { userName } from '../names';
import { users } from '../seed/users';
import { useSession } from './session';

export function Header() {
  const { session, canViewAs, setViewAs, signOut } = useSession();
  const client = useGrantkitClient();
  const state = useSyncExternalStore(client.subscribe, client.getSnapshot);
  const [refreshed, setRefreshed] = useState<string | null>(null);
  const me = users.find((u) => u.id === session.userId);

  const refresh = async () => {
    setRefreshed(null);
    await client.refresh();
    const now = client.getSnapshot();
    setRefreshed(
      now.error && now.status !== 'ready'
        ? `Refresh failed: ${now.error.message}`
        : `User data refreshed (revision ${now.revision})`,
    );
  };

  return (
    <>
      <header className="topbar">
        <span className="brand">Grantkit demo</span>
        <span className="who">
          Signed in as <strong data-testid="signed-in-as">{me?.name ?? session.userId}</strong>
          {me?.license && me.license !== 'full' ? ` (${me.license} licence)` : ''}
        </span>
        {canViewAs && (
          <label className="view-as">
            View as{' '}
            <select
              value={session.viewAs ?? ''}
              onChange={(e) => setViewAs(e.target.value === '' ? undefined : e.target.value)}
            >
              <option value="">myself</option>
              {users
                .filter((u) => u.id !== session.userId)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </label>
        )}
        <span className="grants-status" role="status" data-status={state.status}>
          Grants {state.status}
          {state.revision !== null ? ` · rev ${state.revision}` : ''}
        </span>
        <button type="button" className="action-btn" onClick={refresh}>
          Refresh user data
        </button>
        <button type="button" className="ghost" onClick={signOut}>
          Sign out
        </button>
      </header>
      {refreshed && (
        <p className="toast" role="status">
          {refreshed}
        </p>
      )}
      {session.viewAs !== undefined && (
        <p className="viewas-banner" role="note" data-testid="viewas-banner">
          Viewing as <strong>{userName(session.viewAs)}</strong>: every check is answered as they
          would get it, and nothing can be changed while viewing as (MODEL A11).{' '}
          <button type="button" className="link" onClick={() => setViewAs(undefined)}>
            Stop viewing as
          </button>
        </p>
      )}
    </>
  );
}
