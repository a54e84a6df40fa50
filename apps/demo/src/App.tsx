import { useEffect, useState } from 'react';

type Health = { ok: boolean; storage: string } | { error: string };

/** The demo shell: shows that the app runs and talks to the grants server. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    fetch('/api/health')
      .then((res) => res.json() as Promise<Health>)
      .then(setHealth, (error: unknown) => setHealth({ error: String(error) }));
  }, []);
  return (
    <main>
      <h1>Grantkit demo</h1>
      <p role="status">
        {health === null
          ? 'Contacting the grants server…'
          : 'error' in health
            ? `Grants server unreachable: ${health.error}`
            : `Grants server ${health.ok ? 'up' : 'down'} on ${health.storage}`}
      </p>
    </main>
  );
}
