/**
 * Loading a world (validated, with JSON paths in errors) into a store, and
 * writing it back as a plain JSON-serialisable `WorldInput` that round-trips.
 */
import { InvalidInputError } from '../errors.ts';
import { type Fail, validateAdvice, validateCriteria } from '../schema/criteria.ts';
import { isObject } from '../schema/is-object.ts';
import { validateGrant } from '../schema/schema.ts';
import type { Grant } from '../schema/types.ts';
import { attributesWorld, loadAttributes } from './attributes.ts';
import { directGrantsWorld, loadDirectGrants } from './direct-grants.ts';
import {
  type BundleInput,
  type BundleState,
  folderDepth,
  HOME,
  MAX_FOLDER_DEPTH,
  NO_CHILDREN,
  NO_SHARES,
  ownChildren,
  type RecordTypeInput,
  type ResourceInput,
  type ResourceNode,
  SHARE_LEVELS,
  SHARINGS,
  type ShareLevel,
  type Sharing,
  type SharingRule,
  UNCATEGORIZED,
  type UserState,
  type WorldInput,
} from './state.ts';
import type { Store } from './store.ts';
import { loadWatches, watchesWorld } from './watches.ts';

export const failInput: Fail = (path, message) => {
  throw new InvalidInputError(path, message);
};

/** Validates a list of known ids (users, groups, bundles), naming the failing path. */
export function ids(
  v: unknown,
  path: string,
  known: (id: string) => boolean,
  what: string,
): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) failInput(path, `must be a list of ${what} ids`);
  v.forEach((x, i) => {
    if (typeof x !== 'string' || !known(x))
      failInput(`${path}[${i}]`, `unknown ${what} ${JSON.stringify(x)}`);
  });
  return v as string[];
}

function str(v: unknown, path: string, optional: true): string | undefined;
function str(v: unknown, path: string, optional?: false): string;
function str(v: unknown, path: string, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') failInput(path, 'must be a non-empty string');
  return v;
}

/** Validates a user attribute map. */
export function validateAttributes(
  v: unknown,
  path: string,
): Record<string, UserState['attributes'][string]> {
  if (v === undefined) return {};
  if (!isObject(v)) failInput(path, 'must be an object');
  for (const [k, x] of Object.entries(v)) {
    const ok =
      ['string', 'number', 'boolean'].includes(typeof x) ||
      (Array.isArray(x) && x.every((e) => typeof e === 'string'));
    if (!ok) failInput(`${path}.${k}`, 'must be a string, number, boolean or list of strings');
  }
  return { ...(v as Record<string, UserState['attributes'][string]>) };
}

/** Validates grants for a bundle, honouring navigation-only bundles (MODEL N4). */
export function validateGrants(store: Store, v: unknown, path: string): Grant[] {
  if (!Array.isArray(v)) failInput(path, 'must be a list of grants');
  v.forEach((g, i) => {
    validateGrant(store.schema, g, `${path}[${i}]`, failInput);
  });
  return v as Grant[];
}

/** Validates a sharing rule of a record type (MODEL D3). */
export function validateRule(v: unknown, path: string): SharingRule {
  if (!isObject(v)) failInput(path, 'a rule must be an object');
  str(v.id, `${path}.id`);
  if (
    !Array.isArray(v.actions) ||
    v.actions.length === 0 ||
    v.actions.some((a) => a !== 'read' && a !== 'write')
  )
    failInput(`${path}.actions`, 'must list "read" and/or "write" (MODEL D3)');
  if (v.criteria !== undefined) validateCriteria(v.criteria, `${path}.criteria`, failInput);
  if (v.advice !== undefined) {
    if (!Array.isArray(v.advice)) failInput(`${path}.advice`, 'must be a list');
    v.advice.forEach((a, i) => {
      validateAdvice(a, `${path}.advice[${i}]`, failInput);
    });
  }
  return v as unknown as SharingRule;
}

function newBundle(
  store: Store,
  id: string,
  grants: readonly Grant[],
  b?: BundleInput,
): BundleState {
  return {
    id,
    grants,
    users: new Set(b?.users),
    groups: new Set(b?.groups),
    rule: b?.rule,
    removed: new Set(b?.removed),
    administrators: new Set(b?.administrators),
    description: b?.description,
    builtin: store.schema.builtins.find((x) => x.id === id && !store.deletedBuiltins.has(id)),
  };
}

