/**
 * Who a bundle reaches and how (by hand, through a group, by rule or licence: MODEL N5–N8),
 * adding and removing users by hand, bundle administrators (N9), and groups and rule (N7).
 */
import type { Model } from '@grantkit/core';
import { useCan } from '@grantkit/react';
import { useState } from 'react';
import type { WorldUser } from '../api';
import { bundleTitle } from '../bundleNames';
import { userEmail, userName } from '../names';
import { BundleReach } from './BundleReach';
import {
  builtinRule,
  type ListedBundle,
  membersOf,
  membersRefusal,
  reachRefusal,
} from './bundleRules';
import { Greyed } from './Greyed';
import type { Outcome } from './Notice';
import { useOp, useSession } from './session';
import { Why } from './Why';

const N9 =
  'only Permission Bundles administrators and super admins choose a bundle’s administrators';
const list = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

export interface BundleMembersProps {
  readonly bundle: ListedBundle;
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
  const { session } = useSession();
  const members = membersOf(bundle, model);
  const byHand = membersRefusal(bundle.id);
  const title = bundleTitle(bundle.id);
  const groupOf = (u: string) =>
    (bundle.groups ?? []).find((g) => model?.members({ group: g }).includes(u));
  const how = (u: string) =>
    bundle.users?.includes(u)
      ? 'Added by hand'
      : groupOf(u)
        ? `Through the group ${groupOf(u)}`
        : bundle.members !== undefined && (bundle.groups?.length ?? 0) > 0
          ? `Through ${(bundle.groups ?? []).length === 1 ? 'the group' : 'the groups'} ${list(bundle.groups ?? [])}`
          : bundle.rule
            ? 'Added by rule'
            : 'From their licence';

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
      {!mayEdit && byHand === null && (
        <div className="muted">
          You add and remove this bundle’s users; {N9}. <Why rule="N9" />
        </div>
      )}
      {members.length === 0 ? (
        <p className="muted empty-state" data-testid="no-members">
          {byHand !== null
            ? 'Nobody has this bundle.'
            : reachRefusal(bundle.id) === null
              ? 'Nobody has this bundle yet. Add users below, or by group or rule.'
              : 'Nobody has this bundle yet. Add users below.'}
        </p>
      ) : (
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
                <td>
                  <span className="um-name">{userName(u)}</span>
                  <span className="muted um-sub">{userEmail(u)}</span>
                </td>
                <td>{how(u)}</td>
                <td>
                  <AdminFlag
                    user={u}
                    on={bundle.administrators?.includes(u) === true}
                    reason={
                      byHand ??
                      (mayEdit
                        ? null
                        : `You cannot make ${userName(u)} an administrator of this bundle or take it back: ${N9}`)
                    }
                    onChange={(on) =>
                      act(
                        'addToBundle',
                        { user: u, administrator: on },
                        on
                          ? `${userName(u)} now administers “${title}”.`
                          : `${userName(u)} no longer administers “${title}”.`,
                      )
                    }
                  />
                </td>
                <td>
                  <Greyed
                    reason={
                      byHand !== null
                        ? `Remove: ${byHand}`
                        : !mayEdit && u !== session.userId && bundle.administrators?.includes(u)
                          ? `Remove: ${userName(u)} administers this bundle too; ${N9}`
                          : null
                    }
                  >
                    <button
                      type="button"
                      className="action-btn danger"
                      aria-label={`Remove ${userName(u)}`}
                      onClick={() =>
                        act(
                          'removeFromBundle',
                          { user: u },
                          `Removed ${userName(u)} from “${title}”.`,
                        )
                      }
                    >
                      Remove
                    </button>
                  </Greyed>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(bundle.removed?.length ?? 0) > 0 && (
        <p className="muted">
          Removed by hand, so the rule does not add them back:{' '}
          {bundle.removed?.map(userName).join(', ')}
        </p>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (user !== '')
            void act(
              'addToBundle',
              { user, administrator },
              `Added ${userName(user)} to “${title}”.`,
            );
        }}
      >
        <label className="field">
          Add user
          <select value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">Choose…</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {userName(u.id)} ({userEmail(u.id)})
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <Greyed reason={mayEdit ? null : `As bundle administrator: ${N9}`}>
            <input
              type="checkbox"
              checked={administrator}
              onChange={(e) => setAdministrator(e.target.checked)}
            />
          </Greyed>{' '}
          as bundle administrator
        </label>
        <Greyed
          reason={
            byHand !== null ? `Add: ${byHand}` : user === '' ? 'Add: choose a user first' : null
          }
        >
          <button type="submit" className="primary">
            Add
          </button>
        </Greyed>
      </form>
      {/* Groups and rule are an edit of the bundle: the Permission Bundles page's (MODEL N10). */}
      {mayEdit && reachRefusal(bundle.id) !== null && (
        <div className="muted reach-refused">
          {reachRefusal(bundle.id)}. <Why rule={builtinRule(bundle.id)} />
        </div>
      )}
      {mayEdit && reachRefusal(bundle.id) === null && (
        <BundleReach
          key={bundle.id}
          bundle={bundle}
          model={model}
          groups={groups}
          onOutcome={onOutcome}
        />
      )}
    </section>
  );
}

/** The administrator flag of one member: a switch, greyed with the reason where refused (N9). */
function AdminFlag({
  user,
  on,
  reason,
  onChange,
}: {
  user: string;
  on: boolean;
  reason: string | null;
  onChange(on: boolean): void;
}) {
  return (
    <label className="check">
      <Greyed reason={reason}>
        <input
          type="checkbox"
          aria-label={`${userName(user)} administers this bundle`}
          checked={on}
          onChange={(e) => onChange(e.target.checked)}
          data-admin-flag={user}
        />
      </Greyed>{' '}
      {on ? 'Administrator' : <span className="muted">No</span>}
    </label>
  );
}
