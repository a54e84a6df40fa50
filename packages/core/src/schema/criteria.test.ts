import { describe, expect, it } from 'vitest';
import {
  adviceHolds,
  canonical,
  compare,
  criteriaAttributes,
  holds,
  matches,
  parseLogic,
  type Subject,
  validateCondition,
  validateCriteria,
} from './criteria.ts';
import type { Criteria } from './types.ts';

const fail = (p: string, m: string): never => {
  throw new Error(`${p}: ${m}`);
};
const subject = (attributes: Record<string, unknown>, groups: string[] = []): Subject => ({
  id: 'u1',
  attributes,
  inGroup: (g) => groups.includes(g),
});

describe('criteria and conditions (FORMAT.md; MODEL N7, R2, D3)', () => {
  it('compares, with missing values false whatever the operator', () => {
    expect(compare(undefined, '!=', 'x')).toBe(false);
    expect(compare('a', '!=', 'b')).toBe(true);
    expect(compare(['a', 'b'], '=', 'a')).toBe(true);
    expect(compare(['a', 'b'], 'contains', 'c')).toBe(false);
    expect(compare(['a', 'b'], '!=', 'c')).toBe(true);
    expect(compare(['a', 'b'], 'in', ['b', 'z'])).toBe(true);
    expect(compare(['ab'], 'startsWith', 'a')).toBe(true);
    expect(compare(['ab'], '>', 'a')).toBe(false);
    expect(compare('abc', 'contains', 'b')).toBe(true);
    expect(compare('abc', 'startsWith', 'ab')).toBe(true);
    expect(compare('x', 'in', ['x'])).toBe(true);
    expect(compare(3, '>', 2)).toBe(true);
    expect(compare(3, '>=', 3)).toBe(true);
    expect(compare(3, '<', 2)).toBe(false);
    expect(compare('a', '<=', 'b')).toBe(true);
    expect(compare(3, '>', '2')).toBe(false);
    expect(compare('A', '=', 'a')).toBe(false);
  });
  it('parses advanced logic with precedence, case-insensitively', () => {
    const c: Criteria = {
      logic: 'A OR (b and NOT c)',
      where: {
        A: { attr: 'x', op: '=', value: 1 },
        B: { attr: 'y', op: '=', value: 1 },
        C: { userGroup: ['G'] },
      },
    };
    validateCriteria(c, 'rule', fail);
    expect(matches(c, subject({ x: 1 }))).toBe(true);
    expect(matches(c, subject({ y: 1 }))).toBe(true);
    expect(matches(c, subject({ y: 1 }, ['G']))).toBe(false);
    expect(matches({ logic: 'A or B and not A', where: c.where }, subject({ x: 1 }))).toBe(true);
    expect(matches({ logic: 'A and', where: c.where }, subject({ x: 1 }))).toBe(false);
    expect(criteriaAttributes(c)).toEqual(new Set(['x', 'y']));
  });
  it('refuses malformed logic and criteria', () => {
    const where = { A: { attr: 'x', op: '=' as const, value: 1 } };
    for (const logic of ['A and', '(A', 'A B', 'A or Z', 'and', ')A', 'A $'])
      expect(() => validateCriteria({ logic, where }, 'rule', fail)).toThrow(/rule\.logic/);
    expect(() => parseLogic('', ['A'], 'p', fail)).toThrow(/ends too early/);
    expect(() => validateCriteria({ attr: 'x', op: '~', value: 1 }, 'r', fail)).toThrow(/r\.op/);
    expect(() => validateCriteria({ attr: 'x', op: 'in', value: 1 }, 'r', fail)).toThrow(
      /r\.value/,
    );
    expect(() => validateCriteria({ attr: 'x', op: '=' }, 'r', fail)).toThrow(/r\.value/);
    expect(() => validateCriteria({ userGroup: 'G' }, 'r', fail)).toThrow(/r\.userGroup/);
    expect(() => validateCriteria({ all: 1 }, 'r', fail)).toThrow(/r\.all/);
    expect(() => validateCriteria({ any: [1] }, 'r', fail)).toThrow(/r\.any\[0\]/);
    expect(() => validateCriteria({ not: {} }, 'r', fail)).toThrow(/r\.not/);
    expect(() => validateCriteria({ logic: 1, where }, 'r', fail)).toThrow(/r\.logic/);
    expect(() => validateCriteria({ logic: 'A', where: 1 }, 'r', fail)).toThrow(/r\.where/);
    expect(() => validateCriteria(7, 'r', fail)).toThrow(/r: criteria/);
    expect(() => validateCondition({ field: 'f', op: '=' }, 'w', fail)).toThrow(/w\.value/);
    expect(() => validateCondition({ field: 'f', op: '=', user: 3 }, 'w', fail)).toThrow(/w\.user/);
    expect(() => validateCondition({ all: 3 }, 'w', fail)).toThrow(/w\.all/);
    expect(() => validateCondition({ nope: 1 }, 'w', fail)).toThrow(/w: condition/);
    expect(() => validateCondition(null, 'w', fail)).toThrow(/w: condition/);
  });
  it('evaluates all/any/not and group criteria', () => {
    const s = subject({ x: 1 }, ['G']);
    expect(matches({ all: [{ attr: 'x', op: '=', value: 1 }, { userGroup: ['G'] }] }, s)).toBe(
      true,
    );
    expect(
      matches({ any: [{ attr: 'x', op: '=', value: 2 }, { not: { userGroup: ['H'] } }] }, s),
    ).toBe(true);
    expect(matches({ attr: 'id', op: '=', value: 'u1' }, s)).toBe(true);
    expect(matches(undefined, s)).toBe(false);
  });
  it('evaluates record conditions against the checking user (MODEL R2) and advice (MODEL D3)', () => {
    const read = (f: string) => ({ handledBy: 'u1', region: 'EMEA' })[f];
    expect(holds({ field: 'handledBy', op: '=', user: 'id' }, read, subject({}))).toBe(true);
    expect(
      holds({ field: 'region', op: '=', user: 'region' }, read, subject({ region: 'EMEA' })),
    ).toBe(true);
    expect(holds({ field: 'region', op: '=', user: 'region' }, read, subject({}))).toBe(false);
    expect(holds({ field: 'handledBy', op: '=', user: 'id' }, read, undefined)).toBe(false);
    expect(holds({ all: [{ field: 'region', op: '=', value: 'EMEA' }] }, read, undefined)).toBe(
      true,
    );
    expect(holds({ any: [{ field: 'region', op: '=', value: 'NA' }] }, read, undefined)).toBe(
      false,
    );
    expect(holds({ not: { field: 'missing', op: '!=', value: 'x' } }, read, undefined)).toBe(true);
    expect(adviceHolds({ field: 'region', op: '=', values: ['NA', 'EMEA'] }, read)).toBe(true);
    expect(adviceHolds({ field: 'region', op: '!=', values: ['NA', 'EMEA'] }, read)).toBe(false);
    expect(adviceHolds({ field: 'region', op: '!=', values: ['NA'] }, read)).toBe(true);
    expect(adviceHolds({ field: 'missing', op: '!=', values: ['NA'] }, read)).toBe(false);
    expect(adviceHolds({ field: 'region', op: 'in', values: ['EMEA'] }, read)).toBe(true);
    expect(canonical({ b: [1, { d: 2, c: 1 }], a: null })).toBe('{"a":null,"b":[1,{"c":1,"d":2}]}');
  });
});
