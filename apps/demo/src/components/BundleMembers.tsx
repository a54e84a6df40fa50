/**
 * Who a bundle reaches and how (by hand, through a group, by rule or licence: MODEL N5–N8),
 * adding and removing users by hand, bundle administrators (N9), and groups and rule (N7).
 */
import type { Model } from '@grantkit/core';
import { useCan } from '@grantkit/react';
import { useState } from 'react';
import type { WorldBundle, WorldUser } from '../api';
import { userLabel } from '../names';
import { BundleReach } from './BundleReach';
import type { Outcome } from './Notice';
import { useOp } from './session';

export interface BundleMembersProps {
  readonly bundle: WorldBundle;
  readonly model: Model | null;
  readonly users: readonly WorldUser[];
  readonly groups: readonly string[];
  onOutcome(outcome: Outcome): void;
}

export function BundleMembers({ bundle, model, users, groups, onOutcome }: BundleMembersProps) {
  const run = useOp();
  const mayEdit = useCan('navigate', { type: 'page', id: 'administration.permissionBundles' });
  const [user, setUser] = useState('');
  const [administrator, setAdministrator] = useState(false);
  const members = model?.members({ bundle: bundle.id }) ?? [...(bundle.users ?? [])];
  const groupOf = (u: string) =>
    (bundle.groups ?? []).find((g) => model?.members({ group: g }).includes(u));
  const how = (u: string) =>
    bundle.users?.includes(u)
      ? 'by hand'
      : groupOf(u)
        ? `group ${groupOf(u)}`
        : bundle.rule
          ? 'by rule'
          : 'by licence';

  const act = async (op: string, args: Record<string, unknown>, text: string) => {
    onOutcome(null);
    try {
      await run(op, { bundle: bundle.id, ...args });
      onOutcome({ ok: true, text });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };

  return (
    <section aria-labelledby="members-title">
      <h3 id="members-title">Members ({members.length})</h3>
      <table className="members">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">How</th>
            <th scope="col">Bundle administrator</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((u) => (
            <tr key={u} data-member={u}>
              <td>{userLabel(u)}</td>
              <td>{how(u)}</td>
              <td>{bundle.administrators?.includes(u) ? 'yes' : ''}</td>
              <td>
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Remove ${userLabel(u)}`}
                  onClick={() => act('removeFromBundle', { user: u }, `Removed ${u}.`)}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(bundle.removed?.length ?? 0) > 0 && (
        <p className="muted">
          Removed by hand (the rule does not add them back, MODEL N8):{' '}
          {bundle.removed?.map(userLabel).join(', ')}
        </p>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (user !== '')
            void act('addToBundle', { user, administrator }, `Added ${user} to ${bundle.id}.`);
        }}
      >
        <label className="field">
          Add user
          <select value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">Choose…</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {userLabel(u.id)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={administrator}
            onChange={(e) => setAdministrator(e.target.checked)}
          />{' '}
          as bundle administrator
        </label>
        <button type="submit" className="primary" disabled={user === ''}>
          Add
        </button>
      </form>
      {/* Groups and rule are an edit of the bundle: the Permission Bundles page's (MODEL N10). */}
      {mayEdit && (
        <BundleReach bundle={bundle} model={model} groups={groups} onOutcome={onOutcome} />
      )}
    </section>
  );
}
