import { createModel, loadSchema } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import schemaJson from '../../schema.json' with { type: 'json' };
import { seedWorld } from '../../seed/index.ts';
import { assignedRoles, type PeopleWorld, refusalOf, sentence } from './dryRun.ts';

const seed = seedWorld();
const world: PeopleWorld = {
  users: seed.users,
  groups: seed.groups ?? [],
  bundles: seed.bundles ?? [],
  recordTypes: seed.recordTypes,
};
const newUser = {
  op: 'setUser',
  args: { id: 'nia', attributes: { name: 'Nia New', department: 'Support' } },
} as const;

describe('refusalOf: what the server would refuse, known before the click', () => {
  it('lets a UserManager create a user and assign a role that reaches her (MODEL R3)', () => {
    expect(
      refusalOf(world, 'ccm', [
        newUser,
        { op: 'assignRole', args: { user: 'nia', role: 'ROLE_USER_MANAGER' } },
      ]),
    ).toBeNull();
  });

  it('refuses a UserManager assigning a role she does not hold, with R3 and a sentence', () => {
    const refusal = refusalOf(world, 'ccm', [
      newUser,
      { op: 'assignRole', args: { user: 'nia', role: 'ROLE_CUSTOMER_ADMIN' } },
    ]);
    expect(refusal?.rule).toBe('R3');
    expect(refusal?.message).not.toMatch(/^MODEL/);
  });

  it('refuses anyone but a super admin changing a super admin (MODEL R3)', () => {
    expect(
      refusalOf(world, 'ccm', [{ op: 'setUser', args: { id: 'sam', active: false } }])?.rule,
    ).toBe('R3');
  });

  it('refuses a user without user: edit (MODEL R3)', () => {
    expect(refusalOf(world, 'ccu', [newUser])?.rule).toBe('R3');
  });

  it('reads the roles a user holds by hand, as assignRole stores them', () => {
    expect(assignedRoles(world, 'ccm')).toEqual(new Set(['ROLE_USER_MANAGER']));
    const model = createModel(loadSchema(schemaJson), seed);
    model.apply('ccm', { op: 'assignRole', args: { user: 'ccu', role: 'ROLE_USER_MANAGER' } });
    const after = model.toWorld();
    expect(
      assignedRoles(
        { users: after.users, groups: after.groups ?? [], bundles: after.bundles ?? [] },
        'ccu',
      ),
    ).toEqual(new Set(['ROLE_USER', 'ROLE_USER_MANAGER']));
  });

  it('keeps the sentence of a refusal without the rule prefix and spec pointer', () => {
    expect(sentence('MODEL R3: ccm may not x. Ask y (spec/MODEL.md)')).toBe('ccm may not x. Ask y');
  });
});
