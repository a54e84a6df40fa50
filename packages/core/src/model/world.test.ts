import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gainsight, model, repoDir } from '../__fixtures__/shared.ts';
import type { Scenario } from '../conformance/scenario.ts';
import { InvalidInputError } from '../errors.ts';
import { createModel, type Model } from './model.ts';
import type { WorldInput } from './state.ts';

const pathOf = (world: unknown): string => {
  try {
    createModel(gainsight(), world as WorldInput);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.path;
    throw e;
  }
  return 'no error';
};

const scenarios = (): Scenario[] => {
  const dir = join(repoDir(), 'conformance', 'scenarios');
  return readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario);
};

/** Every answer a model gives about a world, to compare two models. */
function answers(m: Model, s: Scenario): unknown[] {
  const out: unknown[] = [];
  const users = m.toWorld().users.map((u) => u.id);
  for (const u of users) {
    out.push(m.menu(u), m.list(u, 'asset'));
    for (const t of m.schema.types.values()) {
      out.push(m.list(u, t.name));
      for (const a of t.actions) out.push(m.check(u, a, { type: t.name }));
    }
  }
  for (const b of m.toWorld().bundles ?? []) out.push(m.members({ bundle: b.id }));
  for (const step of s.steps)
    if ('check' in step) out.push(m.check(step.check.user, step.check.action, step.check.resource));
  return out;
}

