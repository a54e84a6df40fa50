/**
 * One record type's sharing settings: the "everyone gets read/write" switch (asks before it
 * deletes rules, MODEL D2), its rules with edit and delete (D10), and "Add rule", greyed with
 * the reason while everyone has read/write (D2) or the user may not change settings (D8, A11).
 */
import type { SharingRule } from '@grantkit/core';
import { useState } from 'react';
import type { WorldGroup, WorldRecordType, WorldUser } from '../../api';
import { RecordSection } from '../../screens/Records';
import { describeAdvice, describeCriteria } from '../criteria';
import { Dialog } from '../Dialog';
import { Notice, type Outcome } from '../Notice';
import { RuleForm } from '../RuleForm';
import { useOp } from '../session';
import { ReasonButton } from './ReasonButton';
import { attributesOf, CHECKING, typeOne, typeTitle, useChangeBlock } from './vocabulary';

export interface RecordTypeCardProps {
  readonly type: string;
  readonly settings: WorldRecordType | undefined;
  readonly groups: readonly WorldGroup[];
  readonly users: readonly WorldUser[];
  onOutcome(o: Outcome): void;
}

type Editing = { kind: 'add' } | { kind: 'edit'; rule: SharingRule } | null;

const gives = (actions: readonly string[]) =>
  actions.length === 2 ? 'Read and write' : actions[0] === 'write' ? 'Write' : 'Read';

