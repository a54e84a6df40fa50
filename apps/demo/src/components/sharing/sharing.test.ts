import { describe, expect, it } from 'vitest';
import { usesOf, usesSummary } from '../../screens/Groups.tsx';
import { seedWorld } from '../../seed/index.ts';
import { nameProblem } from './GroupForm.tsx';
import { groupMembers, namesList, previewMembers, ruleUses, typeTitle } from './vocabulary.ts';

const world = seedWorld();
// as GET /world/users answers them: people, without the bundles they hold
const users = world.users.map(({ roles: _roles, ...u }) => u);
const groups = world.groups ?? [];

describe('sharing settings in words', () => {
  it('names record types by their titles, never their raw type names', () => {
    expect(typeTitle('cta')).toBe('CTAs');
    expect(typeTitle('relationshipType')).toBe('Relationship types');
    expect(typeTitle('successPlan')).toBe('Success plan records');
  });

  it('lists people by name, shortening long lists', () => {
    expect(namesList([])).toBe('nobody');
    expect(namesList(['eve'])).toBe('Eve East');
    expect(namesList(['eve', 'wyn'])).toBe('Eve East and Wyn West');
    expect(namesList(['eve', 'eli', 'ema', 'will'], 2)).toBe('Eve East, Eli East and 2 more');
  });
});

describe('user groups (MODEL D9)', () => {
  it('accepts only alphanumeric, unused group names, naming the field', () => {
    expect(nameProblem('EastLeads2', ['East'])).toBeUndefined();
    expect(nameProblem('East Leads', [])).toMatch(/^Group name: use letters and digits only/);
    expect(nameProblem('east-leads', [])).toMatch(/^Group name: /);
    expect(nameProblem('', [])).toBe('Group name: enter a name.');
    expect(nameProblem('east', ['East'])).toBe('Group name: a group named east already exists.');
  });

  it('finding: a boolean rule previews its members (remote = true), manual members added', () => {
    const preview = previewMembers(users, groups, { attr: 'remote', op: '=', value: true }, [
      'ema',
    ]);
    expect(preview).toEqual({ ids: ['ema', 'eve', 'wyn'] });
    expect(previewMembers(users, groups, { attr: 'remote', op: '=', value: 'true' })).toEqual({
      ids: [],
    });
  });

  it('counts members by rule and by hand, as core does', () => {
    const members = groupMembers(users, groups);
    expect(members?.get('Managers')).toEqual(['mia', 'wes']);
    expect(members?.get('East')).toEqual(expect.arrayContaining(['eve', 'eli', 'ema', 'mia']));
  });

  it('says what uses a group so that it cannot be deleted: bundles, shares, sharing rules', () => {
    const bundles = world.bundles ?? [];
    const assets = (world.resources ?? []).filter(
      (r) => r.type === 'folder' || r.type === 'dashboard',
    );
    const rts = world.recordTypes ?? [];
    expect(usesOf('Managers', bundles, assets, rts)[0]).toBe('the Dashboard Builders bundle');
    expect(usesSummary('East', bundles, assets, rts)).toMatch(
      /^\d+ folders and \d+ dashboards shared with it; a sharing rule of Relationship types$/,
    );
    expect(usesOf('Nobody', bundles, assets, rts)).toEqual([]);
  });
});

describe('permission attributes (MODEL D11)', () => {
  it('knows which names a rule uses: user attributes in criteria, record fields in advice', () => {
    const uses = ruleUses({
      criteria: {
        logic: 'A or not B',
        where: { A: { attr: 'title', op: '=', value: 'x' }, B: { userGroup: ['East'] } },
      },
      advice: [{ field: 'priority' }],
    });
    expect([...uses.user]).toEqual(['title']);
    expect([...uses.resource]).toEqual(['priority']);
  });
});
