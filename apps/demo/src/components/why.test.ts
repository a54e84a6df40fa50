import { describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { rulesIn, withoutRules } from './Why';

describe('Why: the rule one click away, the sentence without it', () => {
  it('finds the rule ids a server message names and leaves the sentence', () => {
    const text = 'MODEL A8: only a super admin may grant the admin level (MODEL A8)';
    expect(rulesIn(text)).toEqual(['A8', 'A8']);
    expect(withoutRules(text)).toBe('only a super admin may grant the admin level');
    expect(rulesIn('moving needs edit (MODEL A10, A4)')).toEqual(['A10', 'A4']);
    expect(withoutRules('Granting a page does not grant the pages under it (MODEL N2).')).toBe(
      'Granting a page does not grant the pages under it.',
    );
  });

  it('every rule id the demo names has a text', () => {
    for (const id of ['A8', 'A10', 'A10a', 'A11', 'A12', 'D2', 'D8', 'E3', 'E5', 'N2', 'N3', 'R3'])
      expect(RULES[id], id).toMatch(/\w+/);
  });
});
