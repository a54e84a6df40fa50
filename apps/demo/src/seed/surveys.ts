/**
 * Journey Orchestrator surveys (MODEL N13): module-level grants come from bundles (ADMIN
 * holds `admin` on every survey, CSM `analyze`); survey-level grants are direct grants on one
 * survey (`grantOn`), seeded here for Eve, who administers the onboarding survey only.
 */
import type { DirectGrantInput, ResourceInput } from '@grantkit/core';

export const surveys: ResourceInput[] = [
  ['nps-2026', 'Customer NPS 2026', 'live', 8],
  ['onboarding-csat', 'Onboarding satisfaction', 'live', 5],
  ['renewal-pulse', 'Renewal pulse check', 'draft', 6],
  ['support-ces', 'Support effort score', 'closed', 3],
].map(([id, title, status, questions]) => ({
  type: 'survey',
  id: id as string,
  fields: { title: title as string, status: status as string, questions: questions as number },
}));

/** Survey-level grants (MODEL N13): Eve administers "Onboarding satisfaction" only. */
export const surveyGrants: DirectGrantInput[] = [
  { type: 'survey', id: 'onboarding-csat', user: 'eve', actions: ['admin'] },
];
