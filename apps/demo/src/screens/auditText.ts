/**
 * The audit log in words (MODEL E5): one sentence per change ("Ann Admin shared “Q3 Revenue”
 * with Bob (edit)") and its before/after as a list of readable changes, never raw JSON.
 */
import type { AuditRecord } from '../api';
import { bundleTitle as titleOfBundle } from '../bundleNames';
import { actionTitle, humanize, pageTitle, typeNoun } from '../schema';

/** How the screen names things: people, and resources by title. */
export interface AuditNames {
  user(id: string): string;
  /** The title of a resource (`dashboard`, `q3`) if known. */
  title(type: string, id: string): string | undefined;
  /** The environment of a resource that lives in one (MODEL E1), if known. */
  env?(type: string, id: string): string | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (v: unknown, key: string): unknown => (isObj(v) ? v[key] : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** "PX_EDITOR" → "PX Editor", "ADMIN" → "Admin", "VIEW_GROUP" → "Viewer Licence". */
export const bundleTitle = (id: string): string => titleOfBundle(id);

const SHARE_LEVEL: Record<string, string> = {
  view: 'view',
  'view-edit': 'edit',
  'view-share': 'share',
  admin: 'admin',
};
const SHARING: Record<string, string> = {
  private: 'Private',
  'public-view': 'Public: view',
  'public-view-share': 'Public: view and share',
  'public-view-edit': 'Public: view and edit',
  specific: 'Specific people',
};

const quote = (s: string) => `“${s}”`;

/** The resource as a phrase: `the dashboard “Q3 Revenue”`, `the bundle “PX Editor”`. */
function subject(a: AuditRecord, names: AuditNames): string {
  const { type, id } = a.resource;
  const fromRecord =
    field(field(a.after, 'fields'), 'title') ?? field(field(a.before, 'fields'), 'title');
  const title =
    names.title(type, id) ??
    (typeof fromRecord === 'string' ? fromRecord : undefined) ??
    (type === 'bundle' ? bundleTitle(id) : type === 'page' ? pageTitle(id) : undefined);
  if (type === 'user') return names.user(id);
  if (type === 'group') return `the user group ${quote(id)}`;
  return `the ${typeNoun(type)} ${quote(title ?? humanize(id))}`;
}

/** A share's holder: "Bob Brown" or "the group “Sales”". */
const holder = (s: unknown, names: AuditNames): string => {
  const user = field(s, 'user');
  const group = field(s, 'group');
  return typeof user === 'string'
    ? names.user(user)
    : typeof group === 'string'
      ? `the group ${quote(group)}`
      : 'someone';
};
const shareKey = (s: unknown) => `${field(s, 'user') ?? ''}|${field(s, 'group') ?? ''}`;

/** Items of `after` not in `before`, compared by `key`. */
function added<T>(before: readonly T[], after: readonly T[], key: (x: T) => string): T[] {
  const had = new Set(before.map(key));
  return after.filter((x) => !had.has(key(x)));
}

const list = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The sentence of one audit entry. */
export function auditSentence(a: AuditRecord, names: AuditNames): string {
  const who = names.user(a.actor);
  const what = subject(a, names);
  const { before, after } = a;
  const arr = (v: unknown, key: string) =>
    Array.isArray(field(v, key)) ? (field(v, key) as unknown[]) : [];
  switch (a.action) {
    case 'share': {
      const [s] = added(
        arr(before, 'shares'),
        arr(after, 'shares'),
        (x) => `${shareKey(x)}|${field(x, 'level')}`,
      );
      if (!s) return `${who} shared ${what}`;
      const level = SHARE_LEVEL[String(field(s, 'level'))] ?? String(field(s, 'level'));
      return `${who} shared ${what} with ${holder(s, names)} (${level})`;
    }
    case 'revoke': {
      const [s] = added(arr(after, 'shares'), arr(before, 'shares'), shareKey);
      return s
        ? `${who} took back ${holder(s, names)}’s access to ${what}`
        : `${who} took back a share of ${what}`;
    }
    case 'setSharing': {
      const to = String(field(after, 'sharing'));
      return `${who} set the sharing of ${what} to ${SHARING[to] ?? humanize(to)}`;
    }
    case 'createAsset':
      return `${who} created ${what}`;
    case 'deleteAsset':
      return `${who} deleted ${what}`;
    case 'move': {
      const to = field(after, 'parent');
      const folder = typeof to === 'string' ? (names.title('folder', to) ?? humanize(to)) : '';
      return `${who} moved ${what}${folder ? ` to the folder ${quote(folder)}` : ''}`;
    }
    case 'addToBundle':
    case 'removeFromBundle':
    case 'addToGroup':
    case 'removeFromGroup': {
      const adding = a.action.startsWith('add');
      const key = a.action.endsWith('Bundle') ? 'users' : 'members';
      const changed = adding
        ? added(strings(field(before, key)), strings(field(after, key)), String)
        : added(strings(field(after, key)), strings(field(before, key)), String);
      const people = list(changed.map(names.user)) || 'a user';
      return adding ? `${who} added ${people} to ${what}` : `${who} removed ${people} from ${what}`;
    }
    case 'assignRole':
    case 'unassignRole': {
      const [from, to] = a.action === 'assignRole' ? [before, after] : [after, before];
      const roles = added(strings(field(from, 'roles')), strings(field(to, 'roles')), String);
      const role = list(roles.map((r) => quote(bundleTitle(r)))) || 'a role';
      return a.action === 'assignRole'
        ? `${who} gave ${what} the role ${role}`
        : `${who} took the role ${role} from ${what}`;
    }
    case 'setUser':
      if (before === null || before === undefined) return `${who} added the user ${what}`;
      if (field(before, 'active') !== false && field(after, 'active') === false)
        return `${who} deactivated ${what}`;
      if (field(before, 'active') === false && field(after, 'active') === true)
        return `${who} reactivated ${what}`;
      return `${who} edited the user ${what}`;
    case 'setEveryone': {
      const on = field(after, 'everyone') ?? field(after, 'on');
      const type = typeNoun(a.resource.id, { plural: true });
      return on === false
        ? `${who} turned off “everyone gets read/write” for ${type}`
        : `${who} turned on “everyone gets read/write” for ${type}`;
    }
    case 'createBundle':
    case 'createGroup':
      return `${who} created ${what}`;
    case 'editBundle':
    case 'editGroup':
      return `${who} edited ${what}`;
    case 'deleteBundle':
    case 'deleteGroup':
      return `${who} deleted ${what}`;
    case 'grantOn':
    case 'revokeOn': {
      const [from, to] = a.action === 'grantOn' ? [before, after] : [after, before];
      const grants = added(arr(from, 'grants'), arr(to, 'grants'), (g) => JSON.stringify(g));
      const user = field(grants[0], 'user');
      const person = typeof user === 'string' ? names.user(user) : 'a user';
      const actions = strings(field(grants[0], 'actions')).map((x) => actionTitle(x).toLowerCase());
      const acts = list(actions) || 'access';
      return a.action === 'grantOn'
        ? `${who} gave ${person} ${acts} on ${what}`
        : `${who} took back ${person}’s ${acts} on ${what}`;
    }
    default: {
      if (a.resource.type === 'recordType' || /Rule$|Attribute$/.test(a.action)) {
        const verb = humanize(a.action).replace(/^(\w+)/, (v) => PAST[v] ?? v);
        return `${who} ${verb.replace(/\brule\b/, 'a sharing rule').replace(/\battribute\b/, 'a permission attribute')} on ${typeNoun(a.resource.id, { plural: true })}`;
      }
      const state = field(after, 'state');
      if (typeof state === 'string' && field(before, 'state') !== state) {
        const env =
          field(after, 'env') ??
          field(before, 'env') ??
          names.env?.(a.resource.type, a.resource.id);
        return `${who} ${PAST[a.action] ?? `${humanize(a.action)}ed`} ${what}${typeof env === 'string' ? ` in ${env}` : ''}`;
      }
      return `${who}: ${actionTitle(a.action).toLowerCase()} on ${what}`;
    }
  }
}

const PAST: Record<string, string> = {
  add: 'added',
  edit: 'edited',
  delete: 'deleted',
  remove: 'removed',
  launch: 'launched',
  pause: 'paused',
  enable: 'enabled',
  disable: 'disabled',
  turnOn: 'turned on',
  turnOff: 'turned off',
};

/** One readable line of a before/after difference. */
export interface AuditChange {
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

/** A value in words: names for people, titles for sharing levels, lists joined. */
function valueText(key: string, v: unknown, names: AuditNames): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (key === 'sharing' && typeof v === 'string') return SHARING[v] ?? v;
  if (key === 'parent' && typeof v === 'string') return names.title('folder', v) ?? humanize(v);
  if (['owner', 'managerId', 'handledBy'].includes(key) && typeof v === 'string')
    return names.user(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    return v
      .map((x) => {
        if (typeof x === 'string')
          return ['users', 'members', 'administrators', 'removed'].includes(key)
            ? names.user(x)
            : key === 'roles'
              ? bundleTitle(x)
              : x;
        if (isObj(x) && 'level' in x)
          return `${holder(x, names)}: ${SHARE_LEVEL[String(x.level)] ?? String(x.level)}`;
        if (isObj(x) && 'type' in x && 'actions' in x) {
          const t = String(x.type);
          const target =
            t === 'page' && typeof x.id === 'string'
              ? pageTitle(x.id)
              : typeNoun(t, { plural: !x.id });
          return `${target}: ${strings(x.actions)
            .map((s) => actionTitle(s).toLowerCase())
            .join(', ')}`;
        }
        return sentenceOf(x);
      })
      .join('; ');
  }
  if (isObj(v)) return sentenceOf(v);
  return typeof v === 'string'
    ? key === 'state' || key === 'license'
      ? humanize(v)
      : v
    : String(v);
}

/** A small object as "key: value, …" (criteria, fields), never braces and quotes. */
function sentenceOf(v: unknown): string {
  if (!isObj(v)) return String(v);
  return Object.entries(v)
    .map(
      ([k, x]) =>
        `${humanize(k)}: ${Array.isArray(x) ? x.map(sentenceOf).join(', ') : isObj(x) ? sentenceOf(x) : String(x)}`,
    )
    .join(', ');
}

/** The fields that changed between before and after, in words. */
export function auditChanges(a: AuditRecord, names: AuditNames): AuditChange[] {
  const before = isObj(a.before) ? a.before : {};
  const after = isObj(a.after) ? a.after : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: AuditChange[] = [];
  for (const key of keys) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    if (key === 'fields' || key === 'attributes') {
      const b = isObj(before[key]) ? (before[key] as Obj) : {};
      const f = isObj(after[key]) ? (after[key] as Obj) : {};
      for (const k of new Set([...Object.keys(b), ...Object.keys(f)]))
        if (JSON.stringify(b[k]) !== JSON.stringify(f[k]))
          changes.push({
            label: capitalise(humanize(k)),
            before: valueText(k, b[k], names),
            after: valueText(k, f[k], names),
          });
      continue;
    }
    changes.push({
      label: capitalise(humanize(key === 'managerId' ? 'manager' : key)),
      before: a.before === null ? '—' : valueText(key, before[key], names),
      after: a.after === null ? '—' : valueText(key, after[key], names),
    });
  }
  return changes;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
