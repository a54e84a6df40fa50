/**
 * Adds or edits a data sharing rule (MODEL D3, D10): what it gives, to users who meet its
 * criteria, on records that meet its advice. With a record type's permission attributes
 * (MODEL D11) the criteria and advice pick from that list; an empty list accepts any name.
 */
import type { SharingRule } from '@grantkit/core';
import { useId, useMemo, useState } from 'react';
import type { WorldGroup, WorldUser } from '../api';
import { CriteriaEditor } from './CriteriaEditor';
import {
  type AttributeOption,
  attributeTypes,
  type CriteriaDraft,
  describeCriteria,
  draftOf,
  OP_LABEL,
  OPS,
  type Op,
  toCriteria,
} from './criteria';
import type { Outcome } from './Notice';
import { useOp } from './session';
import { ReasonButton } from './sharing/ReasonButton';
import { namesList, previewMembers, typeTitle } from './sharing/vocabulary';

interface AdviceDraft {
  readonly field: string;
  readonly op: Op;
  readonly values: string;
}

export interface RuleFormProps {
  readonly recordType: string;
  /** Group ids offered under "Members of groups". */
  readonly groups: readonly string[];
  /** The record type's permission attributes (MODEL D11); empty or absent: free text. */
  readonly attributes?: readonly { name: string; source: 'user' | 'resource' }[];
  /** The tenant's users and groups, to preview who the criteria reach. */
  readonly users?: readonly WorldUser[];
  readonly allGroups?: readonly WorldGroup[];
  /** The rule to edit (`editRule`); without it the form adds one (`addRule`). */
  readonly rule?: SharingRule;
  /** Ids of the type's rules, to refuse a duplicate before the click (MODEL K8). */
  readonly taken?: readonly string[];
  onDone(outcome: Outcome): void;
  onCancel(): void;
}

const ADVICE_OPS = OPS.filter((o) => o !== 'in');

