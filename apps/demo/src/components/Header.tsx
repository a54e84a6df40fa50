/** Who is signed in, "view as" for super admins, "Refresh user data" and sign out. */
import { useGrantkitClient } from '@grantkit/react';
import { type KeyboardEvent, useId, useState, useSyncExternalStore } from 'react';
import { licenceTitle, userEmail, userName } from '../names';
import { users } from '../seed/users';
import { Bell } from './Bell';
import { MenuToggle } from './Sidebar';
import { useSession } from './session';
import { Why } from './Why';

const STATUS_TEXT: Record<string, string> = {
  idle: 'Signed out',
  loading: 'Loading permissions…',
  ready: 'Permissions up to date',
  stale: 'Permissions may be out of date',
  error: 'Permissions could not be loaded',
};

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
        <MenuToggle />
        <span className="brand">Grantkit demo</span>
        <span className="who">
          <span className="who-label">Signed in as </span>
          <strong data-testid="signed-in-as">{me?.name ?? session.userId}</strong>
          {me?.license && me.license !== 'full' ? (
            <span className="who-licence"> ({licenceTitle(me.license)})</span>
          ) : null}
        </span>
        {canViewAs && (
          <ViewAsPicker
            me={session.userId}
            viewAs={session.viewAs}
            onChange={(id) => setViewAs(id)}
          />
        )}
        <span
          className="grants-status"
          role="status"
          data-status={state.status}
          title={state.revision !== null ? `Revision ${state.revision}` : undefined}
        >
          {STATUS_TEXT[state.status] ?? state.status}
        </span>
        {/* one group, so that on a narrow screen they wrap together (never Sign out alone) */}
        <span className="topbar-actions">
          <Bell />
          <button type="button" className="action-btn" onClick={refresh}>
            Refresh<span className="wide-only"> user data</span>
          </button>
          <button type="button" className="ghost" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      {refreshed && (
        <p className="toast" role="status">
          {refreshed}
        </p>
      )}
      {session.viewAs !== undefined && (
        <p className="viewas-banner" role="note" data-testid="viewas-banner">
          Viewing as <strong>{userName(session.viewAs)}</strong>: you see what they see, and nothing
          can be changed while viewing as.{' '}
          <button type="button" className="link" onClick={() => setViewAs(undefined)}>
            Stop viewing as
          </button>
          <Why rule="A11" />
        </p>
      )}
    </>
  );
}

/** Whether a seeded person matches a search: by name or email, any part, any case. */
export function matchesPerson(id: string, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || [userName(id), userEmail(id)].some((s) => s.toLowerCase().includes(q));
}

/**
 * View as (super admins, MODEL A11): a search by name or email narrows the people listed;
 * Enter on a search with one match views as that person.
 */
function ViewAsPicker(props: {
  me: string;
  viewAs: string | undefined;
  onChange: (id: string | undefined) => void;
}) {
  const { me, viewAs, onChange } = props;
  const [query, setQuery] = useState('');
  const searchId = useId();
  const selectId = useId();
  const found = users.filter((u) => u.id !== me && matchesPerson(u.id, query));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && found.length === 1 && found[0]) {
      event.preventDefault();
      onChange(found[0].id);
    }
  };
  return (
    <search className="view-as">
      <label className="sr-only" htmlFor={searchId}>
        Find a person by name or email
      </label>
      <input
        id={searchId}
        type="search"
        value={query}
        placeholder="Name or email"
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <label htmlFor={selectId}>View as</label>
      <select
        id={selectId}
        value={viewAs ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">
          {query.trim() === ''
            ? 'myself'
            : found.length === 0
              ? 'nobody matches'
              : `myself (${found.length} ${found.length === 1 ? 'match' : 'matches'})`}
        </option>
        {viewAs !== undefined && !found.some((u) => u.id === viewAs) && (
          <option value={viewAs}>{userName(viewAs)}</option>
        )}
        {found.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} · {userEmail(u.id)}
          </option>
        ))}
      </select>
    </search>
  );
}
