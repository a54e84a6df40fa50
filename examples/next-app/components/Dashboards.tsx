'use client';
import { GuardedAction, useGrantkitClient, useGrantkitStatus } from '@grantkit/react';
import { createGrantkitAdmin, GrantkitOpError } from '@grantkit/sdk/admin';
import { useMemo, useState } from 'react';

const DASHBOARDS = [
  { id: 'q3', title: 'Q3 Revenue', owner: 'ann' },
  { id: 'roadmap', title: 'Roadmap', owner: 'bob' },
];

export function Dashboards({ userId, token }: { userId: string; token: string }) {
  const { status } = useGrantkitStatus();
  return (
    <>
      <p>
        Signed in as <strong data-testid="user">{userId}</strong> ·{' '}
        <span data-testid="status">{status}</span>
      </p>
      <ul className="cards">
        {DASHBOARDS.map((d) => (
          <Dashboard key={d.id} {...d} />
        ))}
      </ul>
      <ShareWithBob token={token} />
    </>
  );
}

function Dashboard({ id, title, owner }: { id: string; title: string; owner: string }) {
  const on = { type: 'dashboard', id, fields: { title } }; // the title names it in reasons
  return (
    <li className="card" data-testid={`dashboard-${id}`}>
      <h2>{title}</h2>
      <p className="owner">owned by {owner}</p>
      <div className="actions">
        <GuardedAction I="edit" on={on}>
          <button
            type="button"
            data-testid={`edit-${id}`}
            onClick={() => alert(`Editing ${title}`)}
          >
            Edit
          </button>
        </GuardedAction>
        <GuardedAction I="share" on={on}>
          <button type="button" data-testid={`share-${id}`}>
            Share
          </button>
        </GuardedAction>
      </div>
    </li>
  );
}

/** An admin op with the typed admin client: it resolves once this tab's client holds its revision. */
function ShareWithBob({ token }: { token: string }) {
  const client = useGrantkitClient();
  const admin = useMemo(
    () => createGrantkitAdmin({ baseUrl: '/grantkit', getToken: () => token, client }),
    [token, client],
  );
  const [result, setResult] = useState('');
  const run = (level: 'view' | 'view-edit') => async () => {
    try {
      const { revision } = await admin.share({ asset: 'q3', user: 'bob', level });
      setResult(`applied at revision ${revision}`);
    } catch (e) {
      setResult(e instanceof GrantkitOpError ? `refused: ${e.message}` : String(e));
    }
  };
  return (
    <section className="admin">
      <h2>Sharing of “Q3 Revenue”</h2>
      <div className="actions">
        <GuardedAction I="admin" on={{ type: 'dashboard', id: 'q3' }}>
          <button type="button" data-testid="let-bob-edit" onClick={run('view-edit')}>
            Let Bob edit
          </button>
        </GuardedAction>
        <GuardedAction I="admin" on={{ type: 'dashboard', id: 'q3' }}>
          <button type="button" data-testid="bob-view-only" onClick={run('view')}>
            Bob may only view
          </button>
        </GuardedAction>
      </div>
      <p data-testid="op-result" role="status">
        {result}
      </p>
    </section>
  );
}
