import { describe, expect, it } from 'vitest';
import { describeCriteria, toCriteria } from './criteria.ts';

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

  it('reads criteria back in words', () => {
    expect(
      describeCriteria({
        logic: 'A or not B',
        where: { A: { userGroup: ['East', 'West'] }, B: { attr: 'dept', op: '=', value: 'IT' } },
      }),
    ).toBe('A or not B where A: member of East or West; B: dept = IT');
    expect(describeCriteria(undefined)).toBe('every user');
  });
});
