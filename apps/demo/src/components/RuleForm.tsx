/** Adds a data sharing rule: actions, criteria about the user, advice about the record (MODEL D3). */
import { useState } from 'react';
import { CriteriaEditor } from './CriteriaEditor';
import { type CriteriaDraft, OPS, type Op, toCriteria } from './criteria';
import type { Outcome } from './Notice';
import { useOp } from './session';

interface AdviceDraft {
  readonly field: string;
  readonly op: Op;
  readonly values: string;
}

export interface RuleFormProps {
  readonly recordType: string;
  readonly groups: readonly string[];
  onDone(outcome: Outcome): void;
  onCancel(): void;
}

export function RuleForm({ recordType, groups, onDone, onCancel }: RuleFormProps) {
  const run = useOp();
  const [id, setId] = useState('');
  const [actions, setActions] = useState<string[]>(['read']);
  const [criteria, setCriteria] = useState<CriteriaDraft>({ mode: 'groups', groups: [] });
  const [advice, setAdvice] = useState<AdviceDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const c = toCriteria(criteria);
      const rule = {
        id,
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
      await run('addRule', { recordType, rule });
      onDone({ ok: true, text: `Rule ${id} added to ${recordType}.` });
    } catch (error) {
      onDone({ ok: false, error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="rule-form"
      aria-label={`New rule for ${recordType}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="field">
        Rule id
        <input value={id} onChange={(e) => setId(e.target.value)} required />
      </label>
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
      <CriteriaEditor
        legend="To users who"
        value={criteria}
        groups={groups}
        onChange={setCriteria}
      />
      <fieldset>
        <legend>On records where (advice; none: every record)</legend>
        {advice.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id
          <div className="condition" key={i}>
            <label>
              <span className="sr-only">Advice {i + 1}: record field</span>
              <input
                value={a.field}
                placeholder="field, e.g. name"
                onChange={(e) =>
                  setAdvice((s) => s.map((x, j) => (j === i ? { ...x, field: e.target.value } : x)))
                }
              />
            </label>
            <label>
              <span className="sr-only">Advice {i + 1}: operator</span>
              <select
                value={a.op}
                onChange={(e) =>
                  setAdvice((s) =>
                    s.map((x, j) => (j === i ? { ...x, op: e.target.value as Op } : x)),
                  )
                }
              >
                {OPS.filter((o) => o !== 'in').map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">Advice {i + 1}: values</span>
              <input
                value={a.values}
                placeholder="value, another"
                onChange={(e) =>
                  setAdvice((s) =>
                    s.map((x, j) => (j === i ? { ...x, values: e.target.value } : x)),
                  )
                }
              />
            </label>
          </div>
        ))}
        <button
          type="button"
          className="ghost"
          onClick={() => setAdvice((s) => [...s, { field: '', op: '=', values: '' }])}
        >
          Add advice
        </button>
      </fieldset>
      <div className="buttons">
        <button
          type="submit"
          className="primary"
          disabled={busy || id === '' || actions.length === 0}
        >
          Add rule
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
