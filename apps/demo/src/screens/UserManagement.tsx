/**
 * ENGAGEcx User Management (MODEL R3): a UserManager (a holder of `user: edit`) finds, adds,
 * edits, deactivates and reactivates users, and assigns only roles that reach them; whatever
 * the server would refuse is greyed with the reason before the click (A12).
 */
import type { Op } from '@grantkit/core';
import { useCheck } from '@grantkit/react';
import { useMemo, useState } from 'react';
import type { WorldUser } from '../api';
import { Dialog } from '../components/Dialog';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useOp, useSession } from '../components/session';
import { assignedRoles, type PeopleWorld, refusalOf } from '../components/users/dryRun';
import { ReasonButton } from '../components/users/ReasonButton';
import { ROLES, roleTitle } from '../components/users/roles';
import { UserDialog } from '../components/users/UserDialog';
import { Why } from '../components/Why';
import { userEmail } from '../names';

const attr = (u: WorldUser, key: string): string => {
  const v = (u.attributes as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};
/** A user's display name: the `name` attribute, else the id. */
export const nameOf = (u: WorldUser): string => attr(u, 'name') || u.id;

/** Whether `u` matches the search text (name, email, id, department, title). */
export function matches(u: WorldUser, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [nameOf(u), attr(u, 'email'), u.id, attr(u, 'department'), attr(u, 'title')].some((s) =>
    s.toLowerCase().includes(q),
  );
}

export function UserManagementScreen() {
  const { api, session } = useSession();
  const actor = session.viewAs ?? session.userId;
  const run = useOp();
  const users = useLoad('users', () => api.users());
  const groups = useLoad('groups', () => api.groups());
  const bundles = useLoad('bundles', () => api.bundles());
  const recordTypes = useLoad('recordTypes', () => api.recordTypes().catch(() => []));
  const mayCreate = useCheck('create', { type: 'user' });
  const mayEdit = useCheck('edit', { type: 'user' });
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<WorldUser | null | 'new'>(null);
  const [deactivating, setDeactivating] = useState<WorldUser | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const world: PeopleWorld | null = useMemo(
    () =>
      users.data && groups.data && bundles.data
        ? {
            users: users.data,
            groups: groups.data,
            bundles: bundles.data,
            recordTypes: recordTypes.data,
          }
        : null,
    [users.data, groups.data, bundles.data, recordTypes.data],
  );
  const loading = world === null && users.error === undefined;
  const shown = (users.data ?? [])
    .filter((u) => matches(u, query))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));

  const apply = async (ops: Op[], text: string) => {
    for (const op of ops) await run(op.op, op.args as Record<string, unknown>);
    setOutcome({ ok: true, text });
  };
  const denied = (check: { state: string; reason?: string | undefined }) =>
    api.viewAs !== undefined
      ? 'you are viewing as someone else: changes are refused'
      : check.state === 'allowed'
        ? null
        : check.state === 'pending'
          ? 'checking your permissions…'
          : (check.reason ?? 'not allowed');
  const changeReason = (u: WorldUser, active: boolean): string | null => {
    const d = denied(mayEdit);
    if (d !== null) return d;
    if (world === null) return 'loading…';
    // the model would let you, but nobody means to lock themselves out
    if (!active && u.id === actor)
      return 'you cannot deactivate yourself; another user manager can';
    const r = refusalOf(world, actor, [{ op: 'setUser', args: { id: u.id, active } }]);
    return r ? r.message : null;
  };

  return (
    <section className="screen user-management">
      <h1>User Management</h1>
      <div className="lede">
        Add the people of your contact centre, keep their details current and give them roles. You
        can assign only roles that you hold yourself. <Why rule={['R3', 'K7']} />
      </div>
      <div className="toolbar">
        <label className="field inline um-search">
          <span>Search users</span>
          <input
            type="search"
            value={query}
            placeholder="Name, email, department…"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <ReasonButton
          label="Add user"
          className="primary"
          reason={denied(mayCreate)}
          onClick={() => setEditing('new')}
        />
      </div>
      <Notice outcome={outcome} />
      {users.error !== undefined && <Notice outcome={{ ok: false, error: users.error }} />}
      <div className="card">
        <table className="users">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Department</th>
              <th scope="col">Contact-centre roles</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody aria-busy={loading}>
            {loading &&
              [0, 1, 2, 3, 4].map((i) => (
                <tr key={i} className="skeleton-row">
                  <td colSpan={5}>
                    <span className="skeleton-bar" />
                  </td>
                </tr>
              ))}
            {world !== null &&
              shown.map((u) => {
                const active = u.active !== false;
                const roles = [...assignedRoles(world, u.id)].filter((r) =>
                  ROLES.some((x) => x.id === r),
                );
                const name = nameOf(u);
                return (
                  <tr key={u.id} data-user={u.id} className={active ? undefined : 'inactive'}>
                    <th scope="row">
                      <span className="um-name">{name}</span>
                      <span className="muted um-sub">{attr(u, 'email') || userEmail(u.id)}</span>
                    </th>
                    <td>
                      {attr(u, 'department') || '—'}
                      {attr(u, 'title') && <span className="muted um-sub">{attr(u, 'title')}</span>}
                    </td>
                    <td>
                      {roles.length === 0 ? (
                        <span className="muted">None</span>
                      ) : (
                        <span className="badges">
                          {roles.map((r) => (
                            <span key={r} className="badge">
                              {roleTitle(r)}
                            </span>
                          ))}
                        </span>
                      )}
                    </td>
                    <td>
                      <span className={`state ${active ? 'state-active' : 'state-paused'}`}>
                        {active ? 'Active' : 'Deactivated'}
                      </span>
                    </td>
                    <td className="actions nowrap">
                      <ReasonButton
                        label="Edit"
                        subject={name}
                        reason={changeReason(u, active)}
                        onClick={() => setEditing(u)}
                      />
                      {active ? (
                        <ReasonButton
                          label="Deactivate"
                          subject={name}
                          className="action-btn danger"
                          reason={changeReason(u, false)}
                          onClick={() => setDeactivating(u)}
                        />
                      ) : (
                        <ReasonButton
                          label="Reactivate"
                          subject={name}
                          reason={changeReason(u, true)}
                          onClick={() =>
                            void apply(
                              [{ op: 'setUser', args: { id: u.id, active: true } }],
                              `${name} is active again.`,
                            ).catch((error: unknown) => setOutcome({ ok: false, error }))
                          }
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            {world !== null && shown.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {query ? `No user matches “${query}”.` : 'No users yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {editing !== null && world !== null && (
        <UserDialog
          world={world}
          actor={actor}
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSave={async (ops, name) => {
            await apply(ops, editing === 'new' ? `${name} was added.` : `${name} was saved.`);
            setEditing(null);
          }}
        />
      )}
      {deactivating !== null && (
        <Dialog title={`Deactivate ${nameOf(deactivating)}?`} onClose={() => setDeactivating(null)}>
          <p>
            <strong>{nameOf(deactivating)}</strong> will be signed out and can no longer sign in or
            use any permission. Their roles and group memberships are kept, so reactivating them
            restores their access.
          </p>
          <div className="dialog-foot">
            <button type="button" className="ghost" onClick={() => setDeactivating(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="action-btn danger"
              onClick={() => {
                const u = deactivating;
                setDeactivating(null);
                void apply(
                  [{ op: 'setUser', args: { id: u.id, active: false } }],
                  `${nameOf(u)} was deactivated.`,
                ).catch((error: unknown) => setOutcome({ ok: false, error }));
              }}
            >
              Deactivate
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
