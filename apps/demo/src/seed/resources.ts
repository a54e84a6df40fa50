/** The seeded tenant's folders, dashboards, records, engagements and report events. */
import type { RecordTypeInput, ResourceInput, ShareInput, Sharing } from '@grantkit/core';

type Share = ShareInput;
export type SeedResource = ResourceInput;

/** Folders three levels deep, Home included (MODEL A4). */
const folders: SeedResource[] = [
  {
    type: 'folder',
    id: 'cs',
    parent: 'home',
    owner: 'ada',
    sharing: 'specific',
    shares: [
      { group: 'East', level: 'view' },
      { group: 'West', level: 'view' },
      { user: 'mia', level: 'view-edit' },
    ],
    fields: { title: 'Customer Success' },
  },
  {
    type: 'folder',
    id: 'cs-east',
    parent: 'cs',
    owner: 'mia',
    sharing: 'specific',
    shares: [{ group: 'East', level: 'view-edit' }],
    fields: { title: 'East' },
  },
  {
    type: 'folder',
    id: 'cs-west',
    parent: 'cs',
    owner: 'wes',
    sharing: 'specific',
    shares: [{ group: 'West', level: 'view-edit' }],
    fields: { title: 'West' },
  },
  {
    type: 'folder',
    id: 'exec',
    parent: 'home',
    owner: 'ada',
    sharing: 'private',
    fields: { title: 'Executive' },
  },
  {
    type: 'folder',
    id: 'exec-board',
    parent: 'exec',
    owner: 'ada',
    sharing: 'specific',
    shares: [{ group: 'Managers', level: 'view' }],
    fields: { title: 'Board' },
  },
  {
    type: 'folder',
    id: 'product',
    parent: 'home',
    owner: 'ada',
    sharing: 'public-view',
    fields: { title: 'Product' },
  },
  {
    type: 'folder',
    id: 'product-adoption',
    parent: 'product',
    owner: 'eve',
    sharing: 'public-view-edit',
    fields: { title: 'Adoption' },
  },
];

const topics = [
  'Revenue',
  'Renewals',
  'Churn Risk',
  'Health Scores',
  'NPS',
  'Adoption',
  'Onboarding',
  'Escalations',
  'Expansion',
  'Usage',
];
const quarters = ['Q1', 'Q2', 'Q3', 'Q4'];
const places = [
  'cs',
  'cs-east',
  'cs-west',
  'exec',
  'exec-board',
  'product',
  'product-adoption',
  'uncategorized',
  'home',
];
const owners = ['ada', 'mia', 'wes', 'eve', 'will', 'eli'];
const levels: Sharing[] = [
  'private',
  'public-view',
  'public-view-share',
  'public-view-edit',
  'specific',
];
const specificShares: Share[][] = [
  [{ user: 'eli', level: 'view' }],
  [{ group: 'East', level: 'view-share' }],
  [
    { user: 'will', level: 'view-edit' },
    { group: 'West', level: 'view' },
  ],
  [{ user: 'mia', level: 'admin' }],
];

/** About 200 dashboards at every sharing level, spread over the folders (MODEL A1). */
const dashboards: SeedResource[] = Array.from({ length: 200 }, (_, i) => {
  const sharing = levels[i % levels.length] as Sharing;
  const title = `${quarters[i % 4]} ${topics[Math.floor(i / 4) % topics.length]}${i >= 40 ? ` #${Math.floor(i / 40) + 1}` : ''}`;
  return {
    type: 'dashboard',
    id: `d${String(i + 1).padStart(3, '0')}`,
    parent: places[i % places.length] as string,
    owner: owners[i % owners.length] as string,
    sharing,
    ...(sharing === 'specific'
      ? { shares: specificShares[((i / 5) % specificShares.length) | 0] as Share[] }
      : {}),
    fields: { title },
  };
});

