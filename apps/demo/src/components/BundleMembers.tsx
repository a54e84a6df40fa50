/**
 * Who a bundle reaches and how (by hand, through a group, by rule or licence: MODEL N5–N8),
 * adding and removing users by hand, bundle administrators (N9), and the rule with a preview.
 */
import { createModel, type Model } from '@grantkit/core';
import { useState } from 'react';
import type { WorldBundle, WorldUser } from '../api';
import { userLabel } from '../names';
import { CriteriaEditor } from './CriteriaEditor';
import { type CriteriaDraft, describeCriteria, toCriteria } from './criteria';
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
      <h3>By group and rule</h3>
      <p>
        Groups: {(bundle.groups ?? []).join(', ') || 'none'}. Rule:{' '}
        <strong data-testid="bundle-rule">
          {bundle.rule ? describeCriteria(bundle.rule) : 'none'}
        </strong>
      </p>
      <RulePreview model={model} groups={groups} />
    </section>
  );
}

/** Which users a rule would add now (rules add only full-licensed users, MODEL N7). */
function RulePreview({ model, groups }: { model: Model | null; groups: readonly string[] }) {
  const [draft, setDraft] = useState<CriteriaDraft>({
    mode: 'logic',
    logic: 'A and (B or C)',
    conditions: [
      { letter: 'A', attr: 'businessUnit', op: 'in', value: 'East, West' },
      { letter: 'B', attr: 'department', op: '=', value: 'CS' },
      { letter: 'C', attr: 'title', op: 'startsWith', value: 'CSM' },
    ],
  });
  let preview: string;
  try {
    const world = model?.toWorld();
    const rule = toCriteria(draft);
    const probe =
      world &&
      model &&
      createModel(model.schema, {
        ...world,
        bundles: [{ id: 'RULE_PREVIEW', grants: [], ...(rule ? { rule } : {}) }],
      });
    preview = probe
      ? probe.members({ bundle: 'RULE_PREVIEW' }).map(userLabel).join(', ') || 'nobody'
      : '…';
  } catch (error) {
    preview = `not a valid rule: ${error instanceof Error ? error.message : String(error)}`;
  }
  return (
    <details className="rule-preview">
      <summary>Try a rule with advanced logic</summary>
      <CriteriaEditor legend="Users who" value={draft} groups={groups} onChange={setDraft} />
      <p aria-live="polite">
        Would add now: <span data-testid="rule-preview">{preview}</span>
      </p>
      <p className="muted">
        Rule membership follows attribute changes (MODEL N7). The reference server has no op that
        sets a bundle’s rule or groups (FORMAT.md’s op list), so bundle rules come from the seed.
      </p>
    </details>
  );
}
