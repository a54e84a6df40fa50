/** Edits who a rule is about: every user, members of groups, or conditions with advanced logic (MODEL N7, D3). */
import { useId } from 'react';
import { type Condition, type CriteriaDraft, OPS, type Op } from './criteria';

export interface CriteriaEditorProps {
  readonly value: CriteriaDraft;
  readonly groups: readonly string[];
  readonly legend: string;
  onChange(next: CriteriaDraft): void;
}

const LETTERS = 'ABCDEFGH';

export function CriteriaEditor({ value, groups, legend, onChange }: CriteriaEditorProps) {
  const name = useId();
  const setMode = (mode: CriteriaDraft['mode']) =>
    onChange(
      mode === 'everyone'
        ? { mode }
        : mode === 'groups'
          ? { mode, groups: [] }
          : { mode, logic: 'A', conditions: [{ letter: 'A', attr: '', op: '=', value: '' }] },
    );
  const setCondition = (i: number, patch: Partial<Condition>) => {
    if (value.mode !== 'logic') return;
    const conditions = value.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c));
    onChange({ ...value, conditions });
  };
  return (
    <fieldset className="criteria">
      <legend>{legend}</legend>
      <div className="radios">
        {(['everyone', 'groups', 'logic'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={name}
              checked={value.mode === m}
              onChange={() => setMode(m)}
            />{' '}
            {m === 'everyone' ? 'Every user' : m === 'groups' ? 'Members of groups' : 'Conditions'}
          </label>
        ))}
      </div>
      {value.mode === 'groups' && (
        <div className="checks">
          {groups.map((g) => (
            <label key={g}>
              <input
                type="checkbox"
                checked={value.groups.includes(g)}
                onChange={(e) =>
                  onChange({
                    ...value,
                    groups: e.target.checked
                      ? [...value.groups, g]
                      : value.groups.filter((x) => x !== g),
                  })
                }
              />{' '}
              {g}
            </label>
          ))}
        </div>
      )}
      {value.mode === 'logic' && (
        <>
          {value.conditions.map((c, i) => (
            <div className="condition" key={c.letter}>
              <span className="letter" aria-hidden="true">
                {c.letter}
              </span>
              <label>
                <span className="sr-only">Condition {c.letter}: user attribute</span>
                <input
                  value={c.attr}
                  placeholder="attribute, e.g. department"
                  onChange={(e) => setCondition(i, { attr: e.target.value })}
                />
              </label>
              <label>
                <span className="sr-only">Condition {c.letter}: operator</span>
                <select
                  value={c.op}
                  onChange={(e) => setCondition(i, { op: e.target.value as Op })}
                >
                  {OPS.map((op) => (
                    <option key={op}>{op}</option>
                  ))}
                </select>
              </label>
              <label>
                <span className="sr-only">Condition {c.letter}: value</span>
                <input
                  value={c.value}
                  placeholder={c.op === 'in' ? 'a, b, c' : 'value'}
                  onChange={(e) => setCondition(i, { value: e.target.value })}
                />
              </label>
            </div>
          ))}
          <button
            type="button"
            className="ghost"
            disabled={value.conditions.length >= LETTERS.length}
            onClick={() => {
              const letter = LETTERS[value.conditions.length] ?? 'H';
              onChange({
                ...value,
                logic: `${value.logic} and ${letter}`,
                conditions: [...value.conditions, { letter, attr: '', op: '=', value: '' }],
              });
            }}
          >
            Add condition
          </button>
          <label className="field">
            Advanced logic
            <input
              value={value.logic}
              onChange={(e) => onChange({ ...value, logic: e.target.value })}
              placeholder="A and (B or not C)"
            />
          </label>
        </>
      )}
    </fieldset>
  );
}