/** A bundle's description: at most this many characters. */
export const MAX_BUNDLE_DESCRIPTION = 500;

/** Validates a bundle description (a string of at most {@link MAX_BUNDLE_DESCRIPTION} characters). */
export function bundleDescription(value: unknown, path: string): string {
  if (typeof value !== 'string') failInput(path, 'must be a string');
  if (value.length > MAX_BUNDLE_DESCRIPTION)
    failInput(path, `is ${value.length} characters long (bound: ≤ ${MAX_BUNDLE_DESCRIPTION})`);
  return value;
}

/** Creates a bundle state for `createBundle`. */
export function emptyBundle(store: Store, id: string, grants: readonly Grant[]): BundleState {
  return newBundle(store, id, grants);
}

/** Shares of one kind as a map; the shared empty map when there are none (most assets). */
function sharesOf(
  shares: ResourceInput['shares'],
  kind: 'user' | 'group',
): ReadonlyMap<string, ShareLevel> {
  let map: Map<string, ShareLevel> | undefined;
  for (const s of shares ?? []) {
    const id = s[kind];
    if (id === undefined) continue;
    map ??= new Map();
    map.set(id, s.level);
  }
  return map ?? NO_SHARES;
}

function makeNode(store: Store, r: ResourceInput, system = false): ResourceNode {
  return {
    type: store.schema.types.get(r.type)!,
    id: r.id,
    env: r.env,
    state: r.state,
    fields: r.fields,
    lookups: r.lookups,
    owner: r.owner,
    sharing: r.sharing ?? 'private',
    userShares: sharesOf(r.shares, 'user'),
    groupShares: sharesOf(r.shares, 'group'),
    parent: undefined,
    children: NO_CHILDREN,
    system,
  };
}

/** Creates a node for a resource that is not an asset (e.g. a draft copy, MODEL E2). */
export function newResource(store: Store, r: ResourceInput): ResourceNode {
  return makeNode(store, r);
}

/** Creates a new private asset owned by `owner` (MODEL A3). */
export function newAsset(
  store: Store,
  type: string,
  id: string,
  owner: string,
  parent: ResourceNode,
  fields?: Readonly<Record<string, unknown>>,
): ResourceNode {
  const node = makeNode(store, {
    type,
    id,
    owner,
    sharing: 'private',
    ...(fields === undefined ? {} : { fields }),
  });
  node.parent = parent;
  return node;
}

