import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { abilityOf } from './ability.ts';
import { activityAccess, auditAccess, readableAudit } from './audit-access.ts';
import { storeOf } from './model.ts';

const world = () =>
  model({
    users: [
      { id: 'own' },
      { id: 'viewer' },
      { id: 'nobody' },
      { id: 'pam' },
      { id: 'ss' },
      { id: 'um', roles: ['ROLE_USER_MANAGER'] },
      { id: 'ba' },
      { id: 'sam', superAdmin: true },
      { id: 'gone', superAdmin: true, active: false },
      { id: 'px', roles: ['PX_VIEWER'] },
      { id: 'sd' },
      { id: 'sa' },
    ],
    bundles: [
      {
        id: 'PB',
        grants: pages('administration', 'administration.permissionBundles'),
        users: ['pam'],
      },
      {
        id: 'SS',
        grants: pages('administration', 'administration.sharingSettings'),
        users: ['ss'],
      },
      { id: 'T', grants: pages('timeline'), users: ['ba'], administrators: ['ba'] },
      { id: 'SD', grants: [{ type: 'survey', actions: ['design'] }], users: ['sd'] },
      { id: 'SA', grants: [{ type: 'survey', id: 's1', actions: ['admin'] }], users: ['sa'] },
    ],
    groups: [{ id: 'G', members: ['own'] }],
    resources: [
      {
        type: 'dashboard',
        id: 'q3',
        owner: 'own',
        sharing: 'specific',
        shares: [{ user: 'viewer', level: 'view' }],
      },
      { type: 'engagement', id: 'e', state: 'draft', env: 'staging' },
      { type: 'survey', id: 's1' },
    ],
  });

const none = { entry: false, details: false };
const entry = { entry: true, details: false };
const all = { entry: true, details: true };

describe('audit access (MODEL E5)', () => {
  it('finding 5: viewers of an asset read its entries, only its admins read before/after (MODEL E5, A7)', () => {
    const m = world();
    m.apply('own', { op: 'share', args: { asset: 'q3', user: 'nobody', level: 'view-edit' } });
    m.apply('own', { op: 'revoke', args: { asset: 'q3', user: 'nobody' } });
    const q3 = { type: 'dashboard', id: 'q3' };
    expect(auditAccess(m, 'own', q3)).toEqual(all);
    expect(auditAccess(m, 'viewer', q3)).toEqual(entry);
    expect(auditAccess(m, 'nobody', q3)).toEqual(none);
    expect(auditAccess(m, 'um', q3)).toEqual(none); // a tenant admin of another kind
    expect(auditAccess(m, 'sam', q3)).toEqual(all);
    expect(auditAccess(m, 'gone', q3)).toEqual(none); // MODEL K7 wins over K3
    expect(auditAccess(m, 'ghost', q3)).toEqual(none);
    const trail = m.audit(q3);
    const seen = readableAudit(m, 'viewer', trail);
    expect(seen.map((e) => e.action)).toEqual(['share', 'revoke']);
    for (const e of seen) expect(e).not.toHaveProperty('before');
    expect(JSON.stringify(seen)).not.toContain('nobody');
    expect(readableAudit(m, 'own', trail)).toEqual(trail);
    expect(readableAudit(m, 'nobody', trail)).toEqual([]);
  });

  it('bundles, groups, record types and users follow who may manage them (MODEL E5, N9, N10, D8, R3)', () => {
    const m = world();
    const bundle = { type: 'bundle', id: 'T' };
    expect(auditAccess(m, 'pam', bundle)).toEqual(all);
    expect(auditAccess(m, 'ba', bundle)).toEqual(entry);
    expect(auditAccess(m, 'um', bundle)).toEqual(entry);
    expect(auditAccess(m, 'own', bundle)).toEqual(none);
    for (const type of ['group', 'recordType']) {
      expect(auditAccess(m, 'ss', { type, id: 'G' })).toEqual(all);
      expect(auditAccess(m, 'pam', { type, id: 'G' })).toEqual(none);
    }
    const user = { type: 'user', id: 'own' };
    expect(auditAccess(m, 'um', user)).toEqual(all);
    expect(auditAccess(m, 'pam', user)).toEqual(entry);
    expect(auditAccess(m, 'own', user)).toEqual(entry);
    expect(auditAccess(m, 'viewer', user)).toEqual(none);
  });

  it('other resources: any action reads the entry; before/after needs admin where the type has it', () => {
    const m = world();
    expect(auditAccess(m, 'px', { type: 'engagement', id: 'e' })).toEqual(all);
    expect(auditAccess(m, 'own', { type: 'engagement', id: 'e' })).toEqual(none);
    expect(auditAccess(m, 'px', { type: 'survey', id: 's1' })).toEqual(none);
    expect(auditAccess(m, 'sd', { type: 'survey', id: 's1' })).toEqual(entry);
    expect(auditAccess(m, 'sa', { type: 'survey', id: 's1' })).toEqual(all);
    expect(auditAccess(m, 'sam', { type: 'nothing', id: 'x' })).toEqual(all);
    expect(auditAccess(m, 'px', { type: 'nothing', id: 'x' })).toEqual(none);
  });

  it("an owner's access to their asset is decided without compiling their ability, and is the compiled answer (MODEL A1, N5a, K7)", () => {
    const m = model({
      users: [
        { id: 'own' },
        { id: 'view', license: 'viewer' },
        { id: 'off', active: false },
        { id: 'other' },
      ],
      resources: [
        { type: 'folder', id: 'f', owner: 'own', sharing: 'private' },
        { type: 'dashboard', id: 'mine', parent: 'f', owner: 'own', sharing: 'private' },
        { type: 'dashboard', id: 'capped', owner: 'view', sharing: 'private' },
        { type: 'dashboard', id: 'idle', owner: 'off', sharing: 'private' },
      ],
    });
    const store = storeOf(m);
    const asked = [
      ['own', 'folder', 'f'],
      ['own', 'dashboard', 'mine'],
      ['view', 'dashboard', 'capped'],
      ['off', 'dashboard', 'idle'],
      ['other', 'dashboard', 'mine'],
      ['own', 'folder', 'mine'], // the id of an asset of another type
    ] as const;
    const decide = ([user, type, id]: (typeof asked)[number]) => [
      auditAccess(m, user, { type, id }),
      activityAccess(m, user, { type, id }),
    ];
    const decided = [decide(asked[0]), decide(asked[1])];
    // The full-licence owner needed no compiled ability for their own assets.
    expect(store.abilities.has('own')).toBe(false);
    decided.push(...asked.slice(2).map(decide));
    const compiled = asked.map(([user, type, id]) => {
      const a = abilityOf(store, user);
      const ref = { type, id };
      const access = { entry: a.check('view', ref), details: a.check('admin', ref) };
      return [access, access];
    });
    expect(decided).toEqual(compiled);
    expect(decided.map(([e5]) => e5)).toEqual([all, all, entry, none, none, none]);
  });
});
