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
