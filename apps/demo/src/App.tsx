/**
 * The demo app: sign in as a seeded user, then the screens, all reading one Grantkit client
 * (`@grantkit/sdk`) through `<GrantkitProvider>` (`@grantkit/react`).
 */
import { GrantkitProvider, useGrantkitClient } from '@grantkit/react';
import { type ReactNode, useMemo, useState } from 'react';
import { createApi } from './api';
import { Shell } from './components/Shell';
import { SessionProvider, type SessionValue } from './components/session';
import { seedUser } from './names';
import { navigate } from './router';
import { SignIn } from './screens/SignIn';
import { clientOptionsFor, loadSession, type Session, saveSession } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const change = (next: Session | null) => {
    saveSession(next);
    setSession(next);
  };
  if (session === null) return <SignIn onSignIn={change} />;
  // One client per session (user, token, view-as): the provider creates and owns it, and a
  // new session remounts it (the `key`), which disposes the previous client (streams, timers).
  return (
    <GrantkitProvider
      key={`${session.userId} ${session.viewAs ?? ''} ${session.token}`}
      options={clientOptionsFor(session)}
    >
      <SignedIn session={session} change={change} />
    </GrantkitProvider>
  );
}

function SignedIn(props: { session: Session; change: (next: Session | null) => void }): ReactNode {
  const { session, change } = props;
  const client = useGrantkitClient();
  const value = useMemo<SessionValue>(
    () => ({
      session,
      api: createApi(session.token, session.viewAs),
      canViewAs: seedUser(session.userId)?.superAdmin === true,
      setViewAs: (viewAs) => change({ userId: session.userId, token: session.token, viewAs }),
      signOut: () => {
        client.signOut();
        change(null);
        navigate('/');
      },
    }),
    [session, client, change],
  );
  return (
    <SessionProvider value={value}>
      <Shell />
    </SessionProvider>
  );
}
