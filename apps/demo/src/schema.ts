/** The demo's schema (a copy of conformance/schema.gainsight.json) and what screens need of it. */
import type { MenuPage } from '@grantkit/react';
import schemaJson from './schema.json';

export const schemaDef = schemaJson;

/** The page tree (MODEL N1), in schema order. */
export const pages: readonly MenuPage[] = schemaJson.pages.map((p) => ({
  id: p.id,
  title: p.title,
  ...('parent' in p && typeof p.parent === 'string' ? { parent: p.parent } : {}),
}));

export const pageTitle = (id: string): string => pages.find((p) => p.id === id)?.title ?? id;

/** Depth of a page: 0 for top level. */
export function pageDepth(id: string): number {
  let depth = 0;
  for (let p = pages.find((x) => x.id === id); p?.parent; p = pages.find((x) => x.id === p?.parent))
    depth++;
  return depth;
}

interface TypeInfo {
  readonly name: string;
  readonly kind: string;
  readonly actions: readonly string[];
  readonly environments?: readonly string[];
}

const types: TypeInfo[] = Object.entries(schemaJson.types).map(([name, t]) => ({
  name,
  kind: t.kind,
  actions: t.actions,
  ...('environments' in t ? { environments: t.environments } : {}),
}));

/** Module types: granted at module level in bundles (MODEL K5). */
export const moduleTypes = types.filter((t) => t.kind === 'module');
/** Record types protected by sharing rules (MODEL D1–D4). */
export const recordTypeNames = types.filter((t) => t.kind === 'record').map((t) => t.name);

/** Pages the demo has a screen for. */
export const PAGE = {
  dashboards: 'dashboards',
  builder: 'administration.dashboardBuilder',
  bundles: 'administration.permissionBundles',
  sharing: 'administration.sharingSettings',
  records: 'c360',
  users: 'administration.userManagement',
} as const;

/** Display names of the schema's types (singular, plural): never a raw type name on screen. */
const TYPE_TITLES: Readonly<Record<string, readonly [string, string]>> = {
  page: ['Page', 'Pages'],
  folder: ['Folder', 'Folders'],
  dashboard: ['Dashboard', 'Dashboards'],
  survey: ['Survey', 'Surveys'],
  program: ['Program', 'Programs'],
  emailTemplate: ['Email template', 'Email templates'],
  cockpit: ['Cockpit', 'Cockpit'],
  successPlan: ['Success plan', 'Success plans'],
  productivity: ['Productivity', 'Productivity'],
  engagement: ['Engagement', 'Engagements'],
  user: ['User', 'Users'],
  channel: ['Channel', 'Channels'],
  settings: ['Settings', 'Settings'],
  reportEvent: ['Report event', 'Report events'],
  relationshipType: ['Relationship type', 'Relationship types'],
  relationship: ['Relationship', 'Relationships'],
  cta: ['Call to action (CTA)', 'Calls to action (CTAs)'],
  group: ['User group', 'User groups'],
  bundle: ['Permission bundle', 'Permission bundles'],
  rule: ['Sharing rule', 'Sharing rules'],
  tenant: ['Tenant', 'Tenants'],
};

/** Words of an identifier: `emailTemplate` → "email template", `createCta` → "create CTA". */
export function humanize(id: string): string {
  const words = id
    .replace(/[._-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.replace(/\bcta\b/g, 'CTA').replace(/\bctas\b/g, 'CTAs');
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The title of a record, module or asset type: `typeTitle('emailTemplate')` is "Email template",
 * `typeTitle('cta', { plural: true })` "Calls to action (CTAs)".
 */
export function typeTitle(type: string, options: { plural?: boolean } = {}): string {
  const known = TYPE_TITLES[type];
  if (known) return options.plural ? known[1] : known[0];
  const words = capital(humanize(type));
  return options.plural ? `${words}s` : words;
}

/** The same in running text: "email template", but "CTA" stays capitalised. */
export const typeNoun = (type: string, options: { plural?: boolean } = {}): string => {
  const title = typeTitle(type, options);
  return /^[A-Z]{2}/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);
};

/** The title of an action: `useLibrary` → "Use library", `createCta` → "Create CTA". */
export const actionTitle = (action: string): string => capital(humanize(action));

/** The title of a lifecycle state or environment: `production` → "Production". */
export const valueTitle = (value: string): string => capital(humanize(value));
