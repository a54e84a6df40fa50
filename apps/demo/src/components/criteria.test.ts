import { describe, expect, it } from 'vitest';
import {
  addCondition,
  attributeTypes,
  type CriteriaDraft,
  describeAdvice,
  describeCriteria,
  draftOf,
  removeCondition,
  toCriteria,
} from './criteria.ts';

const logic = (l: string, letters: string): CriteriaDraft => ({
  mode: 'logic',
  logic: l,
  conditions: [...letters].map((letter) => ({ letter, attr: 'a', op: '=', value: 'x' })),
});

describe('criteria drafts', () => {
  it('turns conditions with advanced logic into { logic, where } (MODEL N7)', () => {
    expect(
      toCriteria({
        mode: 'logic',
        logic: 'A and (B or C)',
        conditions: [
          { letter: 'A', attr: 'businessUnit', op: 'in', value: 'East, West' },
          { letter: 'B', attr: 'department', op: '=', value: 'CS' },
          { letter: 'C', attr: 'level', op: '>=', value: '3' },
        ],
      }),
    ).toEqual({
      logic: 'A and (B or C)',
      where: {
        A: { attr: 'businessUnit', op: 'in', value: ['East', 'West'] },
        B: { attr: 'department', op: '=', value: 'CS' },
        C: { attr: 'level', op: '>=', value: 3 },
      },
    });
  });

  it('keeps a single condition plain, groups as userGroup, and every user as no criteria', () => {
    expect(
      toCriteria({
        mode: 'logic',
        logic: 'A',
        conditions: [{ letter: 'A', attr: 'title', op: 'startsWith', value: 'CSM' }],
      }),
    ).toEqual({ attr: 'title', op: 'startsWith', value: 'CSM' });
    expect(toCriteria({ mode: 'groups', groups: ['East'] })).toEqual({ userGroup: ['East'] });
    expect(toCriteria({ mode: 'everyone' })).toBeUndefined();
  });

  it('finding: a boolean attribute is sent as a boolean, not the string "true"', () => {
    const one = (value: string, type?: 'boolean' | 'string' | 'number') =>
      toCriteria({
        mode: 'logic',
        logic: 'A',
        conditions: [{ letter: 'A', attr: 'remote', op: '=', value, ...(type ? { type } : {}) }],
      });
    expect(one('true', 'boolean')).toEqual({ attr: 'remote', op: '=', value: true });
    expect(one('false', 'boolean')).toEqual({ attr: 'remote', op: '=', value: false });
    // without a known kind (the bundle preview), true/false still mean booleans
    expect(one('true')).toEqual({ attr: 'remote', op: '=', value: true });
    // a string attribute keeps the text
    expect(one('true', 'string')).toEqual({ attr: 'remote', op: '=', value: 'true' });
    expect(one('7', 'number')).toEqual({ attr: 'remote', op: '=', value: 7 });
  });

  it('finding: a condition can be deleted, its letter leaving the logic with its operator', () => {
    const without = (l: string, letters: string, letter: string) => {
      const d = removeCondition(logic(l, letters), letter);
      return d.mode === 'logic' ? [d.logic, d.conditions.map((c) => c.letter).join('')] : [];
    };
    expect(without('A and (B or C)', 'ABC', 'B')).toEqual(['A and (C)', 'AC']);
    expect(without('A and (B or C)', 'ABC', 'A')).toEqual(['(B or C)', 'BC']);
    expect(without('A or not B', 'AB', 'B')).toEqual(['A', 'A']);
    expect(without('(A) and B', 'AB', 'A')).toEqual(['B', 'B']);
    expect(without('A and B', 'AB', 'B')).toEqual(['A', 'A']);
    // logic the form cannot follow: the rest joined with and
    expect(without('A B C', 'ABC', 'B')).toEqual(['A and C', 'AC']);
  });

  it('adds a condition under the first free letter, after one was deleted', () => {
    const d = addCondition(logic('A and C', 'AC') as CriteriaDraft & { mode: 'logic' });
    expect(d.mode === 'logic' && [d.logic, d.conditions.map((c) => c.letter).join('')]).toEqual([
      'A and C and B',
      'ACB',
    ]);
    const full = logic('A', 'ABCDEFGH') as CriteriaDraft & { mode: 'logic' };
    expect(addCondition(full)).toBe(full);
  });

  it('reads saved criteria back into a draft, typed', () => {
    expect(draftOf(undefined)).toEqual({ mode: 'everyone' });
    expect(draftOf({ userGroup: ['East'] })).toEqual({ mode: 'groups', groups: ['East'] });
    expect(draftOf({ attr: 'remote', op: '=', value: true })).toEqual({
      mode: 'logic',
      logic: 'A',
      conditions: [{ letter: 'A', attr: 'remote', op: '=', value: 'true', type: 'boolean' }],
    });
    expect(
      draftOf({
        any: [
          { attr: 'a', op: 'in', value: ['x', 'y'] },
          { attr: 'b', op: '>', value: 2 },
        ],
      }),
    ).toEqual({
      mode: 'logic',
      logic: 'A or B',
      conditions: [
        { letter: 'A', attr: 'a', op: 'in', value: 'x, y' },
        { letter: 'B', attr: 'b', op: '>', value: '2', type: 'number' },
      ],
    });
    expect(draftOf({ not: { userGroup: ['East'] } })).toBeUndefined();
  });

  it('knows the kind of each attribute from the users', () => {
    expect([
      ...attributeTypes([
        { attributes: { remote: true, level: 3, name: 'Eve', tags: ['a'] } },
        { attributes: { remote: 'yes' } },
      ]),
    ]).toEqual([
      ['remote', 'boolean'],
      ['level', 'number'],
      ['name', 'string'],
      ['tags', 'list'],
    ]);
  });

  it('reads criteria and advice back in words', () => {
    expect(
      describeCriteria({
        logic: 'A or not B',
        where: { A: { userGroup: ['East', 'West'] }, B: { attr: 'dept', op: '=', value: 'IT' } },
      }),
    ).toBe('A or not B where A: member of East or West; B: Dept is IT');
    expect(describeCriteria(undefined)).toBe('every user');
    expect(describeAdvice([{ field: 'priority', op: '=', values: ['high', 'low'] }])).toBe(
      'Priority is one of high, low',
    );
    expect(describeAdvice(undefined)).toBe('every record');
  });
});
