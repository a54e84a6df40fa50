/**
 * The small declarative language of rules: criteria about users (with the
 * advanced-logic strings of MODEL N7), conditions about records (MODEL R2) and
 * advice (MODEL D3). Validation reports a JSON path; evaluation never throws.
 */

import { isObject } from './is-object.ts';
import { COMPARE_OPS, type CompareOp, type Condition, type Criteria } from './types.ts';

/** Reports a problem at a JSON path; never returns. */
export type Fail = (path: string, message: string) => never;

type Logic =
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'not'; readonly a: Logic }
  | { readonly k: 'and' | 'or'; readonly a: Logic; readonly b: Logic };

const parsed = new WeakMap<object, Logic>();

/** Parses an advanced-logic string (`A or (B and not C)`, case-insensitive keywords). */
export function parseLogic(
  text: string,
  names: readonly string[],
  path: string,
  fail: Fail,
): Logic {
  const tokens = text.match(/\(|\)|[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at]?.toLowerCase();
  const resolve = (word: string): string => {
    if (names.includes(word)) return word;
    const found = names.find((n) => n.toLowerCase() === word.toLowerCase());
    if (found === undefined) fail(path, `logic names "${word}", which "where" does not define`);
    return found;
  };
  const primary = (): Logic => {
    const t = tokens[at];
    if (t === undefined) fail(path, `logic "${text}" ends too early`);
    if (t === '(') {
      at++;
      const inner = or();
      if (tokens[at] !== ')') fail(path, `logic "${text}" misses a ")"`);
      at++;
      return inner;
    }
    if (!/^[A-Za-z_]/.test(t) || ['and', 'or', 'not'].includes(t.toLowerCase()))
      fail(path, `logic "${text}" has "${t}" where a name was expected`);
    at++;
    return { k: 'ref', name: resolve(t) };
  };
  const unary = (): Logic => {
    if (peek() === 'not') {
      at++;
      return { k: 'not', a: unary() };
    }
    return primary();
  };
  const and = (): Logic => {
    let a = unary();
    while (peek() === 'and') {
      at++;
      a = { k: 'and', a, b: unary() };
    }
    return a;
  };
  const or = (): Logic => {
    let a = and();
    while (peek() === 'or') {
      at++;
      a = { k: 'or', a, b: and() };
    }
    return a;
  };
  const tree = or();
  if (at !== tokens.length) fail(path, `logic "${text}" has an unexpected "${tokens[at]}"`);
  return tree;
}

function checkOp(op: unknown, path: string, fail: Fail): void {
  if (typeof op !== 'string' || !(COMPARE_OPS as readonly string[]).includes(op))
    fail(
      `${path}.op`,
      `unknown operator ${JSON.stringify(op)} (use one of ${COMPARE_OPS.join(' ')})`,
    );
}

/** Validates criteria about a user (FORMAT.md Criteria). */
export function validateCriteria(c: unknown, path: string, fail: Fail): asserts c is Criteria {
  if (!isObject(c)) fail(path, 'criteria must be an object');
  if ('attr' in c) {
    if (typeof c.attr !== 'string' || c.attr === '')
      fail(`${path}.attr`, 'must be a non-empty string');
    checkOp(c.op, path, fail);
    if (!('value' in c)) fail(`${path}.value`, 'is required');
    if (c.op === 'in' && !Array.isArray(c.value)) fail(`${path}.value`, '"in" needs a list');
  } else if ('userGroup' in c) {
    const g = c.userGroup;
    if (!Array.isArray(g) || g.some((x) => typeof x !== 'string'))
      fail(`${path}.userGroup`, 'must be a list of group ids');
  } else if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const list = c[key];
    if (!Array.isArray(list)) fail(`${path}.${key}`, 'must be a list of criteria');
    list.forEach((x, i) => {
      validateCriteria(x, `${path}.${key}[${i}]`, fail);
    });
  } else if ('not' in c) {
    validateCriteria(c.not, `${path}.not`, fail);
  } else if ('logic' in c) {
    if (typeof c.logic !== 'string') fail(`${path}.logic`, 'must be a string');
    if (!isObject(c.where)) fail(`${path}.where`, 'must map each letter to criteria');
    for (const [k, v] of Object.entries(c.where)) validateCriteria(v, `${path}.where.${k}`, fail);
    parsed.set(c, parseLogic(c.logic, Object.keys(c.where), `${path}.logic`, fail));
  } else {
    fail(path, 'criteria need one of attr, userGroup, all, any, not, logic');
  }
}

/** Validates a condition about a record (FORMAT.md Condition). */
export function validateCondition(c: unknown, path: string, fail: Fail): asserts c is Condition {
  if (!isObject(c)) fail(path, 'condition must be an object');
  if ('field' in c) {
    if (typeof c.field !== 'string' || c.field === '')
      fail(`${path}.field`, 'must be a non-empty string');
    checkOp(c.op, path, fail);
    if ('user' in c) {
      if (typeof c.user !== 'string') fail(`${path}.user`, 'must name a user attribute or "id"');
    } else if (!('value' in c)) fail(`${path}.value`, 'is required (or "user")');
  } else if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const list = c[key];
    if (!Array.isArray(list)) fail(`${path}.${key}`, 'must be a list of conditions');
    list.forEach((x, i) => {
      validateCondition(x, `${path}.${key}[${i}]`, fail);
    });
  } else if ('not' in c) {
    validateCondition(c.not, `${path}.not`, fail);
  } else fail(path, 'condition needs one of field, all, any, not');
}

/**
 * Compares an actual value with an expected one. A missing actual value is
 * false whatever the operator (FORMAT.md). Arrays: `=`/`contains` mean
 * "includes", `in` means "shares an element".
 */
