import { describe, expect, it } from 'vitest';
import { pageAccessSentence } from './pageAccess';

describe('page access sentences (issue 13, outside walk: raw explain text on pages)', () => {
  it('finding: a licence grant reads as the licence title, not the bundle id', () => {
    const s = pageAccessSentence('open Timeline', {
      allowed: true,
      reasons: [{ kind: 'bundle', bundle: 'VIEWANALYTICS_GROUP', via: 'license', scope: 'type' }],
      message: 'navigate on page “Timeline”: allowed by bundle “VIEWANALYTICS_GROUP” (license)',
    });
    expect(s).toBe('You may open Timeline: your Viewer Analytics Licence gives it.');
    expect(s).not.toMatch(/VIEWANALYTICS|license|navigate/);
  });
  it('finding: several bundles are named in one sentence', () => {
    const s = pageAccessSentence('open Journey Orchestrator', {
      allowed: true,
      reasons: [
        { kind: 'bundle', bundle: 'CSM', via: 'rule', scope: 'type' },
        { kind: 'bundle', bundle: 'BUNDLE_EDITORS', via: 'manual', scope: 'type' },
      ],
      message: '',
    });
    expect(s).toBe(
      'You may open Journey Orchestrator: the CSM bundle (given to you by a rule) and the Bundle Editors bundle give it.',
    );
  });
  it('finding: a refusal names what is needed and held in words', () => {
    const s = pageAccessSentence('edit data on Journey Orchestrator', {
      allowed: false,
      reasons: [],
      missing: { action: 'edit', type: 'page', id: 'jo', have: ['navigate'] },
      message: 'needs edit on page “Journey Orchestrator”; you have navigate',
    });
    expect(s).toBe('You may not edit data on Journey Orchestrator: you may only open it.');
  });
});
