/** Criteria (MODEL N7, D3) as the forms edit them, and how they read. */
import type { Criteria } from '@grantkit/core';

export const OPS = ['=', '!=', 'in', 'contains', 'startsWith', '>', '>=', '<', '<='] as const;
export type Op = (typeof OPS)[number];

/** The kind of value an attribute holds, as the tenant's users hold it. */
export type AttrType = 'string' | 'number' | 'boolean' | 'list';

/** An attribute a condition may name (a permission attribute, or one the users hold). */
export interface AttributeOption {
  readonly name: string;
  readonly type?: AttrType;
}

/** One lettered condition of an advanced-logic rule: `A: department = CS`. */
export interface Condition {
  readonly letter: string;
  readonly attr: string;
  readonly op: Op;
  readonly value: string;
  /** The attribute's kind, when known: `true` is sent as a boolean, `3` as a number. */
  readonly type?: AttrType;
}

export type CriteriaDraft =
  | { readonly mode: 'everyone' }
  | { readonly mode: 'groups'; readonly groups: readonly string[] }
  | { readonly mode: 'logic'; readonly logic: string; readonly conditions: readonly Condition[] };

/** Letters conditions are named by, in order. */
export const LETTERS = 'ABCDEFGH';

/** The operators that make sense for an attribute of a kind. */
export const opsFor = (type: AttrType | undefined): readonly Op[] =>
  type === 'boolean'
    ? ['=', '!=']
    : type === 'number'
      ? ['=', '!=', 'in', '>', '>=', '<', '<=']
      : OPS;

/** Operators in words, for the pickers. */
export const OP_LABEL: Record<Op, string> = {
  '=': 'is',
  '!=': 'is not',
  in: 'is one of',
  contains: 'contains',
  startsWith: 'starts with',
  '>': 'is more than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
};

const scalar = (raw: string, type: AttrType | undefined, op: Op): unknown => {
  const s = raw.trim();
  if (type === 'boolean' || (type === undefined && (op === '=' || op === '!=')))
    if (s === 'true' || s === 'false') return s === 'true';
  const numeric = type === 'number' || op === '>' || op === '>=' || op === '<' || op === '<=';
  if (numeric && s !== '' && Number.isFinite(Number(s))) return Number(s);
  return type === 'boolean' ? s : raw;
};

/** A condition's value as the server compares it: lists for `in`, booleans and numbers typed. */
export function parseValue(op: Op, raw: string, type?: AttrType): unknown {
  if (op === 'in')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (type === 'number' ? scalar(s, type, op) : s));
  return scalar(raw, type, op);
}

/** The criteria a draft stands for (`undefined`: every user). */
export function toCriteria(draft: CriteriaDraft): Criteria | undefined {
  if (draft.mode === 'everyone') return undefined;
  if (draft.mode === 'groups') return { userGroup: [...draft.groups] } as Criteria;
  const where: Record<string, unknown> = {};
  for (const c of draft.conditions)
    where[c.letter] = { attr: c.attr, op: c.op, value: parseValue(c.op, c.value, c.type) };
  if (draft.conditions.length === 1 && draft.logic.trim() === draft.conditions[0]?.letter)
    return where[draft.conditions[0].letter] as Criteria;
  return { logic: draft.logic, where } as Criteria;
}

/** The first letter no condition uses yet (`undefined`: all eight are used). */
export const nextLetter = (conditions: readonly Condition[]): string | undefined =>
  [...LETTERS].find((l) => !conditions.some((c) => c.letter === l));

/** Adds an empty condition, joined to the logic with `and`. */
export function addCondition(draft: CriteriaDraft & { mode: 'logic' }): CriteriaDraft {
  const letter = nextLetter(draft.conditions);
  if (letter === undefined) return draft;
  const logic = draft.logic.trim() === '' ? letter : `${draft.logic} and ${letter}`;
  return {
    ...draft,
    logic,
    conditions: [...draft.conditions, { letter, attr: '', op: '=', value: '' }],
  };
}

const TOKEN = /\s*(\(|\)|[A-Za-z]+)\s*/y;
const tokenize = (logic: string): string[] | undefined => {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < logic.length) {
    const m = TOKEN.exec(logic);
    if (m?.[1] === undefined) return logic.slice(TOKEN.lastIndex).trim() === '' ? out : undefined;
    out.push(m[1]);
  }
  return out;
};
const isOp = (t: string | undefined) => t === 'and' || t === 'or';

/** Whether tokens read as `term (and|or term)*`, a term being a letter, `not term` or `( … )`. */
function wellFormed(tokens: readonly string[]): boolean {
  let i = 0;
  const term = (): boolean => {
    const t = tokens[i++];
    if (t === 'not') return term();
    if (t === '(') return expr() && tokens[i++] === ')';
    return t !== undefined && /^[A-Z]$/.test(t);
  };
  const expr = (): boolean => {
    if (!term()) return false;
    while (isOp(tokens[i])) {
      i++;
      if (!term()) return false;
    }
    return true;
  };
  return expr() && i === tokens.length;
}

/**
 * Deletes one condition and takes its letter out of the logic with the operator beside it
 * (`A and (B or C)` without B: `A and (C)`); when the logic cannot be kept, the remaining
 * conditions are joined with `and`.
 */