function loadResources(store: Store, list: unknown): void {
  const folder = store.schema.folderType;
  if (folder !== undefined) {
    const home = makeNode(store, { type: folder.name, id: HOME }, true);
    const uncategorized = makeNode(store, { type: folder.name, id: UNCATEGORIZED }, true);
    uncategorized.parent = home; // MODEL A5: Uncategorized sits in Home (the second level for A4)
    store.addResource(home);
    store.addResource(uncategorized);
  }
  if (list === undefined) return;
  if (!Array.isArray(list)) failInput('resources', 'must be a list');
  const parents = new Map<ResourceNode, [string, string]>();
  list.forEach((r, i) => {
    const at = `resources[${i}]`;
    if (!isObject(r)) failInput(at, 'must be an object');
    const type = store.schema.types.get(str(r.type, `${at}.type`));
    if (type === undefined || type.kind === 'page')
      failInput(`${at}.type`, `unknown resource type ${JSON.stringify(r.type)}`);
    const id = str(r.id, `${at}.id`);
    if (store.resources.get(type.name)!.has(id) || (type.kind === 'asset' && store.assets.has(id)))
      failInput(`${at}.id`, `duplicate ${type.name} "${id}" (MODEL K8)`);
    const env = str(r.env, `${at}.env`, true);
    if (env !== undefined && type.environments !== undefined && !type.environments.has(env))
      failInput(`${at}.env`, `"${env}" is not an environment of ${type.name}`);
    str(r.state, `${at}.state`, true);
    if (r.fields !== undefined && !isObject(r.fields))
      failInput(`${at}.fields`, 'must be an object');
    if (r.lookups !== undefined) {
      if (!isObject(r.lookups)) failInput(`${at}.lookups`, 'must map record types to ids');
      for (const [k, v] of Object.entries(r.lookups)) {
        if (store.schema.types.get(k)?.kind !== 'record')
          failInput(`${at}.lookups.${k}`, `"${k}" is not a record type`);
        str(v, `${at}.lookups.${k}`);
      }
    }
    if (type.kind !== 'asset') {
      for (const k of ['parent', 'owner', 'sharing', 'shares'])
        if (r[k] !== undefined) failInput(`${at}.${k}`, `only assets have ${k}`);
    } else {
      if (r.owner !== undefined && !store.users.has(str(r.owner, `${at}.owner`)))
        failInput(`${at}.owner`, `unknown user "${r.owner}"`);
      if (r.sharing !== undefined && !SHARINGS.includes(r.sharing as Sharing))
        failInput(`${at}.sharing`, `must be one of ${SHARINGS.join(', ')}`);
      if (r.shares !== undefined) {
        if (!Array.isArray(r.shares)) failInput(`${at}.shares`, 'must be a list');
        r.shares.forEach((s, j) => {
          validateShare(store, s, `${at}.shares[${j}]`);
        });
      }
    }
    const node = makeNode(store, r as unknown as ResourceInput);
    if (type.kind === 'asset')
      parents.set(node, [str(r.parent, `${at}.parent`, true) ?? HOME, `${at}.parent`]);
    store.addResource(node);
  });
  for (const [node, [parentId, at]] of parents) {
    const parent = store.assets.get(parentId);
    if (store.schema.folderType === undefined)
      failInput(
        at.replace(/\.parent$/, ''),
        `${node.type.name} "${node.id}" is an asset, and assets live in folders (Home by default, MODEL A4), but the schema has no folder type: add types.folder = { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'] } to the schema`,
      );
    if (parent === undefined || !parent.type.container)
      failInput(at, `unknown folder "${parentId}"`);
    if (node.system) continue;
    node.parent = parent;
    ownChildren(parent).add(node);
  }
  for (const [node, [, at]] of parents) {
    const seen = new Set<ResourceNode>();
    for (let n: ResourceNode | undefined = node; n !== undefined; n = n.parent) {
      if (seen.has(n)) failInput(at, `folders form a cycle at "${node.id}" (MODEL A4)`);
      seen.add(n);
    }
    if (node.type.container && folderDepth(node) > MAX_FOLDER_DEPTH)
      failInput(
        at,
        `folders nest at most ${MAX_FOLDER_DEPTH} levels deep, Home included (MODEL A4)`,
      );
  }
}

function validateShare(store: Store, s: unknown, at: string): void {
  if (!isObject(s)) failInput(at, 'a share must be an object');
  if ((s.user === undefined) === (s.group === undefined))
    failInput(at, 'a share names exactly one of user, group');
  if (s.user !== undefined && !store.users.has(s.user as string))
    failInput(`${at}.user`, `unknown user ${JSON.stringify(s.user)}`);
  if (s.group !== undefined && !store.groups.has(s.group as string))
    failInput(`${at}.group`, `unknown group ${JSON.stringify(s.group)}`);
  if (!SHARE_LEVELS.includes(s.level as ShareLevel))
    failInput(`${at}.level`, `must be one of ${SHARE_LEVELS.join(', ')}`);
}

function loadRecordTypes(store: Store, list: unknown): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) failInput('recordTypes', 'must be a list');
  list.forEach((r, i) => {
    const at = `recordTypes[${i}]`;
    if (!isObject(r)) failInput(at, 'must be an object');
    const type = str(r.type, `${at}.type`);
    if (store.schema.types.get(type)?.kind !== 'record')
      failInput(`${at}.type`, `"${type}" is not a record type`);
    if (store.recordTypes.has(type))
      failInput(`${at}.type`, `duplicate record type "${type}" (MODEL K8)`);
    if (typeof r.everyone !== 'boolean') failInput(`${at}.everyone`, 'must be a boolean');
    const rules =
      r.rules === undefined
        ? []
        : Array.isArray(r.rules)
          ? r.rules
          : failInput(`${at}.rules`, 'must be a list');
    const seen = new Set<string>();
    const attributes = loadAttributes(r.attributes, `${at}.attributes`); // MODEL D11
    rules.forEach((x, j) => {
      const rule = validateRule(x, `${at}.rules[${j}]`);
      if (seen.has(rule.id))
        failInput(`${at}.rules[${j}].id`, `duplicate rule "${rule.id}" (MODEL K8)`);
      seen.add(rule.id);
    });
    store.recordTypes.set(type, {
      type,
      everyone: r.everyone,
      rules: rules as SharingRule[],
      attributes,
    });
  });
}