describe('worlds', () => {
  it('refuses malformed worlds with the JSON path (unknown ids, duplicates K8)', () => {
    expect(pathOf(3)).toBe('');
    expect(pathOf({})).toBe('users');
    expect(pathOf({ users: [{ id: 'a' }, { id: 'a' }] })).toBe('users[1].id');
    expect(pathOf({ users: [{ id: 'a', active: 'yes' }] })).toBe('users[0].active');
    expect(pathOf({ users: [{ id: 'a', attributes: { x: {} } }] })).toBe('users[0].attributes.x');
    expect(pathOf({ users: [{ id: 'a', roles: ['NOPE'] }] })).toBe('users[0].roles[0]');
    expect(pathOf({ users: [{ id: 'a', managerId: 'z' }] })).toBe('users[0].managerId');
    expect(pathOf({ users: [], groups: [{ id: 'has space' }] })).toBe('groups[0].id');
    expect(pathOf({ users: [], groups: [{ id: 'G', members: ['z'] }] })).toBe(
      'groups[0].members[0]',
    );
    expect(
      pathOf({ users: [], bundles: [{ id: 'B', grants: [{ type: 'survey', actions: ['fly'] }] }] }),
    ).toBe('bundles[0].grants[0].actions[0]');
    expect(
      pathOf({
        users: [],
        bundles: [{ id: 'DEFAULT_BUNDLE', grants: [{ type: 'survey', actions: ['design'] }] }],
      }),
    ).toBe('bundles[0].grants');
    expect(
      pathOf({
        users: [],
        bundles: [
          { id: 'B', grants: [] },
          { id: 'B', grants: [] },
        ],
      }),
    ).toBe('bundles[1].id');
    expect(pathOf({ users: [], resources: [{ type: 'page', id: 'x' }] })).toBe('resources[0].type');
    expect(
      pathOf({
        users: [],
        resources: [
          { type: 'folder', id: 'f' },
          { type: 'dashboard', id: 'f' },
        ],
      }),
    ).toBe('resources[1].id');
    expect(pathOf({ users: [], resources: [{ type: 'dashboard', id: 'd', parent: 'nope' }] })).toBe(
      'resources[0].parent',
    );
    expect(pathOf({ users: [], resources: [{ type: 'dashboard', id: 'd', owner: 'z' }] })).toBe(
      'resources[0].owner',
    );
    expect(
      pathOf({
        users: [],
        resources: [{ type: 'dashboard', id: 'd', shares: [{ user: 'z', level: 'view' }] }],
      }),
    ).toBe('resources[0].shares[0].user');
    expect(
      pathOf({ users: [], resources: [{ type: 'dashboard', id: 'd', sharing: 'open' }] }),
    ).toBe('resources[0].sharing');
    expect(pathOf({ users: [], resources: [{ type: 'survey', id: 's', owner: 'z' }] })).toBe(
      'resources[0].owner',
    );
    expect(pathOf({ users: [], resources: [{ type: 'engagement', id: 'e', env: 'moon' }] })).toBe(
      'resources[0].env',
    );
    expect(
      pathOf({ users: [], resources: [{ type: 'cta', id: 'c', lookups: { survey: 's' } }] }),
    ).toBe('resources[0].lookups.survey');
    expect(pathOf({ users: [], recordTypes: [{ type: 'survey', everyone: true }] })).toBe(
      'recordTypes[0].type',
    );
    expect(
      pathOf({
        users: [],
        recordTypes: [
          {
            type: 'cta',
            everyone: false,
            rules: [
              { id: 'r', actions: ['read'] },
              { id: 'r', actions: ['read'] },
            ],
          },
        ],
      }),
    ).toBe('recordTypes[0].rules[1].id');
    expect(pathOf({ users: [], deletedBundles: ['NOPE'] })).toBe('deletedBundles[0]');
    expect(pathOf({ users: [], revision: -1 })).toBe('revision');
  });
  it('refuses manager cycles instead of looping (MODEL D5)', () => {
    expect(
      pathOf({
        users: [
          { id: 'a', managerId: 'b' },
          { id: 'b', managerId: 'a' },
        ],
      }),
    ).toBe('users[0].managerId');
    expect(pathOf({ users: [{ id: 'a', managerId: 'a' }] })).toBe('users[0].managerId');
  });
  it('paths built only when an item fails name the item and field as before (users, resources, shares)', () => {
    const messageOf = (world: unknown): string => {
      try {
        createModel(gainsight(), world as WorldInput);
      } catch (e) {
        if (e instanceof InvalidInputError) return e.message;
        throw e;
      }
      return 'no error';
    };
    const users = [{ id: 'a' }, { id: 'b' }];
    const folders = (parentOfF: string) => [
      { type: 'folder', id: 'f', parent: parentOfF },
      { type: 'folder', id: 'g', parent: 'f' },
      { type: 'folder', id: 'h', parent: 'g' },
    ];
    expect(messageOf({ users: [{ id: 'a' }, 3] })).toBe(
      'invalid input at users[1]: must be an object',
    );
    expect(messageOf({ users: [{ id: 'a', license: '' }] })).toBe(
      'invalid input at users[0].license: must be a non-empty string',
    );
    expect(messageOf({ users: [{ id: 'a', superAdmin: 1 }] })).toBe(
      'invalid input at users[0].superAdmin: must be a boolean',
    );
    expect(
      messageOf({
        users: [
          { id: 'a', managerId: 'b' },
          { id: 'b', managerId: 'c' },
          { id: 'c', managerId: 'b' },
        ],
      }),
    ).toBe('invalid input at users[0].managerId: manager chains cannot form a cycle (MODEL D5)');
    expect(messageOf({ users, resources: [{ type: 'dashboard', id: '' }] })).toBe(
      'invalid input at resources[0].id: must be a non-empty string',
    );
    expect(
      messageOf({
        users,
        resources: [{ type: 'dashboard', id: 'd', shares: [{ user: 'a', level: 'own' }] }],
      }),
    ).toBe(
      'invalid input at resources[0].shares[0].level: must be one of view, view-edit, view-share, admin',
    );
    expect(messageOf({ users, resources: [{ type: 'dashboard', id: 'd', shares: [{}] }] })).toBe(
      'invalid input at resources[0].shares[0]: a share names exactly one of user, group',
    );
    expect(messageOf({ users, resources: [...folders('h')] })).toBe(
      'invalid input at resources[0].parent: folders form a cycle at "f" (MODEL A4)',
    );
    expect(
      messageOf({
        users,
        resources: [...folders('home'), { type: 'folder', id: 'i', parent: 'h' }],
      }),
    ).toBe(
      'invalid input at resources[2].parent: folders nest at most 3 levels deep, Home included (MODEL A4)',
    );
    expect(messageOf({ users, resources: [{ type: 'dashboard', id: 'd', parent: 'd' }] })).toBe(
      'invalid input at resources[0].parent: unknown folder "d"',
    );
  });
  it('group rules that name each other do not loop', () => {
    const m = model({
      users: [{ id: 'u', attributes: { x: 1 } }],
      groups: [
        { id: 'A', rule: { any: [{ userGroup: ['B'] }, { attr: 'x', op: '=', value: 1 }] } },
        { id: 'B', rule: { userGroup: ['A'] } },
      ],
    });
    expect(m.members({ group: 'A' })).toEqual(['u']);
    expect(m.members({ group: 'B' })).toEqual(['u']);
  });
  it('round-trips through toWorld: the copy answers identically, even after changes', () => {
    for (const s of scenarios()) {
      const m = createModel(gainsight(), s);
      for (const step of s.steps)
        if ('do' in step)
          try {
            m.apply(
              step.do.actor,
              { op: step.do.op, args: step.do.args ?? {} },
              step.do.viewAs === undefined ? undefined : { viewAs: step.do.viewAs },
            );
          } catch {
            // refusals are part of the scenarios
          }
      const world = JSON.parse(JSON.stringify(m.toWorld())) as WorldInput;
      const copy = createModel(gainsight(), world);
      expect(answers(copy, s)).toEqual(answers(m, s));
      expect(copy.toWorld()).toEqual(world);
      expect(copy.revision).toBe(m.revision);
    }
  });
});
