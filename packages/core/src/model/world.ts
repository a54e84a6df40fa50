/**
 * Loading a world (validated, with JSON paths in errors) into a store, and
 * writing it back as a plain JSON-serialisable `WorldInput` that round-trips.
 */
import { validateAdvice, validateCriteria } from '../schema/criteria.ts';
import { isObject } from '../schema/is-object.ts';
import { validateGrant } from '../schema/schema.ts';
import type { Grant } from '../schema/types.ts';
import { attributesWorld, loadAttributes } from './attributes.ts';
import { directGrantsWorld, loadDirectGrants } from './direct-grants.ts';
import { failInput, itemPath, loops, str, strAt, strings } from './input-checks.ts';
import { loadResources, makeNode } from './load-resources.ts';
import {
  type BundleInput,
  type BundleState,
  HOME,
  type RecordTypeInput,
  type ResourceInput,
  type ResourceNode,
  type SharingRule,
  type UserState,
  type WorldInput,
} from './state.ts';
import type { Store } from './store.ts';
import { loadWatches, watchesWorld } from './watches.ts';

/** Throws `InvalidInputError` naming the JSON path of the input that fails. */
export { failInput };

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

/** Validates a user attribute map. */
export function validateAttributes(
  v: unknown,
  path: string,
): Record<string, UserState['attributes'][string]> {
  if (v === undefined) return {};
  if (!isObject(v)) failInput(path, 'must be an object');
  for (const k of Object.keys(v)) {
    const x = v[k];
    const t = typeof x;
    const ok =
      t === 'string' || t === 'number' || t === 'boolean' || (Array.isArray(x) && strings(x));
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
  // JSON paths are built only for an error: no strings per user.
  input.users.forEach((u, i) => {
    if (!isObject(u)) failInput(itemPath('users', i), 'must be an object');
    const id = strAt(u.id, 'users', i, 'id');
    if (store.users.has(id))
      failInput(itemPath('users', i, 'id'), `duplicate user "${id}" (MODEL K8)`);
    if (u.active !== undefined && typeof u.active !== 'boolean')
      failInput(itemPath('users', i, 'active'), 'must be a boolean');
    if (u.superAdmin !== undefined && typeof u.superAdmin !== 'boolean')
      failInput(itemPath('users', i, 'superAdmin'), 'must be a boolean');
    store.users.set(id, {
      id,
      license: strAt(u.license, 'users', i, 'license', true) ?? 'full',
      active: u.active !== false,
      superAdmin: u.superAdmin === true,
      managerId: strAt(u.managerId, 'users', i, 'managerId', true),
      attributes:
        u.attributes === undefined
          ? {}
          : validateAttributes(u.attributes, itemPath('users', i, 'attributes')),
    });
  });
  const managerOf = (id: string) => store.users.get(id)?.managerId;
  input.users.forEach((u: Record<string, unknown>, i) => {
    const m = u.managerId as string | undefined;
    if (m === undefined) return;
    if (!store.users.has(m)) failInput(itemPath('users', i, 'managerId'), `unknown user "${m}"`);
    if (loops(u.id as string, managerOf))
      failInput(itemPath('users', i, 'managerId'), 'manager chains cannot form a cycle (MODEL D5)');
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
  const knownBundle = (id: string) => store.bundles.has(id);
  input.users.forEach((u: Record<string, unknown>, i) => {
    if (u.roles === undefined) return;
    for (const r of ids(u.roles, itemPath('users', i, 'roles'), knownBundle, 'bundle'))
      store.bundles.get(r)!.users.add(u.id as string);
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
