/**
 * A refusal is not a way to learn what the actor may not see (MODEL W1, E5; finding S7-7):
 * the R3 refusals of group-share gains (setUser, group changes) name an asset only to an actor
 * who may view it, and a group only to one who may change sharing settings (D8).
 */
import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { RuleViolationError } from '../errors.ts';
import type { Model } from '../model/model.ts';

const world = () =>
  model({
    users: [
      { id: 'um', roles: ['ROLE_USER_MANAGER'] },
      { id: 'ss', roles: ['SS'] },
      { id: 'sv', roles: ['SS'] },
      { id: 'bob', attributes: { dept: 'a' } },
      { id: 'sam', superAdmin: true },
    ],
    groups: [{ id: 'Secret', rule: { attr: 'dept', op: '=', value: 'b' } }, { id: 'Plain' }],
    bundles: [{ id: 'SS', grants: pages('administration', 'administration.sharingSettings') }],
    resources: [
      {
        type: 'dashboard',
        id: 'hidden',
        owner: 'sam',
        sharing: 'specific',
        shares: [{ group: 'Secret', level: 'view' }],
      },
      {
        type: 'dashboard',
        id: 'seen',
        owner: 'sam',
        sharing: 'specific',
        shares: [
          { group: 'Plain', level: 'view-edit' },
          { user: 'sv', level: 'view' },
        ],
      },
    ],
  });

function refusal(m: Model, actor: string, op: string, args: Record<string, unknown>): string {
  try {
    m.apply(actor, { op, args });
  } catch (e) {
    if (e instanceof RuleViolationError) return `${e.rule}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('refusals of group-share gains name only what the actor may see (MODEL W1, E5)', () => {
  it('a user manager learns neither the asset nor the group', () => {
    const msg = refusal(world(), 'um', 'setUser', { id: 'bob', attributes: { dept: 'b' } });
    expect(msg).toMatch(/^R3: .*access to an asset you may not view through a group/);
    expect(msg).not.toMatch(/hidden|Secret|dashboard/);
  });

  it('a sharing-settings admin learns the group, the asset only when they may view it', () => {
    const m = world();
    const hidden = refusal(m, 'ss', 'editGroup', { id: 'Secret', members: ['bob'] });
    expect(hidden).toMatch(/^R3: .*access to an asset you may not view through group "Secret"/);
    expect(hidden).not.toMatch(/hidden/);
    const seen = refusal(m, 'sv', 'addToGroup', { group: 'Plain', user: 'bob' });
    expect(seen).toMatch(/^R3: .*edit on dashboard "seen" through group "Plain"/);
  });

  it('deleteGroup names a share only of an asset the actor may view (MODEL D9)', () => {
    const m = world();
    const hidden = refusal(m, 'ss', 'deleteGroup', { id: 'Secret' });
    expect(hidden).toMatch(
      /^D9: MODEL D9: a share of an asset you may not view names group "Secret"/,
    );
    expect(refusal(m, 'sv', 'deleteGroup', { id: 'Plain' })).toMatch(
      /^D9: MODEL D9: a share of "seen" names group "Plain"/,
    );
  });
});
