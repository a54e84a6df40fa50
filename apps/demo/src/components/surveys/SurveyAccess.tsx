/**
 * Survey-level access of one survey (MODEL N13): who holds what on it directly, grant a level
 * to another user (`grantOn`) and take it back (`revokeOn`). Only holders of `admin` on the
 * survey (at survey or module level) may; everyone else sees the actions greyed with why.
 */
import { useId, useState } from 'react';
import type { Resource } from '../../api';
import { userName } from '../../names';
import { titleOf } from '../../util';
import { Dialog } from '../Dialog';
import { Notice, type Outcome } from '../Notice';
import { useLoad, useOp, useSession } from '../session';
import { ReasonButton } from '../users/ReasonButton';
import { ChangeGuard } from './ChangeGuard';
import { levelTitle, SURVEY_LEVELS } from './levels';

const adminReason = (label: string, title: string) => () =>
  `${label}: only an admin of “${title}” (survey or module level) may change who has access to it`;

export function SurveyAccess({ survey, onClose }: { survey: Resource; onClose(): void }) {
  const { api, session } = useSession();
  const me = session.viewAs ?? session.userId;
  const run = useOp();
  const title = titleOf(survey);
  const on = { type: 'survey', id: survey.id, fields: { title } };
  const grants = useLoad(`directGrants:${survey.id}`, () => api.directGrants('survey', survey.id));
  const users = useLoad('users', () => api.users());
  const [user, setUser] = useState('');
  const [level, setLevel] = useState('admin');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const userField = useId();
  const levelField = useId();
  const candidates = (users.data ?? [])
    .filter((u) => u.id !== me && u.active !== false)
    .map((u) => ({ id: u.id, name: userName(u.id) }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const grant = async () => {
    setOutcome(null);
    try {
      await run('grantOn', { resource: { type: 'survey', id: survey.id }, user, actions: [level] });
      setOutcome({
        ok: true,
        text: `${userName(user)} now has ${levelTitle(level)} on “${title}”.`,
      });
      setUser('');
      grants.reload();
    } catch (error) {
      setOutcome({ ok: false, error });
    }
  };
  const revoke = async (who: string) => {
    setRevoking(null);
    setOutcome(null);
    try {
      await run('revokeOn', { resource: { type: 'survey', id: survey.id }, user: who });
      setOutcome({
        ok: true,
        text: `${userName(who)} no longer has access to “${title}” of their own.`,
      });
      grants.reload();
    } catch (error) {
      setOutcome({ ok: false, error });
    }
  };

  return (
    <Dialog title={`Access to “${title}”`} onClose={onClose} wide>
      <p className="muted">
        Access given here applies to this survey only. Everyone also keeps what their permission
        bundles give them on every survey.
      </p>
      <h3>People with access to this survey</h3>
      {grants.error !== undefined ? (
        <Notice outcome={{ ok: false, error: grants.error }} />
      ) : (
        <table className="survey-grants">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Access</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody aria-busy={grants.loading}>
            {grants.data === undefined && (
              <tr className="skeleton-row">
                <td colSpan={3}>
                  <span className="skeleton-bar" />
                </td>
              </tr>
            )}
            {grants.data?.map((g) => (
              <tr key={g.user} data-grantee={g.user}>
                <th scope="row">
                  {userName(g.user)}
                  {g.user === me && <span className="muted"> (you)</span>}
                </th>
                <td>{g.actions.map(levelTitle).join(', ')}</td>
                <td className="actions">
                  {g.user === me ? (
                    <ReasonButton
                      label="Revoke"
                      subject={userName(g.user)}
                      className="action-btn danger"
                      reason="you cannot take back your own access; another admin of this survey can"
                      onClick={() => undefined}
                    />
                  ) : (
                    <ChangeGuard
                      I="admin"
                      on={on}
                      tooltipClassName="tooltip"
                      reason={adminReason('Revoke', title)}
                    >
                      <button
                        type="button"
                        className="action-btn danger"
                        aria-label={`Revoke ${userName(g.user)}`}
                        onClick={() => setRevoking(g.user)}
                      >
                        Revoke
                      </button>
                    </ChangeGuard>
                  )}
                </td>
              </tr>
            ))}
            {grants.data?.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  Nobody has access to this survey alone yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <h3>Give someone access</h3>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (user !== '') void grant();
        }}
      >
        <label className="field" htmlFor={userField}>
          <span>Person</span>
          <select id={userField} value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">Choose a person…</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={levelField}>
          <span>Access</span>
          <select id={levelField} value={level} onChange={(e) => setLevel(e.target.value)}>
            {SURVEY_LEVELS.map((l) => (
              <option key={l.action} value={l.action}>
                {l.title}: {l.description}
              </option>
            ))}
          </select>
        </label>
        <ChangeGuard
          I="admin"
          on={on}
          tooltipClassName="tooltip"
          reason={adminReason('Give access', title)}
        >
          <button type="submit" className="primary" disabled={user === ''}>
            Give access
          </button>
        </ChangeGuard>
      </form>
      <Notice outcome={outcome} />
      {revoking !== null && (
        <Dialog title={`Revoke ${userName(revoking)}’s access?`} onClose={() => setRevoking(null)}>
          <p>
            {userName(revoking)} loses the access given on “{title}” alone. What their permission
            bundles give them on every survey stays.
          </p>
          <div className="dialog-foot">
            <button type="button" className="ghost" onClick={() => setRevoking(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="action-btn danger"
              onClick={() => void revoke(revoking)}
            >
              Revoke access
            </button>
          </div>
        </Dialog>
      )}
    </Dialog>
  );
}
