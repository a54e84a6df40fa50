import { describe, expect, it } from 'vitest';
import { model } from '../__fixtures__/shared.ts';
import { compileSnapshot } from './compile.ts';
import { createEvaluator } from './evaluator.ts';

describe('snapshot evaluator: fails closed (MODEL C3, R2)', () => {
  const m = model({
    users: [{ id: 'cal', roles: ['ROLE_USER'] }],
    resources: [{ type: 'reportEvent', id: 'ev1', fields: { handledBy: 'cal' } }],
  });
  const me = createEvaluator(
    JSON.parse(JSON.stringify(compileSnapshot(m, 'cal', { tenant: 't' }))),
  );

  it('answers conditional grants from the fields it is given', () => {
    expect(me.check('read', { type: 'reportEvent', id: 'new', fields: { handledBy: 'cal' } })).toBe(
      true,
    );
    expect(me.check('read', { type: 'reportEvent', id: 'new', fields: { handledBy: 'ann' } })).toBe(
      false,
    );
  });

  it('is false, never a throw, when the fields cannot be read', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('unreadable');
        },
      },
    );
    expect(me.check('read', { type: 'reportEvent', id: 'new', fields: hostile })).toBe(false);
  });

  it('is false for input that is not a resource reference', () => {
    expect(me.check('read', null as never)).toBe(false);
    expect(me.check({} as never, { type: 'reportEvent', id: 'ev1' })).toBe(false);
    expect(me.check('read', { type: 'nope', id: 'ev1' })).toBe(false);
  });
});
