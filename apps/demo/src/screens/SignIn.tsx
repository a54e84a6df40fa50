/** Dev sign-in: pick any seeded user (no password; the demo's start script signs a token). */
import { useState } from 'react';
import { devLogin, messageOf } from '../api';
import { licenceTitle, userEmail } from '../names';
import { users } from '../seed/users';
import type { Session } from '../session';

export function SignIn({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const signIn = async (userId: string) => {
    setBusy(userId);
    setError(null);
    try {
      onSignIn({ userId, token: await devLogin(userId) });
    } catch (e) {
      setError(messageOf(e));
      setBusy(null);
    }
  };
  return (
    <main className="signin">
      <h1>Grantkit demo</h1>
      <p className="lede">
        Sign in as anyone in the seeded tenant <strong>acme</strong> to see what they may do. This
        is a development sign-in: no password, a token signed by the demo server.
      </p>
      {error && (
        <p className="notice refused" role="alert">
          Could not sign in: {error}
        </p>
      )}
      <ul className="user-list" aria-label="Seeded users">
        {users.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              className="user-card"
              onClick={() => signIn(u.id)}
              disabled={busy !== null}
              data-user={u.id}
            >
              <span className="user-name">{u.name}</span>
              <span className="user-meta">
                {userEmail(u.id)}
                {u.superAdmin ? ' · super admin' : ''}
                {u.license && u.license !== 'full' ? ` · ${licenceTitle(u.license)}` : ''}
              </span>
              <span className="user-about">{u.about}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