export function removeCondition(draft: CriteriaDraft, letter: string): CriteriaDraft {
  if (draft.mode !== 'logic') return draft;
  const conditions = draft.conditions.filter((c) => c.letter !== letter);
  const fallback = conditions.map((c) => c.letter).join(' and ');
  let tokens = tokenize(draft.logic);
  const at = tokens?.indexOf(letter) ?? -1;
  if (tokens === undefined || at < 0) return { ...draft, conditions, logic: fallback };
  let from = at;
  while (tokens[from - 1] === 'not') from--;
  let to = at + 1;
  if (isOp(tokens[from - 1])) from--;
  else if (isOp(tokens[to])) to++;
  tokens = [...tokens.slice(0, from), ...tokens.slice(to)];
  // drop parentheses left empty
  for (let i = tokens.indexOf('('); i >= 0; i = tokens.indexOf('(', i + 1))
    if (tokens[i + 1] === ')') {
      tokens.splice(i, 2);
      i = -1;
    }
  const logic = tokens.join(' ').replaceAll('( ', '(').replaceAll(' )', ')');
  return { ...draft, conditions, logic: wellFormed(tokens) ? logic : fallback };
}

type AnyCriteria = {
  attr?: string;
  op?: string;
  value?: unknown;
  userGroup?: string[];
  all?: AnyCriteria[];
  any?: AnyCriteria[];
  not?: AnyCriteria;
  logic?: string;
  where?: Record<string, AnyCriteria>;
};

const typeOfValue = (v: unknown): AttrType | undefined =>
  typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : undefined;

const asCondition = (letter: string, c: AnyCriteria): Condition | undefined => {
  if (typeof c.attr !== 'string' || !OPS.includes(c.op as Op)) return undefined;
  const first = Array.isArray(c.value) ? c.value[0] : c.value;
  const type = typeOfValue(first);
  return {
    letter,
    attr: c.attr,
    op: c.op as Op,
    value: Array.isArray(c.value) ? c.value.join(', ') : String(c.value ?? ''),
    ...(type ? { type } : {}),
  };
};

/** The form's draft for saved criteria (`undefined` when the form cannot show them). */
export function draftOf(criteria: unknown): CriteriaDraft | undefined {
  if (criteria === undefined || criteria === null) return { mode: 'everyone' };
  const c = criteria as AnyCriteria;
  if (Array.isArray(c.userGroup)) return { mode: 'groups', groups: c.userGroup };
  const single = asCondition('A', c);
  if (single) return { mode: 'logic', logic: 'A', conditions: [single] };
  const parts = c.all ?? c.any;
  if (parts && parts.length <= LETTERS.length) {
    const conditions = parts.map((p, i) => asCondition(LETTERS[i] ?? 'H', p));
    if (conditions.every((x) => x !== undefined))
      return {
        mode: 'logic',
        logic: conditions.map((x) => x.letter).join(c.all ? ' and ' : ' or '),
        conditions,
      };
    return undefined;
  }
  if (typeof c.logic !== 'string' || c.where === undefined) return undefined;
  const conditions = Object.entries(c.where).map(([k, x]) => asCondition(k, x));
  return conditions.every((x) => x !== undefined)
    ? { mode: 'logic', logic: c.logic, conditions }
    : undefined;
}

/** The kind of each attribute the users hold (the first value seen decides). */
export function attributeTypes(
  users: readonly { attributes?: Readonly<Record<string, unknown>> }[],
): Map<string, AttrType> {
  const out = new Map<string, AttrType>();
  for (const u of users)
    for (const [name, v] of Object.entries(u.attributes ?? {}))
      if (!out.has(name))
        out.set(
          name,
          Array.isArray(v)
            ? 'list'
            : typeof v === 'boolean'
              ? 'boolean'
              : typeof v === 'number'
                ? 'number'
                : 'string',
        );
  return out;
}

/**
 * The title of a user attribute: its identifier in words (`businessUnit` → "Business unit").
 *
 * @example
 * attributeTitle('businessUnit'); // 'Business unit'
 */
export const attributeTitle = (name: string): string => {
  const words = name
    .replace(/[._-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const valueText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));

/** Criteria in words: `A and (B or C) where A: businessUnit is one of East, West; …`. */
export function describeCriteria(
  c: unknown,
  groupTitle: (id: string) => string = (g) => g,
): string {
  if (c === undefined || c === null) return 'every user';
  const x = c as AnyCriteria;
  const d = (y: unknown) => describeCriteria(y, groupTitle);
  if (x.attr !== undefined)
    return `${attributeTitle(x.attr)} ${OP_LABEL[x.op as Op] ?? x.op} ${valueText(x.value)}`;
  if (x.userGroup) return `member of ${x.userGroup.map(groupTitle).join(' or ')}`;
  if (x.all) return x.all.map(d).join(' and ');
  if (x.any) return x.any.map(d).join(' or ');
  if (x.not) return `not (${d(x.not)})`;
  if (x.logic !== undefined)
    return `${x.logic} where ${Object.entries(x.where ?? {})
      .map(([k, v]) => `${k}: ${d(v)}`)
      .join('; ')}`;
  return 'criteria this screen cannot show';
}

/** Advice in words: `priority is high; name is one of A, B` (none: every record). */
export function describeAdvice(
  advice: readonly { field: string; op: string; values: readonly unknown[] }[] | undefined,
): string {
  if (!advice || advice.length === 0) return 'every record';
  return advice
    .map(
      (a) =>
        `${attributeTitle(a.field)} ${a.values.length > 1 && a.op === '=' ? 'is one of' : (OP_LABEL[a.op as Op] ?? a.op)} ${a.values.join(', ')}`,
    )
    .join('; ');
}