export function RecordTypeCard({ type, settings, groups, users, onOutcome }: RecordTypeCardProps) {
  const run = useOp();
  const block = useChangeBlock();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<SharingRule | null>(null);
  const [switching, setSwitching] = useState<boolean | null>(null);
  const [dialogOutcome, setDialogOutcome] = useState<Outcome>(null);
  const everyone = settings?.everyone ?? true;
  const rules = settings?.rules ?? [];
  const title = typeTitle(type);
  const groupIds = groups.map((g) => g.id);
  const attributes = attributesOf(settings);

  const setEveryone = async (on: boolean) => {
    onOutcome(null);
    try {
      await run('setEveryone', { recordType: type, on });
      onOutcome({
        ok: true,
        text: on
          ? `Everyone may now read and write ${title}; ${rules.length === 1 ? 'its rule was' : `its ${rules.length} rules were`} deleted.`
          : `Only the rules of ${title} give access now.`,
      });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
    setSwitching(null);
  };
  const deleteRule = async (rule: SharingRule) => {
    setDialogOutcome(null);
    try {
      await run('deleteRule', { recordType: type, id: rule.id });
      onOutcome({ ok: true, text: `Rule ${rule.id} of ${title} deleted.` });
      setDeleting(null);
    } catch (error) {
      setDialogOutcome({ ok: false, error });
    }
  };
  const addReason =
    block ??
    (everyone
      ? `everyone may read and write ${title}; turn that off to give access by rules`
      : undefined);
  const ruleReason = block;
  return (
    <section className="card" aria-labelledby={`rt-${type}`} data-record-type={type}>
      <div className="card-head">
        <h2 id={`rt-${type}`}>{title}</h2>
        <label className="check switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={everyone}
            checked={everyone}
            aria-disabled={block ? 'true' : undefined}
            aria-describedby={block && block !== CHECKING ? `rt-${type}-locked` : undefined}
            onChange={(e) => {
              if (block) return;
              setSwitching(e.target.checked);
            }}
          />{' '}
          Everyone gets read/write
        </label>
      </div>
      {block && block !== CHECKING && (
        <p className="muted" id={`rt-${type}-locked`}>
          Locked: {block}.
        </p>
      )}
      {everyone ? (
        <p className="muted">
          Every user may read and write {title}. Rules apply once you turn this off.
        </p>
      ) : (
        <table className="rules">
          <caption className="sr-only">Sharing rules of {title}</caption>
          <thead>
            <tr>
              <th scope="col">Gives</th>
              <th scope="col">To users who</th>
              <th scope="col">On records where</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-rule={r.id}>
                <th scope="row">
                  {gives(r.actions)}
                  <details className="why">
                    <summary>Why?</summary>
                    Rule id <code>{r.id}</code>
                  </details>
                </th>
                <td>{describeCriteria(r.criteria)}</td>
                <td>{describeAdvice(r.advice)}</td>
                <td className="actions nowrap">
                  <ReasonButton
                    className="icon-btn"
                    icon="edit"
                    label={`Edit rule ${r.id}`}
                    reason={ruleReason}
                    onClick={() => setEditing({ kind: 'edit', rule: r })}
                  />
                  <ReasonButton
                    className="icon-btn"
                    icon="delete"
                    label={`Delete rule ${r.id}`}
                    reason={ruleReason}
                    onClick={() => {
                      setDialogOutcome(null);
                      setDeleting(r);
                    }}
                  />
                </td>
              </tr>
            ))}
            {rules.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No rules: no one but super admins may read or write {title}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {editing?.kind === 'add' ? (
        <RuleForm
          recordType={type}
          groups={groupIds}
          attributes={attributes}
          users={users}
          allGroups={groups}
          taken={rules.map((r) => r.id)}
          onDone={(o) => {
            onOutcome(o);
            if (o?.ok) setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <ReasonButton
          label={`Add rule to ${title}`}
          reason={addReason}
          onClick={() => setEditing({ kind: 'add' })}
        />
      )}
      {editing?.kind === 'edit' && (
        <Dialog title={`Edit a rule of ${title}`} onClose={() => setEditing(null)} wide>
          <RuleForm
            recordType={type}
            groups={groupIds}
            attributes={attributes}
            users={users}
            allGroups={groups}
            rule={editing.rule}
            onDone={(o) => {
              if (o?.ok) {
                onOutcome(o);
                setEditing(null);
              } else setDialogOutcome(o);
            }}
            onCancel={() => setEditing(null)}
          />
          <Notice outcome={dialogOutcome} />
        </Dialog>
      )}
      {deleting && (
        <Dialog title={`Delete a rule of ${title}?`} onClose={() => setDeleting(null)}>
          <p>
            Users matching <strong>{describeCriteria(deleting.criteria)}</strong> lose{' '}
            {gives(deleting.actions).toLowerCase()} on {title} where{' '}
            <strong>{describeAdvice(deleting.advice)}</strong>, unless another rule gives it.
          </p>
          <p className="muted">Rule id: {deleting.id}</p>
          <Notice outcome={dialogOutcome} />
          <div className="dialog-foot">
            <button type="button" className="primary danger" onClick={() => deleteRule(deleting)}>
              Delete rule
            </button>
            <button type="button" className="ghost" onClick={() => setDeleting(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      {switching !== null && (
        <Dialog
          title={
            switching
              ? `Give everyone read/write on ${title}?`
              : `Give access to ${title} by rules only?`
          }
          onClose={() => setSwitching(null)}
        >
          {switching ? (
            <p data-testid="everyone-warning">
              {rules.length === 0
                ? `${title} has no rules, so none will be deleted.`
                : `This deletes ${rules.length === 1 ? 'the 1 rule' : `all ${rules.length} rules`} of ${title}; they cannot be brought back. Permission attributes stay.`}{' '}
              Every user will read and write every {typeOne(type)}.
            </p>
          ) : (
            <p data-testid="everyone-warning">
              Only rules will give access. {title} has no rules yet, so until you add one no one but
              super admins may read or write them.
            </p>
          )}
          <div className="dialog-foot">
            <button
              type="button"
              className={switching && rules.length > 0 ? 'primary danger' : 'primary'}
              onClick={() => setEveryone(switching)}
            >
              {switching
                ? rules.length > 0
                  ? `Turn on and delete ${rules.length === 1 ? '1 rule' : `${rules.length} rules`}`
                  : 'Turn on'
                : 'Turn off'}
            </button>
            <button type="button" className="ghost" onClick={() => setSwitching(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      <details>
        <summary>{title} and what you may do on them</summary>
        <RecordSection type={type} title={title} actions={['read', 'write']} />
      </details>
    </section>
  );
}
