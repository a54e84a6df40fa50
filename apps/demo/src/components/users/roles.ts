/** The ENGAGEcx roles (MODEL R1: roles are bundles) as people read them. */
export interface RoleInfo {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export const ROLES: readonly RoleInfo[] = [
  {
    id: 'ROLE_USER',
    title: 'User',
    description: 'Handles contacts; sees the report events they handled',
  },
  {
    id: 'ROLE_REPORT_VIEWER',
    title: 'Report viewer',
    description: 'Sees every report event in Analyze',
  },
  {
    id: 'ROLE_USER_MANAGER',
    title: 'User manager',
    description: 'Adds, edits and deactivates users; manages channels',
  },
  {
    id: 'ROLE_CUSTOMER_ADMIN',
    title: 'Customer admin',
    description: 'Tenant settings, channels and reports',
  },
];

export const roleTitle = (id: string): string => ROLES.find((r) => r.id === id)?.title ?? id;
