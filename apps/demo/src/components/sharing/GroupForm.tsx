/**
 * Creates or edits a user group (MODEL D9): an alphanumeric name (the form says so and
 * refuses others, naming the field), members who match a rule, and members added by hand;
 * a live preview of who is in it.
 */
import type { Criteria } from '@grantkit/core';
import { useId, useMemo, useState } from 'react';
import type { WorldGroup, WorldUser } from '../../api';
import { CriteriaEditor } from '../CriteriaEditor';
import {
  attributeTypes,
  type CriteriaDraft,
  describeCriteria,
  draftOf,
  toCriteria,
} from '../criteria';
import { Dialog } from '../Dialog';
import { Notice, type Outcome } from '../Notice';
import { useOp } from '../session';
import { ReasonButton } from './ReasonButton';
import { UserPicker } from './UserPicker';
import { namesList, previewMembers } from './vocabulary';

export interface GroupFormProps {
  /** The group to edit; without it the form creates one. */
  readonly group?: WorldGroup;
  readonly users: readonly WorldUser[];
  readonly groups: readonly WorldGroup[];
  onDone(text: string): void;
  onClose(): void;
}

const ALNUM = /^[A-Za-z0-9]+$/;
const START: CriteriaDraft = {
  mode: 'logic',
  logic: 'A',
  conditions: [{ letter: 'A', attr: 'department', op: '=', value: '' }],
};

/** What is wrong with a new group's name, or `undefined`. */
export function nameProblem(name: string, taken: readonly string[]): string | undefined {
  if (name === '') return 'Group name: enter a name.';
  if (!ALNUM.test(name))
    return 'Group name: use letters and digits only (no spaces, dashes or other signs).';
  if (taken.some((t) => t.toLowerCase() === name.toLowerCase()))
    return `Group name: a group named ${name} already exists.`;
  return undefined;
}

export function GroupForm({ group, users, groups, onDone, onClose }: GroupFormProps) {
  const run = useOp();
  const hintId = useId();
  const [name, setName] = useState(group?.id ?? '');
  const [touched, setTouched] = useState(false);
  const [byRule, setByRule] = useState(group?.rule !== undefined);
  const [draft, setDraft] = useState<CriteriaDraft>((group?.rule && draftOf(group.rule)) ?? START);
  // a saved rule this form cannot show (e.g. `not`) is kept as it is unless replaced
  const [keep, setKeep] = useState(group?.rule !== undefined && !draftOf(group.rule));
  const [members, setMembers] = useState<string[]>([...(group?.members ?? [])]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const types = useMemo(() => attributeTypes(users), [users]);
  const attributes = [...types]
    .filter(([n]) => n !== 'name' && n !== 'email')
    .map(([n, type]) => ({ name: n, type }));
  const others = groups.filter((g) => g.id !== group?.id);
  const problem = group
    ? undefined
    : nameProblem(
        name,
        groups.map((g) => g.id),
      );

  let rule: Criteria | undefined;
  let ruleError: string | undefined;
  try {
    rule = !byRule ? undefined : keep ? group?.rule : toCriteria(draft);
  } catch (error) {
    ruleError = error instanceof Error ? error.message : String(error);
  }
  const preview = ruleError ? { error: ruleError } : previewMembers(users, others, rule, members);

  const save = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setOutcome(null);
    try {
      if (group) {
        await run('editGroup', {
          id: group.id,
          members,
          ...(byRule && keep ? {} : { rule: rule ?? null }),
        });
        onDone(`Group ${group.id} saved.`);
      } else {
        await run('createGroup', { id: name, members, ...(rule ? { rule } : {}) });
        onDone(`Group ${name} created.`);
      }
    } catch (error) {
      setOutcome({ ok: false, error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={group ? `Edit group ${group.id}` : 'New user group'} onClose={onClose} wide>
      <form
        className="group-form"
        aria-label={group ? `Edit group ${group.id}` : 'New user group'}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {!group && (
          <label className="field">
            Group name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              onBlur={() => setTouched(name !== '')}
              aria-invalid={touched && problem ? 'true' : undefined}
              aria-describedby={hintId}
              autoComplete="off"
            />
            <span id={hintId} className={touched && problem ? 'field-error' : 'hint'}>
              {touched && problem ? problem : 'Letters and digits only, e.g. EastLeads.'}
            </span>
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={byRule} onChange={(e) => setByRule(e.target.checked)} />{' '}
          Add everyone who matches a rule (kept up to date as people change)
        </label>
        {byRule && keep && (
          <p>
            Users matching <strong>{describeCriteria(group?.rule)}</strong>{' '}
            <span className="muted">(kept as it is: this form cannot edit this rule)</span>{' '}
            <button type="button" className="ghost" onClick={() => setKeep(false)}>
              Replace the rule
            </button>
          </p>
        )}
        {byRule && !keep && (
          <CriteriaEditor
            legend="Members are users who"
            value={draft}
            groups={others.map((g) => g.id)}
            attributes={attributes}
            onChange={setDraft}
          />
        )}
        <UserPicker
          legend="Members added by hand"
          users={users}
          chosen={members}
          onChange={setMembers}
        />
        <p className="preview" aria-live="polite">
          Members now:{' '}
          <span data-testid="group-preview">
            {'error' in preview
              ? `not a valid rule yet (${preview.error})`
              : `${preview.ids.length} — ${namesList(preview.ids)}`}
          </span>
        </p>
        <Notice outcome={outcome} />
        <div className="dialog-foot">
          <ReasonButton
            type="submit"
            className="primary"
            label={group ? 'Save group' : 'Create group'}
            reason={
              busy
                ? 'saving…'
                : ruleError !== undefined || 'error' in preview
                  ? 'the rule is not valid yet; see the preview'
                  : byRule && !keep && draft.mode === 'groups' && draft.groups.length === 0
                    ? 'choose at least one group, or another kind of rule'
                    : undefined
            }
          />
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
