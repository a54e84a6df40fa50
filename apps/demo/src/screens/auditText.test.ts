import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../api';
import { type AuditNames, auditChanges, auditSentence, bundleTitle } from './auditText';

const people: Record<string, string> = { ann: 'Ann Admin', bob: 'Bob Brown', lou: 'Lou Launcher' };
const titles: Record<string, string> = {
  'dashboard:q3': 'Q3 Revenue',
  'folder:west': 'West',
  'folder:tmp': 'Temp',
  'engagement:tour': 'Welcome tour',
};
const names: AuditNames = {
  user: (id) => people[id] ?? id,
  title: (type, id) => titles[`${type}:${id}`],
  env: (type) => (type === 'engagement' ? 'production' : undefined),
};
const entry = (
  action: string,
  resource: { type: string; id: string },
  before: unknown,
  after: unknown,
  actor = 'ann',
): AuditRecord => ({ action, resource, before, after, actor, at: 0, revision: 1 });

describe('the audit log in sentences (MODEL E5)', () => {
  it('a share names the actor, the dashboard by title, the person and the level', () => {
    const a = entry(
      'share',
      { type: 'dashboard', id: 'q3' },
      { sharing: 'private', shares: [] },
      { sharing: 'specific', shares: [{ user: 'bob', level: 'view-edit' }] },
    );
    expect(auditSentence(a, names)).toBe(
      'Ann Admin shared the dashboard “Q3 Revenue” with Bob Brown (edit)',
    );
    expect(auditChanges(a, names)).toEqual([
      { label: 'Sharing', before: 'Private', after: 'Specific people' },
      { label: 'Shares', before: 'none', after: 'Bob Brown: edit' },
    ]);
  });

  it('a pause names the engagement and its environment; no JSON anywhere', () => {
    const a = entry(
      'pause',
      { type: 'engagement', id: 'tour' },
      { state: 'active' },
      { state: 'paused' },
      'lou',
    );
    expect(auditSentence(a, names)).toBe(
      'Lou Launcher paused the engagement “Welcome tour” in production',
    );
    expect(auditChanges(a, names)).toEqual([{ label: 'State', before: 'active', after: 'paused' }]);
  });

  it('record types, roles, bundles and moves read as sentences, not type names or ids', () => {
    expect(
      auditSentence(
        entry(
          'setEveryone',
          { type: 'recordType', id: 'relationshipType' },
          { everyone: true, rules: [] },
          { everyone: false, rules: [] },
        ),
        names,
      ),
    ).toBe('Ann Admin turned off “everyone gets read/write” for relationship types');
    expect(
      auditSentence(
        entry('assignRole', { type: 'user', id: 'bob' }, { roles: [] }, { roles: ['PX_EDITOR'] }),
        names,
      ),
    ).toBe('Ann Admin gave Bob Brown the role “PX Editor”');
    expect(
      auditSentence(
        entry(
          'addToBundle',
          { type: 'bundle', id: 'ADMIN' },
          { users: ['ann'] },
          { users: ['ann', 'bob'] },
        ),
        names,
      ),
    ).toBe('Ann Admin added Bob Brown to the permission bundle “Admin”');
    expect(
      auditSentence(
        entry('move', { type: 'dashboard', id: 'q3' }, { parent: 'west' }, { parent: 'tmp' }),
        names,
      ),
    ).toBe('Ann Admin moved the dashboard “Q3 Revenue” to the folder “Temp”');
    expect(
      auditSentence(
        entry('addRule', { type: 'recordType', id: 'cta' }, { rules: [] }, { rules: ['r1'] }),
        names,
      ),
    ).toBe('Ann Admin added a sharing rule on calls to action (CTAs)');
    expect(bundleTitle('VIEWANALYTICS_GROUP')).toBe('Viewer Analytics Licence');
  });

  it('a new user lists their fields in words; deactivation says so', () => {
    const created = entry('setUser', { type: 'user', id: 'bob' }, null, {
      active: true,
      license: 'full',
      attributes: { name: 'Bob Brown', department: 'IT' },
    });
    expect(auditSentence(created, names)).toBe('Ann Admin added the user Bob Brown');
    const changes = auditChanges(created, names);
    expect(changes).toContainEqual({ label: 'Department', before: '—', after: 'IT' });
    for (const c of changes) expect(`${c.before} ${c.after}`).not.toMatch(/[{}"]/);
    expect(
      auditSentence(
        entry('setUser', { type: 'user', id: 'bob' }, { active: true }, { active: false }),
        names,
      ),
    ).toBe('Ann Admin deactivated Bob Brown');
  });
});
