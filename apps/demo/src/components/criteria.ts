/** Criteria (MODEL N7, D3) as the forms edit them, and how they read. */
import type { Criteria } from '@grantkit/core';

export const OPS = ['=', '!=', 'in', 'contains', 'startsWith', '>', '>=', '<', '<='] as const;
export type Op = (typeof OPS)[number];

/** One lettered condition of an advanced-logic rule: `A: department = CS`. */
export interface Condition {
  readonly letter: string;
  readonly attr: string;
  readonly op: Op;
  readonly value: string;
}

export type CriteriaDraft =
  | { readonly mode: 'everyone' }
  | { readonly mode: 'groups'; readonly groups: readonly string[] }
  | { readonly mode: 'logic'; readonly logic: string; readonly conditions: readonly Condition[] };

const parseValue = (op: Op, raw: string): unknown => {
  if (op === 'in')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (op === '>' || op === '>=' || op === '<' || op === '<=')
    return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return raw;
};

/** The criteria a draft stands for (`undefined`: every user). */
export function toCriteria(draft: CriteriaDraft): Criteria | undefined {
  if (draft.mode === 'everyone') return undefined;
  if (draft.mode === 'groups') return { userGroup: [...draft.groups] } as Criteria;
  const where: Record<string, unknown> = {};
  for (const c of draft.conditions)
    where[c.letter] = { attr: c.attr, op: c.op, value: parseValue(c.op, c.value) };
  if (draft.conditions.length === 1 && draft.logic.trim() === draft.conditions[0]?.letter)
    return where[draft.conditions[0].letter] as Criteria;
  return { logic: draft.logic, where } as Criteria;
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

/** Criteria in words: `A and (B or C) where A: businessUnit in East, West; …`. */
export function describeCriteria(c: unknown): string {
  if (c === undefined || c === null) return 'every user';
  const x = c as AnyCriteria;
  if (x.attr !== undefined)
    return `${x.attr} ${x.op} ${Array.isArray(x.value) ? x.value.join(', ') : String(x.value)}`;
  if (x.userGroup) return `member of ${x.userGroup.join(' or ')}`;
  if (x.all) return x.all.map(describeCriteria).join(' and ');
  if (x.any) return x.any.map(describeCriteria).join(' or ');
  if (x.not) return `not (${describeCriteria(x.not)})`;
  if (x.logic !== undefined)
    return `${x.logic} where ${Object.entries(x.where ?? {})
      .map(([k, v]) => `${k}: ${describeCriteria(v)}`)
      .join('; ')}`;
  return JSON.stringify(c);
}
