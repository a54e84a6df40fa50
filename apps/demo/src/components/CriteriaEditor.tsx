/**
 * Edits who a rule is about: every user, members of groups, or conditions with advanced
 * logic (MODEL N7, D3). Given `attributes`, a condition picks its attribute from that list
 * (MODEL D11) and its value by the attribute's kind (true/false for a boolean).
 */
import { useId } from 'react';
import {
  type AttributeOption,
  addCondition,
  type Condition,
  type CriteriaDraft,
  nextLetter,
  OP_LABEL,
  type Op,
  opsFor,
  removeCondition,
} from './criteria';
import { ReasonButton } from './sharing/ReasonButton';

export interface CriteriaEditorProps {
  readonly value: CriteriaDraft;
  /** Group ids offered under "Members of groups". */
  readonly groups: readonly string[];
  readonly legend: string;
  onChange(next: CriteriaDraft): void;
  /** The attributes a condition may name (a picker); without it, free text. */
  readonly attributes?: readonly AttributeOption[];
  /** Why the list is empty, shown when `attributes` is `[]`. */
  readonly noAttributes?: string;
  /** A group's title (default: its id). */
  readonly groupTitle?: (id: string) => string;
}

export function CriteriaEditor({
  value,
  groups,
  legend,
  onChange,
  attributes,
  noAttributes,
  groupTitle = (g) => g,
}: CriteriaEditorProps) {
  const name = useId();
  const first = attributes?.[0];
  const setMode = (mode: CriteriaDraft['mode']) =>
    onChange(
      mode === 'everyone'
        ? { mode }
        : mode === 'groups'
          ? { mode, groups: [] }
          : {
              mode,
              logic: 'A',
              conditions: [
                {
                  letter: 'A',
                  attr: first?.name ?? '',
                  op: '=',
                  value: first?.type === 'boolean' ? 'true' : '',
                  ...(first?.type ? { type: first.type } : {}),
                },
              ],
            },
    );
  const setCondition = (i: number, patch: Partial<Condition>) => {
    if (value.mode !== 'logic') return;
    const conditions = value.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c));
    onChange({ ...value, conditions });
  };
  const pickAttr = (i: number, attr: string) => {
    const option = attributes?.find((a) => a.name === attr);
    const c = value.mode === 'logic' ? value.conditions[i] : undefined;
    const ops = opsFor(option?.type);
    const { type: _old, ...rest } = c ?? ({} as Condition);
    const next: Condition = {
      ...(rest as Omit<Condition, 'type'>),
      attr,
      op: c && ops.includes(c.op) ? c.op : '=',
      value: option?.type === 'boolean' ? 'true' : option?.type !== c?.type ? '' : (c?.value ?? ''),
      ...(option?.type ? { type: option.type } : {}),
    };
    if (value.mode !== 'logic') return;
    onChange({ ...value, conditions: value.conditions.map((x, j) => (j === i ? next : x)) });
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
          {groups.length === 0 && <p className="muted">No user groups yet.</p>}
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
              {groupTitle(g)}
            </label>
          ))}
        </div>
      )}
      {value.mode === 'logic' && (
        <>
          {attributes?.length === 0 && (
            <p className="muted">{noAttributes ?? 'No attributes to choose from.'}</p>
          )}
          {value.conditions.map((c, i) => (
            <div className="condition" key={c.letter} data-condition={c.letter}>
              <span className="letter" aria-hidden="true">
                {c.letter}
              </span>
              <label htmlFor={`${name}-${c.letter}-attr`}>
                <span className="sr-only">Condition {c.letter}: user attribute</span>
                {attributes ? (
                  <select
                    id={`${name}-${c.letter}-attr`}
                    value={c.attr}
                    onChange={(e) => pickAttr(i, e.target.value)}
                  >
                    {c.attr === '' && <option value="">Choose an attribute</option>}
                    {c.attr !== '' && !attributes.some((a) => a.name === c.attr) && (
                      <option value={c.attr}>{c.attr} (not listed)</option>
                    )}
                    {attributes.map((a) => (
                      <option key={a.name} value={a.name}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={`${name}-${c.letter}-attr`}
                    value={c.attr}
                    placeholder="attribute, e.g. department"
                    onChange={(e) => setCondition(i, { attr: e.target.value })}
                  />
                )}
              </label>
              <label>
                <span className="sr-only">Condition {c.letter}: operator</span>
                <select
                  value={c.op}
                  onChange={(e) => setCondition(i, { op: e.target.value as Op })}
                >
                  {opsFor(c.type).map((op) => (
                    <option key={op} value={op}>
                      {OP_LABEL[op]}
                    </option>
                  ))}
                </select>
              </label>
              <label htmlFor={`${name}-${c.letter}-value`}>
                <span className="sr-only">Condition {c.letter}: value</span>
                {c.type === 'boolean' ? (
                  <select
                    id={`${name}-${c.letter}-value`}
                    value={c.value}
                    onChange={(e) => setCondition(i, { value: e.target.value })}
                  >
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    id={`${name}-${c.letter}-value`}
                    value={c.value}
                    inputMode={c.type === 'number' ? 'decimal' : undefined}
                    placeholder={c.op === 'in' ? 'a, b, c' : 'value'}
                    onChange={(e) => setCondition(i, { value: e.target.value })}
                  />
                )}
              </label>
              <ReasonButton
                className="icon-btn"
                icon="delete"
                label={`Delete condition ${c.letter}`}
                reason={
                  value.conditions.length <= 1
                    ? 'A rule needs at least one condition; choose “Every user” instead'
                    : undefined
                }
                onClick={() => onChange(removeCondition(value, c.letter))}
              />
            </div>
          ))}
          <ReasonButton
            className="ghost"
            label="Add condition"
            text
            reason={
              nextLetter(value.conditions) === undefined
                ? 'At most eight conditions (A to H)'
                : undefined
            }
            onClick={() => onChange(addCondition(value))}
          />
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
