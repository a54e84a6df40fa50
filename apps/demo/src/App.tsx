/**
 * The demo app: sign in as a seeded user, then the screens, all reading one Grantkit client
 * (`@grantkit/sdk`) through `<GrantkitProvider>` (`@grantkit/react`).
 */
import { GrantkitProvider } from '@grantkit/react';
import type { GrantkitClient } from '@grantkit/sdk';
import { useEffect, useMemo, useState } from 'react';
import { createApi } from './api';
import { Shell } from './components/Shell';
import { SessionProvider, type SessionValue } from './components/session';
import { seedUser } from './names';
import { navigate } from './router';
import { SignIn } from './screens/SignIn';
import { createClientFor, loadSession, type Session, saveSession } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [held, setHeld] = useState<{ session: Session; client: GrantkitClient } | null>(null);

  // One client per session (user, token, view-as); disposed when it changes (streams, timers).
  useEffect(() => {
    if (session === null) return;
    const client = createClientFor(session);
    setHeld({ session, client });
    return () => client.dispose();
  }, [session]);

  const value = useMemo<SessionValue | null>(() => {
    if (session === null) return null;
    const change = (next: Session | null) => {
      saveSession(next);
      setSession(next);
    };
    return {
      session,
      api: createApi(session.token, session.viewAs),
      canViewAs: seedUser(session.userId)?.superAdmin === true,
      setViewAs: (viewAs) => change({ userId: session.userId, token: session.token, viewAs }),
      signOut: () => {
        held?.client.signOut();
        change(null);
        navigate('/');
      },
    };
  }, [session, held]);

  if (session === null || value === null)
    return (
      <SignIn
        onSignIn={(next) => {
          saveSession(next);
          setSession(next);
        }}
      />
    );
  if (held === null || held.session !== session)
    return (
      <p className="boot" role="status">
        Starting…
      </p>
    );
  return (
    <GrantkitProvider client={held.client}>
      <SessionProvider value={value}>
        <Shell />
      </SessionProvider>
    </GrantkitProvider>
  );
}
