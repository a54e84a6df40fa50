/**
 * Manage Permissions of a folder or dashboard: the sharing level (MODEL A1, A2, A9), named
 * users and groups with a level, revoke (A7, A8), and what it inherits from its folders (A4).
 * A refused change shows the server's message, which names the rule.
 */
import { useGrantkitClient } from '@grantkit/react';
import { useState } from 'react';
import type { Resource } from '../api';
import { userLabel, userName } from '../names';
import { ancestry } from '../screens/Dashboards';
import { HOME, titleOf } from '../util';
import { SHARING_LABEL } from './AssetRow';
import { Dialog } from './Dialog';
import { Greyed } from './Greyed';
import { Notice, type Outcome } from './Notice';
import { useLoad, useOp, useRevision, useSession } from './session';
import { Why } from './Why';

const LEVELS = ['view', 'view-edit', 'view-share', 'admin'] as const;
const SHARINGS = ['private', 'public-view', 'public-view-share', 'public-view-edit', 'specific'];
const LEVEL_LABEL: Record<string, string> = {
  view: 'Can view',
  'view-edit': 'Can view and edit',
  'view-share': 'Can view and share',
  admin: 'Admin',
};
const A8 = 'Only a super admin may grant or revoke the admin level';

/** Whether the signed-in user (or the one viewed as) is a super admin, from the grants snapshot. */
export function useSuperAdmin(): boolean {
  const client = useGrantkitClient();
  useRevision();
  return client.getSnapshot().snapshot?.superAdmin === true;
}

export interface ManagePermissionsProps {
  readonly asset: Resource;
  readonly byId: ReadonlyMap<string, Resource>;
  onClose(): void;
}