/** Records protected by sharing rules (MODEL D1–D5): relationship types, relationships, CTAs. */
const records: SeedResource[] = [
  { type: 'relationshipType', id: 'rt-a', fields: { name: 'Product A' } },
  { type: 'relationshipType', id: 'rt-b', fields: { name: 'Product B' } },
  ...['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark'].flatMap((company, i) => [
    {
      type: 'relationship',
      id: `rel-${i + 1}`,
      fields: { name: `${company} ${i % 2 ? 'B' : 'A'}`, region: i % 2 ? 'West' : 'East' },
      lookups: { relationshipType: i % 2 ? 'rt-b' : 'rt-a' },
    },
    {
      type: 'cta',
      id: `cta-${i + 1}`,
      fields: { name: `Renewal call: ${company}`, priority: i % 3 === 0 ? 'high' : 'normal' },
      lookups: { relationship: `rel-${i + 1}`, relationshipType: i % 2 ? 'rt-b' : 'rt-a' },
    },
  ]),
];

/** PX engagements in production and staging at each lifecycle state (MODEL E1–E4). */
const engagements: SeedResource[] = [
  ['welcome-tour', 'production', 'active', 'Welcome tour'],
  ['nps-q3', 'production', 'paused', 'NPS survey Q3'],
  ['feature-x', 'production', 'draft', 'Feature X announcement'],
  ['welcome-tour-stg', 'staging', 'active', 'Welcome tour (staging)'],
  ['beta-invite', 'staging', 'draft', 'Beta invite'],
  ['churn-save', 'staging', 'paused', 'Churn save offer'],
].map(([id, env, state, title]) => ({
  type: 'engagement',
  id: id as string,
  env: env as string,
  state: state as string,
  // Not `state` in fields: a stored field shadows the lifecycle state that transitions change.
  fields: { title },
}));

/** Contact-centre report events (MODEL R2: the User role sees only those it handled). */
const reportEvents: SeedResource[] = Array.from({ length: 12 }, (_, i) => ({
  type: 'reportEvent',
  id: `ev-${i + 1}`,
  fields: {
    handledBy: i % 3 === 0 ? 'ccu' : 'ccr',
    channel: i % 2 ? 'voice' : 'chat',
    summary: `Call ${i + 1}`,
  },
}));

export const resources: SeedResource[] = [
  ...folders,
  ...dashboards,
  ...records,
  ...engagements,
  ...reportEvents,
];

export const recordTypes: RecordTypeInput[] = [
  {
    type: 'relationshipType',
    everyone: false,
    // MODEL D11: the names its rules may use (user attributes in criteria, record fields in advice)
    attributes: [
      { name: 'businessUnit', source: 'user' },
      { name: 'department', source: 'user' },
      { name: 'name', source: 'resource' },
    ],
    rules: [
      {
        id: 'east-product-a',
        actions: ['read', 'write'],
        criteria: { userGroup: ['East'] },
        advice: [{ field: 'name', op: '=', values: ['Product A'] }],
      },
      {
        id: 'west-product-b',
        actions: ['read'],
        criteria: { userGroup: ['West'] },
        advice: [{ field: 'name', op: '=', values: ['Product B'] }],
      },
    ],
  },
  {
    type: 'relationship',
    everyone: false,
    attributes: [
      { name: 'department', source: 'user' },
      { name: 'remote', source: 'user' },
      { name: 'name', source: 'resource' },
      { name: 'region', source: 'resource' },
    ],
    rules: [
      {
        id: 'admins-all',
        actions: ['read', 'write'],
        criteria: { attr: 'department', op: '=', value: 'IT' },
      },
    ],
  },
  {
    type: 'cta',
    everyone: false,
    attributes: [
      { name: 'title', source: 'user' },
      { name: 'remote', source: 'user' },
      { name: 'priority', source: 'resource' },
      { name: 'name', source: 'resource' },
    ],
    rules: [
      {
        id: 'high-priority',
        actions: ['read'],
        criteria: { attr: 'title', op: 'startsWith', value: 'CSM' },
        advice: [{ field: 'priority', op: '=', values: ['high'] }],
      },
    ],
  },
];