export function RuleForm({
  recordType,
  groups,
  attributes = [],
  users,
  allGroups,
  rule,
  taken = [],
  onDone,
  onCancel,
}: RuleFormProps) {
  const run = useOp();
  const formId = useId();
  const title = typeTitle(recordType);
  const [id, setId] = useState(rule?.id ?? '');
  const [actions, setActions] = useState<string[]>(rule ? [...rule.actions] : ['read']);
  const [criteria, setCriteria] = useState<CriteriaDraft>(
    (rule && draftOf(rule.criteria)) ?? { mode: 'groups', groups: [] },
  );
  // saved criteria this form cannot show (e.g. `not`) are kept as they are unless replaced
  const [keep, setKeep] = useState(rule?.criteria !== undefined && !draftOf(rule.criteria));
  const [advice, setAdvice] = useState<AdviceDraft[]>(
    (rule?.advice ?? []).map((a) => ({
      field: a.field,
      op: a.op as Op,
      values: a.values.map(String).join(', '),
    })),
  );
  const [busy, setBusy] = useState(false);
  const listed = attributes.length > 0;
  const types = useMemo(() => attributeTypes(users ?? []), [users]);
  const userAttrs: AttributeOption[] | undefined = listed
    ? attributes
        .filter((a) => a.source === 'user')
        .map((a) => {
          const type = types.get(a.name);
          return type ? { name: a.name, type } : { name: a.name };
        })
    : undefined;
  const fields = attributes.filter((a) => a.source === 'resource').map((a) => a.name);

  let built: { criteria: ReturnType<typeof toCriteria> } | { error: string };
  try {
    built = { criteria: keep ? rule?.criteria : toCriteria(criteria) };
  } catch (error) {
    built = { error: error instanceof Error ? error.message : String(error) };
  }
  const preview =
    'error' in built
      ? built
      : users && allGroups
        ? built.criteria === undefined
          ? { ids: users.filter((u) => u.active !== false).map((u) => u.id) }
          : previewMembers(users, allGroups, built.criteria)
        : undefined;

  const save = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const c = keep ? rule?.criteria : toCriteria(criteria);
      const body = {
        actions,
        ...(c ? { criteria: c } : {}),
        ...(advice.length > 0
          ? {
              advice: advice.map((a) => ({
                field: a.field,
                op: a.op,
                values: a.values.split(',').map((v) => v.trim()),
              })),
            }
          : {}),
      };
      if (rule) {
        await run('editRule', { recordType, id: rule.id, rule: body });
        onDone({ ok: true, text: `Rule ${rule.id} of ${title} saved.` });
      } else {
        await run('addRule', { recordType, rule: { id, ...body } });
        onDone({ ok: true, text: `Rule ${id} added to ${title}.` });
      }
    } catch (error) {
      onDone({ ok: false, error });
    } finally {
      setBusy(false);
    }
  };
  const setRow = (i: number, patch: Partial<AdviceDraft>) =>
    setAdvice((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <form
      className="rule-form"
      aria-label={rule ? `Edit rule ${rule.id} of ${title}` : `New rule for ${title}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {rule ? (
        <p className="muted">
          Rule <strong>{rule.id}</strong> of {title}: its id stays; what it gives, to whom and on
          which records is replaced when you save.
        </p>
      ) : (
        <label className="field">
          Rule id
          <input
            value={id}
            onChange={(e) => setId(e.target.value)}
            required
            aria-describedby="rule-id-hint"
          />
          <span id="rule-id-hint" className="hint">
            A short name to find the rule by, e.g. east-high-priority.
          </span>
        </label>
      )}
      <fieldset className="checks">
        <legend>Gives</legend>
        {['read', 'write'].map((a) => (
          <label key={a} className="check">
            <input
              type="checkbox"
              checked={actions.includes(a)}
              onChange={(e) =>
                setActions((s) => (e.target.checked ? [...s, a] : s.filter((x) => x !== a)))
              }
            />{' '}
            {a}
          </label>
        ))}
      </fieldset>
      {keep ? (
        <fieldset>
          <legend>To users who</legend>
          <p>
            {describeCriteria(rule?.criteria)}{' '}
            <span className="muted">(kept as it is: this form cannot edit these criteria)</span>
          </p>
          <button type="button" className="ghost" onClick={() => setKeep(false)}>
            Replace the criteria
          </button>
        </fieldset>
      ) : (
        <CriteriaEditor
          legend="To users who"
          value={criteria}
          groups={groups}
          onChange={setCriteria}
          {...(userAttrs ? { attributes: userAttrs } : {})}
          noAttributes={`${title} lists no user attributes; add one under Permission attributes.`}
        />
      )}
      {preview && (
        <p className="preview" aria-live="polite">
          Users who meet this now:{' '}
          <span data-testid="criteria-preview">
            {'error' in preview
              ? `not a valid rule yet (${preview.error})`
              : namesList(preview.ids)}
          </span>
        </p>
      )}
      <fieldset>
        <legend>On records where (none: every record)</legend>
        {listed && fields.length === 0 && (
          <p className="muted">
            {title} lists no record fields; add one under Permission attributes.
          </p>
        )}
        {advice.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id
          <div className="condition" key={i}>
            <label htmlFor={`${formId}-advice-${i}`}>
              <span className="sr-only">Advice {i + 1}: record field</span>
              {listed ? (
                <select
                  id={`${formId}-advice-${i}`}
                  value={a.field}
                  onChange={(e) => setRow(i, { field: e.target.value })}
                >
                  {a.field === '' && <option value="">Choose a field</option>}
                  {a.field !== '' && !fields.includes(a.field) && (
                    <option value={a.field}>{a.field} (not listed)</option>
                  )}
                  {fields.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${formId}-advice-${i}`}
                  value={a.field}
                  placeholder="field, e.g. name"
                  onChange={(e) => setRow(i, { field: e.target.value })}
                />
              )}
            </label>
            <label>
              <span className="sr-only">Advice {i + 1}: operator</span>
              <select value={a.op} onChange={(e) => setRow(i, { op: e.target.value as Op })}>
                {ADVICE_OPS.map((o) => (
                  <option key={o} value={o}>
                    {o === '=' ? 'is (one of)' : OP_LABEL[o]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">Advice {i + 1}: values</span>
              <input
                value={a.values}
                placeholder="value, another"
                onChange={(e) => setRow(i, { values: e.target.value })}
              />
            </label>
            <ReasonButton
              className="icon-btn"
              icon="delete"
              label={`Delete advice ${i + 1}`}
              reason={undefined}
              onClick={() => setAdvice((s) => s.filter((_, j) => j !== i))}
            />
          </div>
        ))}
        <ReasonButton
          className="ghost"
          label="Add advice"
          text
          reason={
            listed && fields.length === 0
              ? `${title} lists no record fields to choose from`
              : undefined
          }
          onClick={() => setAdvice((s) => [...s, { field: fields[0] ?? '', op: '=', values: '' }])}
        />
      </fieldset>
      <div className="buttons">
        <ReasonButton
          type="submit"
          className="primary"
          label={rule ? 'Save rule' : 'Add rule'}
          reason={
            busy
              ? 'saving…'
              : !rule && id.trim() === ''
                ? 'enter a rule id first'
                : !rule && taken.includes(id.trim())
                  ? `${title} already has a rule ${id.trim()}; pick another id`
                  : actions.length === 0
                    ? 'choose what it gives: read, write or both'
                    : !keep && criteria.mode === 'groups' && criteria.groups.length === 0
                      ? 'choose at least one group, or another kind of criteria'
                      : 'error' in built
                        ? `the criteria are not valid yet (${built.error})`
                        : undefined
          }
        />
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