export function compare(actual: unknown, op: CompareOp, expected: unknown): boolean {
  if (actual === undefined || actual === null) return false;
  const not = op === '!=';
  const list = Array.isArray(actual);
  // `in` and `startsWith` hold for a list when they hold for one of its elements
  if (op === 'in' || op === 'startsWith')
    return (list ? actual : [actual]).some((a) =>
      op === 'in'
        ? Array.isArray(expected) && expected.includes(a)
        : typeof a === 'string' && typeof expected === 'string' && a.startsWith(expected),
    );
  // a list equals (contains) a value it includes
  if (list || not || op === '=')
    return (
      (list
        ? (not || op === '=' || op === 'contains') && actual.includes(expected)
        : actual === expected) !== not
    );
  const type = typeof actual;
  if (type !== typeof expected || (type !== 'string' && type !== 'number')) return false;
  if (op === 'contains')
    return type === 'string' && (actual as string).includes(expected as string);
  // two strings or two numbers; TypeScript orders only numbers, hence the casts
  return op === '>'
    ? (actual as number) > (expected as number)
    : op === '>='
      ? (actual as number) >= (expected as number)
      : op === '<'
        ? (actual as number) < (expected as number)
        : (actual as number) <= (expected as number);
}

/** What criteria are evaluated against. */
export interface Subject {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Whether the subject belongs to a group (criteria `userGroup`). */
  inGroup(group: string): boolean;
}

function evalLogic(l: Logic, where: Readonly<Record<string, Criteria>>, s: Subject): boolean {
  switch (l.k) {
    case 'ref':
      return matches(where[l.name], s);
    case 'not':
      return !evalLogic(l.a, where, s);
    case 'and':
      return evalLogic(l.a, where, s) && evalLogic(l.b, where, s);
    default:
      return evalLogic(l.a, where, s) || evalLogic(l.b, where, s);
  }
}

/** Whether a user (subject) meets criteria. Never throws; malformed criteria are false. */
export function matches(c: Criteria | undefined, s: Subject): boolean {
  if (c === undefined) return false;
  if ('attr' in c) return compare(c.attr === 'id' ? s.id : s.attributes[c.attr], c.op, c.value);
  if ('userGroup' in c) return c.userGroup.some((g) => s.inGroup(g));
  if ('all' in c) return c.all.every((x) => matches(x, s));
  if ('any' in c) return c.any.some((x) => matches(x, s));
  if ('not' in c) return !matches(c.not, s);
  let tree = parsed.get(c);
  if (tree === undefined) {
    try {
      tree = parseLogic(c.logic, Object.keys(c.where), '', (p, m) => {
        throw new Error(`${p} ${m}`);
      });
    } catch {
      return false;
    }
    parsed.set(c, tree);
  }
  return evalLogic(tree, c.where, s);
}

/** The user attributes criteria mention (MODEL D6 counts them). */
export function criteriaAttributes(
  c: Criteria | undefined,
  into: Set<string> = new Set(),
): Set<string> {
  if (c === undefined) return into;
  if ('attr' in c) into.add(c.attr);
  else if ('all' in c) for (const x of c.all) criteriaAttributes(x, into);
  else if ('any' in c) for (const x of c.any) criteriaAttributes(x, into);
  else if ('not' in c) criteriaAttributes(c.not, into);
  else if ('logic' in c) for (const x of Object.values(c.where)) criteriaAttributes(x, into);
  return into;
}

/** Reads a record field: its `fields` first, then its own properties (state, env, id). */
export type FieldReader = (field: string) => unknown;

/** Whether a record meets a condition for a checking user (MODEL R2); groups play no part. */
export function holds(
  c: Condition,
  field: FieldReader,
  user: Omit<Subject, 'inGroup'> | undefined,
): boolean {
  if ('field' in c) {
    // compared with the value, or with the user's attribute (none: false)
    const mine = 'user' in c;
    const v = mine ? user && (c.user === 'id' ? user.id : user.attributes[c.user]) : c.value;
    return (!mine || (v !== undefined && v !== null)) && compare(field(c.field), c.op, v);
  }
  if ('all' in c) return c.all.every((x) => holds(x, field, user));
  if ('any' in c) return c.any.some((x) => holds(x, field, user));
  return !holds(c.not, field, user);
}

/** Advice of a sharing rule (MODEL D3). */
export interface Advice {
  readonly field: string;
  readonly op: CompareOp;
  readonly values: readonly unknown[];
}

/** Validates advice. */
export function validateAdvice(a: unknown, path: string, fail: Fail): asserts a is Advice {
  if (!isObject(a)) fail(path, 'advice must be an object');
  if (typeof a.field !== 'string' || a.field === '')
    fail(`${path}.field`, 'must be a non-empty string');
  checkOp(a.op, path, fail);
  if (!Array.isArray(a.values)) fail(`${path}.values`, 'must be a list');
}

/** Advice holds when the comparison holds for at least one value; for `!=`, when the field differs from every value; `in` compares with the whole list. */
export function adviceHolds(a: Advice, field: FieldReader): boolean {
  const v = field(a.field);
  // `!=`: a value, equal to none of them
  const not = a.op === '!=';
  return a.op === 'in'
    ? compare(v, 'in', a.values)
    : v !== undefined &&
        v !== null &&
        a.values.some((x) => compare(v, not ? '=' : a.op, x)) !== not;
}

/**
 * MODEL D3: whether a sharing rule with `advice` reaches a record: always without advice;
 * with advice, only a record (`field` given) that meets all of it.
 */
export const adviceMet = (
  advice: readonly Advice[] | null | undefined,
  field: FieldReader | undefined,
): boolean => !advice?.length || (!!field && advice.every((a) => adviceHolds(a, field)));

/** A stable text form of a condition, to compare conditions for equality (MODEL R3). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
