/** The seeded tenant's bundles and groups (the schema's built-in bundles exist too). */
import type { BundleInput, Grant, GroupInput } from '@grantkit/core';

const page = (id: string, actions: string[] = ['navigate']): Grant => ({
  type: 'page',
  id,
  actions,
});

const csmPages = ['timeline', 'c360', 'r360', 'cockpit', 'dashboards', 'jo', 'jo.surveys'].map(
  (id) => page(id),
);

export const groups: GroupInput[] = [
  { id: 'East', rule: { attr: 'businessUnit', op: '=', value: 'East' } },
  { id: 'West', rule: { attr: 'businessUnit', op: '=', value: 'West' } },
  { id: 'Managers', members: ['mia', 'wes'] },
  { id: 'DashboardAuthors', members: ['eve', 'will', 'mia'] },
];

export const bundles: BundleInput[] = [
  {
    id: 'ADMIN',
    grants: [
      ...[
        'timeline',
        'c360',
        'r360',
        'mySettings',
        'profile',
        'adoptionExplorer',
        'cockpit',
        'dashboards',
        'jo',
        'jo.emailTemplates',
        'jo.programs',
        'jo.surveys',
        'administration',
        'administration.customerData',
        'administration.customerData.company',
        'administration.customerData.relationship',
        'administration.permissionBundles',
        'administration.userManagement',
        'administration.dashboardBuilder',
        'administration.sharingSettings',
      ].map((id) => page(id, ['edit'])),
      { type: 'survey', actions: ['admin'] },
      { type: 'program', actions: ['admin'] },
      { type: 'emailTemplate', actions: ['admin'] },
      { type: 'cockpit', actions: ['createCta', 'deleteCta', 'applyPlaybook'] },
      { type: 'successPlan', actions: ['create', 'delete', 'applyTemplate', 'share'] },
      { type: 'user', actions: ['create', 'edit', 'delete'] },
    ],
  },
  {
    id: 'CSM',
    // MODEL N7: a rule with advanced logic; rules add only full-licensed users.
    rule: {
      logic: 'A and (B or C)',
      where: {
        A: { attr: 'businessUnit', op: 'in', value: ['East', 'West'] },
        B: { attr: 'department', op: '=', value: 'CS' },
        C: { attr: 'title', op: 'startsWith', value: 'CSM' },
      },
    },
    grants: [
      ...csmPages,
      { type: 'survey', actions: ['analyze'] },
      { type: 'cockpit', actions: ['createCta', 'applyPlaybook'] },
      { type: 'successPlan', actions: ['create', 'share'] },
    ],
  },
  {
    id: 'DASHBOARD_BUILDERS',
    groups: ['DashboardAuthors', 'Managers'],
    // MODEL N9: Mia adds and removes this bundle's users (she holds its grants, so R3 lets her).
    administrators: ['mia'],
    grants: [page('administration'), page('administration.dashboardBuilder')],
  },
  {
    id: 'BUNDLE_EDITORS',
    grants: [
      page('administration'),
      page('administration.permissionBundles'),
      ...csmPages,
      { type: 'survey', actions: ['analyze'] },
    ],
  },
  {
    id: 'SHARING_ADMINS',
    users: ['ada'],
    grants: [page('administration'), page('administration.sharingSettings')],
  },
];
