/**
 * The matrix designers need: every action of the dashboard action bar under every sharing
 * level of MODEL A1, for one user, with the greyed-out button as the product draws it and
 * the reason the model gives (MODEL A12).
 */
import { type ReactNode, useState } from 'react';
import { ActionButton } from '../../apps/demo/src/components/ActionButton.tsx';
import { ASSET_ACTIONS, SHARING_LABEL } from '../../apps/demo/src/components/AssetRow.tsx';
import { world } from '../../packages/react/src/__fixtures__/storybook.tsx';
import { DASHBOARDS, PEOPLE, type PersonId } from '../../packages/react/src/__fixtures__/world.ts';
import { GrantkitProvider, useCheck } from '../../packages/react/src/index.ts';
import { onBoard } from './components.tsx';

function Cell({ I, id, label, icon }: { I: string; id: string; label: string; icon: string }) {
  const on = onBoard(id as (typeof DASHBOARDS)[number]['id']);
  const { allowed, reason } = useCheck(I, on);
  return (
    <td>
      <ActionButton
        I={I}
        on={on}
        icon={icon as 'view'}
        label={label}
        subject={on.fields.title}
        onClick={() => {}}
      />{' '}
      {allowed ? <span className="yes">allowed</span> : <span className="muted">{reason}</span>}
    </td>
  );
}

/** Props of {@link PermissionMatrix}. */
export interface PermissionMatrixProps {
  /** The user whose answers the matrix shows; a select above the table changes it. */
  readonly user?: PersonId | undefined;
}

/** Every dashboard action × every sharing level for one user, with the reasons. */
export function PermissionMatrix({ user: initial = 'bob' }: PermissionMatrixProps): ReactNode {
  const [user, setUser] = useState<PersonId>(initial);
  return (
    <div className="sb-matrix">
      <label className="field">
        Acting user{' '}
        <select value={user} onChange={(e) => setUser(e.target.value as PersonId)}>
          {PEOPLE.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <GrantkitProvider client={world.client(user)}>
        <table>
          <caption className="sr-only">What {user} may do on each dashboard</caption>
          <thead>
            <tr>
              <th scope="col">Sharing level (MODEL A1)</th>
              {ASSET_ACTIONS.map((a) => (
                <th key={a.kind} scope="col">
                  {a.label} <span className="muted">({a.I})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DASHBOARDS.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {SHARING_LABEL[d.sharing]}
                  <br />
                  <span className="muted">{d.title}</span>
                </th>
                {ASSET_ACTIONS.map((a) => (
                  <Cell key={a.kind} I={a.I} id={d.id} label={a.label} icon={a.icon} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </GrantkitProvider>
    </div>
  );
}
