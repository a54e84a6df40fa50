/**
 * Bundles as people read them: a title instead of the bundle's id (issue 13). Bundles carry no
 * title in the model, so the schema's built-ins and the contact-centre roles get one here and
 * every other bundle a title made from its id ("BUNDLE_EDITORS" → "Bundle Editors").
 */
import type { WorldBundle } from './api';
import { actionTitle, humanize, pageTitle, typeNoun } from './schema';

/** Titles of the bundles whose id does not read well as words. */
const TITLES: Readonly<Record<string, string>> = {
  DEFAULT_BUNDLE: 'Default Bundle',
  VIEW_GROUP: 'Viewer Licence',
  VIEWANALYTICS_GROUP: 'Viewer Analytics Licence',
  SP_INTERNAL_USER_GROUP: 'Success Plan Internal Users',
  ROLE_USER: 'Contact Centre User',
  ROLE_REPORT_VIEWER: 'Report Viewer',
  ROLE_USER_MANAGER: 'User Manager',
  ROLE_CUSTOMER_ADMIN: 'Customer Admin',
};

/**
 * The title of a bundle: `bundleTitle('VIEW_GROUP')` is "Viewer Licence",
 * `bundleTitle('BUNDLE_EDITORS')` "Bundle Editors", short acronyms kept (`CSM`, `PX_EDITOR` →
 * "PX Editor").
 */
export function bundleTitle(id: string): string {
  return (
    TITLES[id] ??
    id
      .split(/[_\s]+/)
      .filter(Boolean)
      .map((w) =>
        w.length <= 3 && /^[A-Za-z]+$/.test(w)
          ? w.toUpperCase()
          : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
      )
      .join(' ')
  );
}

/** Whether the bundle is one of the contact-centre roles (MODEL R1: roles are bundles). */
export const isRole = (id: string): boolean => id.startsWith('ROLE_');

/** "Launch and pause", "View, edit and share": actions as words. */
const actionList = (actions: readonly string[]): string => {
  const words = actions.map((a, i) => (i === 0 ? actionTitle(a) : actionTitle(a).toLowerCase()));
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
};

/** One grant as a sentence: "Open Administration", "Launch engagements in Production". */
export function grantSentence(g: WorldBundle['grants'][number]): string {
  if (g.type === 'page') {
    const page = pageTitle(g.id ?? '');
    const edit = g.actions.includes('edit');
    return edit ? `Open and edit ${page}` : `Open ${page}`;
  }
  const what = g.id
    ? `the ${typeNoun(g.type)} ${g.id}`
    : typeNoun(g.type, { plural: true }).replace(/^./, (c) => c.toLowerCase());
  const env = g.env ? ` in ${g.env.join(' and ')}` : '';
  return `${actionList(g.actions)} ${what}${env}${conditionText(g.when)}`;
}

/** A grant's condition in words: " in the draft state", " they handled". */
function conditionText(when: unknown): string {
  if (when === undefined) return '';
  const c = when as { field?: unknown; op?: unknown; value?: unknown; user?: unknown };
  if (c.field === 'state' && c.op === '=' && typeof c.value === 'string')
    return ` in the ${c.value} state`;
  if (c.field === 'handledBy' && c.user !== undefined) return ' they handled';
  if (typeof c.field === 'string' && c.op === '=' && c.value !== undefined)
    return ` whose ${humanize(c.field)} is ${String(c.value)}`;
  return ' when a condition holds';
}