/** Validates `input` and fills an empty store; throws `InvalidInputError` naming the JSON path. */
export function loadWorld(store: Store, input: unknown): void {
  if (input === undefined) input = { users: [] };
  if (!isObject(input)) failInput('', 'a world must be an object');
  if (!Array.isArray(input.users)) failInput('users', 'must be a list');
  const deleted = ids(
    input.deletedBundles,
    'deletedBundles',
    (id) => store.schema.builtins.some((b) => b.id === id),
    'built-in bundle',
  );
  for (const d of deleted) store.deletedBuiltins.add(d);
  if (input.revision !== undefined) {
    if (
      typeof input.revision !== 'number' ||
      !Number.isInteger(input.revision) ||
      input.revision < 0
    )
      failInput('revision', 'must be a non-negative integer');
    store.revision = input.revision;
  }
  input.users.forEach((u, i) => {
    const at = `users[${i}]`;
    if (!isObject(u)) failInput(at, 'must be an object');
    const id = str(u.id, `${at}.id`);
    if (store.users.has(id)) failInput(`${at}.id`, `duplicate user "${id}" (MODEL K8)`);
    for (const k of ['active', 'superAdmin'] as const)
      if (u[k] !== undefined && typeof u[k] !== 'boolean')
        failInput(`${at}.${k}`, 'must be a boolean');
    store.users.set(id, {
      id,
      license: str(u.license, `${at}.license`, true) ?? 'full',
      active: u.active !== false,
      superAdmin: u.superAdmin === true,
      managerId: str(u.managerId, `${at}.managerId`, true),
      attributes: validateAttributes(u.attributes, `${at}.attributes`),
    });
  });
  input.users.forEach((u: Record<string, unknown>, i) => {
    const m = u.managerId as string | undefined;
    if (m === undefined) return;
    if (!store.users.has(m)) failInput(`users[${i}].managerId`, `unknown user "${m}"`);
    const seen = new Set([u.id as string]);
    for (let x: string | undefined = m; x !== undefined; x = store.users.get(x)?.managerId) {
      if (seen.has(x))
        failInput(`users[${i}].managerId`, 'manager chains cannot form a cycle (MODEL D5)');
      seen.add(x);
    }
    store.reports.set(m, (store.reports.get(m) ?? new Set()).add(u.id as string));
  });
  const knownUser = (id: string) => store.users.has(id);
  const groups =
    input.groups === undefined
      ? []
      : Array.isArray(input.groups)
        ? input.groups
        : failInput('groups', 'must be a list');
  groups.forEach((g, i) => {
    const at = `groups[${i}]`;
    if (!isObject(g)) failInput(at, 'must be an object');
    const id = str(g.id, `${at}.id`);
    if (!/^[A-Za-z0-9]+$/.test(id)) failInput(`${at}.id`, 'group names are alphanumeric only');
    if (store.groups.has(id)) failInput(`${at}.id`, `duplicate group "${id}" (MODEL K8)`);
    if (g.rule !== undefined) validateCriteria(g.rule, `${at}.rule`, failInput);
    store.groups.set(id, {
      id,
      members: new Set(ids(g.members, `${at}.members`, knownUser, 'user')),
      rule: g.rule as GroupStateRule,
      systemManaged: g.systemManaged === true,
    });
  });
  for (const b of store.schema.builtins)
    if (!store.deletedBuiltins.has(b.id)) store.bundles.set(b.id, newBundle(store, b.id, b.grants));
  const bundles =
    input.bundles === undefined
      ? []
      : Array.isArray(input.bundles)
        ? input.bundles
        : failInput('bundles', 'must be a list');
  const declared = new Set<string>();
  bundles.forEach((b, i) => {
    const at = `bundles[${i}]`;
    if (!isObject(b)) failInput(at, 'must be an object');
    const id = str(b.id, `${at}.id`);
    if (declared.has(id)) failInput(`${at}.id`, `duplicate bundle "${id}" (MODEL K8)`);
    declared.add(id);
    const grants = validateGrants(store, b.grants, `${at}.grants`);
    if (b.rule !== undefined) validateCriteria(b.rule, `${at}.rule`, failInput);
    ids(b.users, `${at}.users`, knownUser, 'user');
    ids(b.groups, `${at}.groups`, (g) => store.groups.has(g), 'group');
    ids(b.removed, `${at}.removed`, knownUser, 'user');
    ids(b.administrators, `${at}.administrators`, knownUser, 'user');
    if (b.description !== undefined) bundleDescription(b.description, `${at}.description`);
    const state = newBundle(store, id, grants, b as unknown as BundleInput);
    if (state.builtin?.navigationOnly === true && grants.some((g) => g.type !== 'page'))
      failInput(`${at}.grants`, 'this bundle holds page grants only (MODEL N4)');
    store.bundles.set(id, state);
  });
  input.users.forEach((u: Record<string, unknown>, i) => {
    ids(u.roles, `users[${i}].roles`, (r) => store.bundles.has(r), 'bundle').forEach((r) => {
      store.bundles.get(r)!.users.add(u.id as string);
    });
  });
  loadResources(store, input.resources);
  loadRecordTypes(store, input.recordTypes);
  loadDirectGrants(store, input.directGrants);
  loadWatches(store, input); // MODEL W2, W3
}
type GroupStateRule = import('./state.ts').GroupState['rule'];

