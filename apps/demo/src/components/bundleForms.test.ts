// Pure logic behind the bundle editor's environment grants (MODEL E1, E4), the built-in
// bundles' refusals (N4–N6, N11) and "New dashboard / New folder" (A4, A10a).
import { createModel, loadSchema } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import { schemaDef } from '../schema';
import {
  builtinRule,
  deleteRefusal,
  editRefusal,
  type ListedBundle,
  membersOf,
  membersRefusal,
  reachRefusal,
} from './bundleRules';
import { createRefusal } from './CreateAsset';
import { envGrants, splitEnvGrants } from './EnvGrants';

const bundleDescriptionless: ListedBundle = { id: 'X', grants: [], users: ['a'] };

describe('environment grants in the bundle editor (MODEL E1, E4)', () => {
  it('reads type-level grants limited to environments, one selection per environment, and keeps the rest', () => {
    const { envSel, rest } = splitEnvGrants([
      { type: 'engagement', actions: ['launch'], env: ['production'] },
      { type: 'engagement', actions: ['pause'], env: ['staging', 'production'] },
      { type: 'engagement', actions: ['edit'], when: { field: 'state', op: '=', value: 'draft' } },
      { type: 'page', id: 'timeline', actions: ['navigate'] },
    ]);
    expect(envSel).toEqual({
      'engagement@production': ['launch', 'pause'],
      'engagement@staging': ['pause'],
    });
    expect(rest.map((g) => g.type)).toEqual(['engagement', 'page']);
  });

  it('"launch in production but not pause" is one grant the model enforces as built', () => {
    const grants = envGrants({ 'engagement@production': ['launch'], 'engagement@staging': [] });
    expect(grants).toEqual([{ type: 'engagement', actions: ['launch'], env: ['production'] }]);
    const model = createModel(loadSchema(schemaDef), {
      users: [{ id: 'u' }],
      bundles: [{ id: 'B', grants, users: ['u'] }],
      resources: [
        { type: 'engagement', id: 'p', env: 'production', state: 'paused' },
        { type: 'engagement', id: 's', env: 'staging', state: 'paused' },
      ],
    });
    expect(model.check('u', 'launch', { type: 'engagement', id: 'p' })).toBe(true);
    expect(model.check('u', 'pause', { type: 'engagement', id: 'p' })).toBe(false);
    expect(model.check('u', 'launch', { type: 'engagement', id: 's' })).toBe(false);
  });
});

describe('built-in bundles (MODEL N4–N6, N11)', () => {
  it('says why before the click: delete, edit and members by hand', () => {
    expect(deleteRefusal('VIEW_GROUP')).toBe(
      'Delete: Viewer Licence is built in and cannot be deleted',
    );
    expect(builtinRule('VIEW_GROUP')).toBe('N5');
    expect(deleteRefusal('DEFAULT_BUNDLE')).toMatch(/^Delete: Default Bundle is built in/);
    expect(builtinRule('DEFAULT_BUNDLE')).toBe('N4');
    expect(deleteRefusal('PX_EDITOR')).toBeNull();
    expect(deleteRefusal('CSM')).toBeNull();
    expect(editRefusal('VIEWANALYTICS_GROUP')).toMatch(/cannot be changed$/);
    expect(builtinRule('VIEWANALYTICS_GROUP')).toBe('N6');
    expect(editRefusal('DEFAULT_BUNDLE')).toBeNull();
    expect(membersRefusal('SP_INTERNAL_USER_GROUP')).toMatch(/managed by the system/);
    expect(builtinRule('SP_INTERNAL_USER_GROUP')).toBe('N11');
    expect(membersRefusal('CSM')).toBeNull();
    // groups and a rule: refused on every built-in that takes no automatic members
    expect(reachRefusal('DEFAULT_BUNDLE')).toMatch(/by hand only/);
    expect(reachRefusal('VIEW_GROUP')).toMatch(/from their licence/);
    expect(reachRefusal('PX_EDITOR')).toBeNull();
  });

  it('counts the server’s members for a bundle administrator, else what the model computes', () => {
    expect(membersOf({ ...bundleDescriptionless, members: ['a', 'b', 'c'] }, null)).toHaveLength(3);
    expect(membersOf(bundleDescriptionless, null)).toEqual(['a']);
  });
});

describe('New dashboard / New folder (MODEL A4, A10a)', () => {
  const folder = { type: 'folder', id: 'cs-east', fields: { title: 'East' } };
  it('needs the builder page, then edit on the folder, then room for a folder level', () => {
    expect(createRefusal('dashboard', folder, 3, false, true)).toBe(
      'New dashboard: needs the Dashboard Builder page (MODEL A10a)',
    );
    expect(createRefusal('folder', folder, 2, true, false)).toBe(
      'New folder: needs edit on folder “East” (MODEL A10a)',
    );
    expect(createRefusal('folder', folder, 3, true, true)).toMatch(/at most 3 levels deep/);
    expect(createRefusal('dashboard', folder, 3, true, true)).toBeNull();
  });
});
