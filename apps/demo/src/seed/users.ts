/** The seeded tenant's people: who they are and which bundles they hold by hand. */
export interface SeedUser {
  id: string;
  name: string;
  license?: 'full' | 'viewer' | 'viewer-analytics';
  superAdmin?: boolean;
  managerId?: string;
  attributes?: Record<string, string | number | boolean | string[]>;
  roles?: string[];
  /** One line for the sign-in screen: what this person shows in the demo. */
  about: string;
}

export const users: SeedUser[] = [
  {
    id: 'sam',
    name: 'Sam Super',
    superAdmin: true,
    about: 'Super admin: passes every check, may view as anyone',
  },
  {
    id: 'ada',
    name: 'Ada Admin',
    roles: ['ADMIN'],
    attributes: { department: 'IT', title: 'Administrator' },
    about: 'Admin bundle: every page and module',
  },
  {
    id: 'ben',
    name: 'Ben Bundler',
    roles: ['BUNDLE_EDITORS'],
    attributes: { department: 'CS', title: 'CS Ops', businessUnit: 'East' },
    about: 'May edit permission bundles, but not grant more than he holds',
  },
  {
    id: 'mia',
    name: 'Mia East (manager)',
    attributes: { department: 'CS', title: 'CSM Manager', businessUnit: 'East' },
    about:
      'Manages the East CSMs: sees their data, not their bundles; administers DASHBOARD_BUILDERS',
  },
  {
    id: 'wes',
    name: 'Wes West (manager)',
    attributes: { department: 'CS', title: 'CSM Manager', businessUnit: 'West' },
    about: 'Manages the West CSMs',
  },
  {
    id: 'eve',
    name: 'Eve East',
    managerId: 'mia',
    attributes: { department: 'CS', title: 'CSM', businessUnit: 'East', remote: true },
    about: 'CSM in the East business unit (bundle by rule)',
  },
  {
    id: 'eli',
    name: 'Eli East',
    managerId: 'mia',
    attributes: { department: 'CS', title: 'CSM', businessUnit: 'East' },
    about: 'CSM, East',
  },
  {
    id: 'ema',
    name: 'Ema East',
    managerId: 'mia',
    attributes: { department: 'CS', title: 'CSM Associate', businessUnit: 'East' },
    about: 'CSM associate, East',
  },
  {
    id: 'will',
    name: 'Will West',
    managerId: 'wes',
    attributes: { department: 'CS', title: 'CSM', businessUnit: 'West', remote: false },
    about: 'CSM, West',
  },
  {
    id: 'wyn',
    name: 'Wyn West',
    managerId: 'wes',
    attributes: { department: 'CS', title: 'CSM', businessUnit: 'West', remote: true },
    about: 'CSM, West',
  },
  {
    id: 'wan',
    name: 'Wan West',
    managerId: 'wes',
    attributes: { department: 'Sales', title: 'CSM Lead', businessUnit: 'West' },
    about: 'CSM lead in Sales, West (matches the rule by title)',
  },
  {
    id: 'vic',
    name: 'Vic Viewer',
    license: 'viewer',
    roles: ['CSM'],
    about: 'Viewer licence: capped to VIEW_GROUP whatever else he is given',
  },
  {
    id: 'val',
    name: 'Val Analytics',
    license: 'viewer-analytics',
    about: 'Viewer-analytics licence: VIEWANALYTICS_GROUP adds Dashboards',
  },
  { id: 'pvi', name: 'Pia PX Viewer', roles: ['PX_VIEWER'], about: 'PX viewer: sees engagements' },
  {
    id: 'ped',
    name: 'Pete PX Editor',
    roles: ['PX_EDITOR'],
    about: 'PX editor: edits drafts, cannot launch or pause',
  },
  {
    id: 'pma',
    name: 'Pam PX Manager',
    roles: ['PX_MANAGER'],
    about: 'PX manager: launches and pauses in staging only',
  },
  {
    id: 'pad',
    name: 'Pat PX Admin',
    roles: ['PX_ADMIN'],
    about: 'PX admin: launches and pauses everywhere',
  },
  {
    id: 'pla',
    name: 'Lou Launcher',
    roles: ['PX_VIEWER', 'PX_PRODUCTION_LAUNCHER'],
    about: 'Production launcher: may launch and pause in production',
  },
  {
    id: 'ccu',
    name: 'Cal Agent',
    roles: ['ROLE_USER'],
    about: 'Contact-centre User role: sees only report events he handled',
  },
  {
    id: 'ccr',
    name: 'Rae Reports',
    roles: ['ROLE_REPORT_VIEWER'],
    about: 'ReportViewer: sees every report event',
  },
  {
    id: 'ccm',
    name: 'Max UserManager',
    roles: ['ROLE_USER_MANAGER'],
    about: 'UserManager: manages users, assigns only roles he holds',
  },
  {
    id: 'cca',
    name: 'Cora CustomerAdmin',
    roles: ['ROLE_CUSTOMER_ADMIN'],
    about: 'CustomerAdmin: settings, channels, reports',
  },
];