const sorted = (s: Iterable<string>) => [...s].sort();

/** A user as plain data (a copy): what `toWorld` writes and `model.getUser` returns. */
export function userData(u: UserState) {
  return {
    id: u.id,
    license: u.license,
    active: u.active,
    superAdmin: u.superAdmin,
    ...(u.managerId === undefined ? {} : { managerId: u.managerId }),
    attributes: structuredClone(u.attributes),
  };
}

/** Writes the store back as a plain, JSON-serialisable world that `loadWorld` accepts. */
export function toWorld(store: Store): WorldInput {
  const resources: ResourceInput[] = [];
  for (const byId of store.resources.values())
    for (const n of byId.values()) {
      if (n.system) continue;
      const r: Record<string, unknown> = { type: n.type.name, id: n.id };
      if (n.type.kind === 'asset') {
        r.parent = n.parent?.id ?? HOME;
        if (n.owner !== undefined) r.owner = n.owner;
        r.sharing = n.sharing;
        // Most assets have no shares: no arrays built for them (a checkpoint takes ~55,000).
        if (n.userShares.size > 0 || n.groupShares.size > 0) {
          const shares: Record<string, string>[] = [];
          for (const [user, level] of n.userShares) shares.push({ user, level });
          for (const [group, level] of n.groupShares) shares.push({ group, level });
          r.shares = shares;
        }
      }
      if (n.env !== undefined) r.env = n.env;
      if (n.state !== undefined) r.state = n.state;
      if (n.fields !== undefined) r.fields = structuredClone(n.fields);
      if (n.lookups !== undefined) r.lookups = { ...n.lookups };
      resources.push(r as unknown as ResourceInput);
    }
  const records: RecordTypeInput[] = [...store.recordTypes.values()].map((r) => ({
    type: r.type,
    everyone: r.everyone,
    rules: structuredClone([...r.rules]),
    attributes: attributesWorld(r.attributes),
  }));
  return {
    users: [...store.users.values()].map(userData),
    groups: [...store.groups.values()].map((g) => ({
      id: g.id,
      members: sorted(g.members),
      ...(g.rule === undefined ? {} : { rule: structuredClone(g.rule) }),
      ...(g.systemManaged ? { systemManaged: true } : {}),
    })),
    bundles: [...store.bundles.values()].map((b) => ({
      id: b.id,
      grants: structuredClone([...b.grants]),
      users: sorted(b.users),
      groups: sorted(b.groups),
      ...(b.rule === undefined ? {} : { rule: structuredClone(b.rule) }),
      removed: sorted(b.removed),
      administrators: sorted(b.administrators),
      ...(b.description === undefined ? {} : { description: b.description }),
    })),
    resources,
    recordTypes: records,
    directGrants: directGrantsWorld(store),
    deletedBundles: sorted(store.deletedBuiltins),
    revision: store.revision,
    ...watchesWorld(store),
  };
}
