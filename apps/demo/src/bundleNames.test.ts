import { describe, expect, it } from 'vitest';
import { bundleTitle, grantSentence } from './bundleNames';

describe('bundle titles (issue 13: titles, not ids)', () => {
  it('names built-in bundles and roles as people read them, never by their id', () => {
    expect(bundleTitle('VIEWANALYTICS_GROUP')).toBe('Viewer Analytics Licence');
    expect(bundleTitle('SP_INTERNAL_USER_GROUP')).toBe('Success Plan Internal Users');
    expect(bundleTitle('ROLE_REPORT_VIEWER')).toBe('Report Viewer');
  });

  it('makes words of any other id, keeping short acronyms', () => {
    expect(bundleTitle('BUNDLE_EDITORS')).toBe('Bundle Editors');
    expect(bundleTitle('CSM')).toBe('CSM');
    expect(bundleTitle('PX_PRODUCTION_LAUNCHER')).toBe('PX Production Launcher');
    expect(bundleTitle('ADMIN')).toBe('Admin');
    expect(bundleTitle('CSM_LEADS')).toBe('CSM Leads');
  });
});

describe('grants as sentences (issue 13: no raw type names)', () => {
  it('says what a grant lets members do', () => {
    expect(grantSentence({ type: 'page', id: 'administration', actions: ['navigate'] })).toBe(
      'Open Administration',
    );
    expect(grantSentence({ type: 'page', id: 'timeline', actions: ['edit'] })).toBe(
      'Open and edit Timeline',
    );
    expect(
      grantSentence({ type: 'engagement', actions: ['launch', 'pause'], env: ['staging'] }),
    ).toBe('Launch and pause engagements in staging');
    expect(
      grantSentence({
        type: 'engagement',
        actions: ['edit'],
        when: { field: 'state', op: '=', value: 'draft' },
      }),
    ).toBe('Edit engagements in the draft state');
    expect(grantSentence({ type: 'emailTemplate', actions: ['admin'] })).toBe(
      'Admin email templates',
    );
  });
});