export function ManagePermissions({ asset, byId, onClose }: ManagePermissionsProps) {
  const { api } = useSession();
  const run = useOp();
  const users = useLoad('users', () => api.users());
  const groups = useLoad('groups', () => api.groups());
  const [who, setWho] = useState('');
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('view');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [leaving, setLeaving] = useState<string | null>(null);
  const superAdmin = useSuperAdmin();
  const { session } = useSession();
  const title = titleOf(asset);

  const act = async (op: string, args: Record<string, unknown>, done: string) => {
    setBusy(true);
    setOutcome(null);
    try {
      await run(op, { asset: asset.id, ...args });
      setOutcome({ ok: true, text: done });
    } catch (error) {
      setOutcome({ ok: false, error });
    } finally {
      setBusy(false);
    }
  };
  const principal = (id: string) => {
    const [kind, name] = id.split(':') as [string, string];
    return kind === 'group' ? { group: name } : { user: name };
  };
  const shares = asset.shares ?? [];
  const inherited = ancestry(asset.parent ?? HOME, byId).filter((f) => f.id !== HOME);

  return (
    <Dialog title={`Manage permissions: ${title}`} onClose={onClose} wide>
      <Notice outcome={outcome} />
      <div>
        Owner: <strong>{asset.owner ? userName(asset.owner) : '—'}</strong> (always has admin; it
        cannot be revoked) <Why rule="A8" />
      </div>
      <fieldset className="levels" disabled={busy}>
        <legend>Sharing level</legend>
        {SHARINGS.map((s) => (
          <label key={s}>
            <input
              type="radio"
              name="sharing"
              value={s}
              checked={(asset.sharing ?? 'private') === s}
              onChange={() => {
                // MODEL A9: leaving "Specific people" removes every named share: confirm first.
                if (asset.sharing === 'specific' && (asset.shares?.length ?? 0) > 0) setLeaving(s);
                else void act('setSharing', { sharing: s }, `Sharing set to ${SHARING_LABEL[s]}.`);
              }}
            />{' '}
            {SHARING_LABEL[s]}
          </label>
        ))}
        <div className="muted">
          Public levels reach people who may open Dashboards (edit: Dashboard Builder). Leaving
          “Specific people” removes every named share. <Why rule={['A2', 'A9']} />
        </div>
      </fieldset>
      {leaving !== null && (
        <div className="confirm" role="alert" aria-labelledby="leave-specific">
          <p id="leave-specific">
            <strong>
              Switch to {SHARING_LABEL[leaving]}? {shares.length} named share
              {shares.length === 1 ? '' : 's'} will be removed:
            </strong>
          </p>
          <ul className="confirm-list" data-testid="shares-to-remove">
            {shares.map((s) => (
              <li key={`${s.user ?? ''}:${s.group ?? ''}`}>
                {s.user ? userName(s.user) : `Group ${s.group}`} ({LEVEL_LABEL[s.level] ?? s.level})
              </li>
            ))}
          </ul>
          <div className="buttons">
            <Greyed
              reason={
                !superAdmin && shares.some((s) => s.level === 'admin' && s.user !== session.userId)
                  ? `${A8}: one of these shares is admin`
                  : null
              }
            >
              <button
                type="button"
                className="primary danger"
                disabled={busy}
                onClick={() => {
                  const to = leaving;
                  setLeaving(null);
                  void act(
                    'setSharing',
                    { sharing: to },
                    `Sharing set to ${SHARING_LABEL[to]}; named shares removed.`,
                  );
                }}
              >
                Switch and remove {shares.length} share{shares.length === 1 ? '' : 's'}
              </button>
            </Greyed>{' '}
            <button type="button" className="action-btn" onClick={() => setLeaving(null)}>
              Keep Specific people
            </button>
          </div>
        </div>
      )}

      <h3>People and groups</h3>
      {shares.length === 0 ? (
        <p className="muted">No named shares.</p>
      ) : (
        <table className="shares">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Level</th>
              <th scope="col">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shares.map((s) => {
              const name = s.user ? userLabel(s.user) : `Group ${s.group}`;
              return (
                <tr key={`${s.user ?? ''}:${s.group ?? ''}`} data-share={s.user ?? s.group}>
                  <td>{name}</td>
                  <td>{LEVEL_LABEL[s.level] ?? s.level}</td>
                  <td>
                    <Greyed reason={s.level === 'admin' && !superAdmin ? `Revoke: ${A8}` : null}>
                      <button
                        type="button"
                        className="ghost"
                        disabled={busy}
                        aria-label={`Revoke ${name}`}
                        onClick={() =>
                          act(
                            'revoke',
                            s.user ? { user: s.user } : { group: s.group },
                            `Revoked ${name}.`,
                          )
                        }
                      >
                        Revoke
                      </button>
                    </Greyed>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (who === '') return;
          void act(
            'share',
            { ...principal(who), level },
            `Shared with ${who.split(':')[1]} (${level}).`,
          );
        }}
      >
        <label className="field">
          Add user or group
          <select value={who} onChange={(e) => setWho(e.target.value)} required>
            <option value="">Choose…</option>
            <optgroup label="Users">
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {userLabel(u.id)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Groups">
              {(groups.data ?? []).map((g) => (
                <option key={g.id} value={`group:${g.id}`}>
                  {g.id}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="field">
          Level
          <select value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
            {LEVELS.map((l) => (
              <option key={l} value={l} disabled={l === 'admin' && !superAdmin}>
                {LEVEL_LABEL[l]}
                {l === 'admin' && !superAdmin ? ' (super admins only)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || who === ''}>
          Share
        </button>
      </form>
      <div className="muted" id="admin-level-note">
        {superAdmin
          ? 'You are a super admin: you may grant and revoke the admin level.'
          : `${A8}: it is greyed out for you.`}{' '}
        <Why rule="A8" />
      </div>

      <h3>Inherited from folders</h3>
      {inherited.length === 0 ? (
        <div className="muted">
          Nothing: it sits in a system folder. <Why rule="A5" />
        </div>
      ) : (
        <ul className="inherited">
          {inherited.map((f) => (
            <li key={f.id}>
              <strong>{titleOf(f)}</strong>: {SHARING_LABEL[f.sharing ?? 'private']}
              {f.owner ? `, owner ${userName(f.owner)}` : ''}
              {f.shares === undefined
                ? f.sharing === 'specific'
                  ? ' (named shares hidden: you do not manage this folder)'
                  : ''
                : f.shares.length > 0
                  ? ` — ${f.shares.map((s) => `${s.user ? userName(s.user) : `group ${s.group}`}: ${s.level}`).join(', ')}`
                  : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="muted">
        Access on a folder gives the same access to what it holds. <Why rule="A4" />
      </div>
    </Dialog>
  );
}
