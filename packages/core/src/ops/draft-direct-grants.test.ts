/**
 * Direct grants (MODEL N13) on a draft copy go with it when it is published (finding S7-6):
 * a later draft with the same id, a copy of another campaign in another environment, is not
 * what they were given on. Needs a type with levels (admin) and a lifecycle with drafts,
 * which the gainsight schema has not, so this is a unit test rather than a review scenario;
 * the compiled snapshot is checked to agree.
 */
import { describe, expect, it } from 'vitest';
import { attempt } from '../__fixtures__/attempt.ts';
import { createModel, type Model } from '../model/model.ts';
import { defineSchema } from '../schema/define.ts';
import { compileSnapshot } from '../snapshot/compile.ts';
import { createChecker } from '../snapshot/evaluator.ts';

const schema = defineSchema({
  types: {
    campaign: {
      kind: 'module',
      actions: ['view', 'edit', 'launch', 'admin'],
      implies: { admin: ['view', 'edit', 'launch'], edit: ['view'], launch: ['view'] },
      environments: ['production', 'staging'],
      lifecycle: {
        launch: { from: ['draft'], to: 'active' },
        edit: { from: ['draft'], to: 'draft' },
      },
    },
  },
});

const world = (): Model =>
  createModel(schema as never, {
    users: [{ id: 'a', roles: ['STAGE_ADMIN'] }, { id: 'bob' }, { id: 'pe', roles: ['PROD_EDIT'] }],
    bundles: [
      { id: 'STAGE_ADMIN', grants: [{ type: 'campaign', actions: ['admin'], env: ['staging'] }] },
      {
        id: 'PROD_EDIT',
        grants: [{ type: 'campaign', actions: ['view', 'edit'], env: ['production'] }],
      },
    ],
    resources: [
      { type: 'campaign', id: 's1', env: 'staging', state: 'active' },
      { type: 'campaign', id: 'p1', env: 'production', state: 'active', fields: { secret: 'x' } },
    ],
  });

const dx = { type: 'campaign', id: 'dx' } as const;
const copy = (of: string) => ({ resource: { type: 'campaign', id: of }, id: 'dx' });
const launch = { resource: dx, action: 'launch' };

describe('direct grants on a published draft copy (MODEL N13, E2)', () => {
  it('go with the copy: a later draft with its id gives them nothing', () => {
    const m = world();
    expect(attempt(m, 'a', 'draftCopy', copy('s1'))).toBe('ok');
    expect(attempt(m, 'a', 'grantOn', { resource: dx, user: 'bob', actions: ['admin'] })).toBe(
      'ok',
    );
    expect(m.check('bob', 'view', dx)).toBe(true);
    // A refused publish changes nothing (MODEL R4): bob may launch the copy, not the original.
    expect(attempt(m, 'bob', 'transition', launch)).toBe('E3');
    expect(m.check('bob', 'launch', dx)).toBe(true);
    expect(attempt(m, 'a', 'transition', launch)).toBe('ok');
    // A production editor's draft of p1 takes the id; a staging-only admin's grant does not reach it.
    expect(attempt(m, 'pe', 'draftCopy', copy('p1'))).toBe('ok');
    for (const action of ['view', 'edit', 'launch', 'admin'] as const) {
      expect(m.check('bob', action, dx)).toBe(false);
      expect(createChecker(compileSnapshot(m, 'bob', { tenant: 't' })).check(action, dx)).toBe(
        false,
      );
    }
    expect(m.check('pe', 'edit', dx)).toBe(true);
    expect(m.toWorld().directGrants ?? []).toEqual([]);
    // The old copy's last entry names the grants that went with it (MODEL E5).
    expect(m.audit(dx).at(-2)?.before).toEqual({
      state: 'draft',
      directGrants: [{ user: 'bob', actions: ['admin'] }],
    });
  });
});
