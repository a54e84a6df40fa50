/**
 * Loading a world's resources (MODEL A4, A5, K8): nodes, their parents and shares, validated
 * with the JSON path of a failing item.
 */
import { isObject } from '../schema/is-object.ts';
import { failInput, itemPath, loops, str, strAt } from './input-checks.ts';
import {
  folderDepth,
  HOME,
  MAX_FOLDER_DEPTH,
  NO_CHILDREN,
  NO_SHARES,
  ownChildren,
  type ResourceInput,
  type ResourceNode,
  SHARE_LEVELS,
  SHARINGS,
  type ShareLevel,
  type Sharing,
  UNCATEGORIZED,
} from './state.ts';
import type { Store } from './store.ts';

/** Shares of one kind as a map; the shared empty map when there are none (most assets). */
function sharesOf(
  shares: ResourceInput['shares'],
  kind: 'user' | 'group',
): ReadonlyMap<string, ShareLevel> {
  if (shares === undefined) return NO_SHARES;
  let map: Map<string, ShareLevel> | undefined;
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i]!;
    const id = s[kind];
    if (id === undefined) continue;
    map ??= new Map();
    map.set(id, s.level);
  }
  return map ?? NO_SHARES;
}

/** A node for `r` (validated), with no parent yet. */
export function makeNode(store: Store, r: ResourceInput, system = false): ResourceNode {
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

const parentOf = (n: ResourceNode) => n.parent;

/** Fields only assets have. */
const ASSET_FIELDS = ['parent', 'owner', 'sharing', 'shares'] as const;

/**
 * Loads `resources`. Nothing per item but the node and its index entries is allocated: JSON
 * paths are built only for an error (from the item's index), assets waiting for their parent
 * sit in parallel arrays, and cycles are found without a set of visited folders.
 */
export function loadResources(store: Store, list: unknown): void {
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
  // Assets, the id of their parent and their index in the list, side by side, in list order.
  const assets: ResourceNode[] = [];
  const parentIds: string[] = [];
  const indexes: number[] = [];
  list.forEach((r, i) => {
    if (!isObject(r)) failInput(itemPath('resources', i), 'must be an object');
    const type = store.schema.types.get(strAt(r.type, 'resources', i, 'type'));
    if (type === undefined || type.kind === 'page')
      failInput(
        itemPath('resources', i, 'type'),
        `unknown resource type ${JSON.stringify(r.type)}`,
      );
    const id = strAt(r.id, 'resources', i, 'id');
    if (store.resources.get(type.name)!.has(id) || (type.kind === 'asset' && store.assets.has(id)))
      failInput(itemPath('resources', i, 'id'), `duplicate ${type.name} "${id}" (MODEL K8)`);
    const env = strAt(r.env, 'resources', i, 'env', true);
    if (env !== undefined && type.environments !== undefined && !type.environments.has(env))
      failInput(itemPath('resources', i, 'env'), `"${env}" is not an environment of ${type.name}`);
    strAt(r.state, 'resources', i, 'state', true);
    if (r.fields !== undefined && !isObject(r.fields))
      failInput(itemPath('resources', i, 'fields'), 'must be an object');
    if (r.lookups !== undefined) validateLookups(store, r.lookups, i);
    if (type.kind !== 'asset') {
      for (const k of ASSET_FIELDS)
        if (r[k] !== undefined) failInput(itemPath('resources', i, k), `only assets have ${k}`);
    } else {
      if (r.owner !== undefined && !store.users.has(strAt(r.owner, 'resources', i, 'owner')))
        failInput(itemPath('resources', i, 'owner'), `unknown user "${r.owner}"`);
      if (r.sharing !== undefined && !SHARINGS.includes(r.sharing as Sharing))
        failInput(itemPath('resources', i, 'sharing'), `must be one of ${SHARINGS.join(', ')}`);
      if (r.shares !== undefined) {
        if (!Array.isArray(r.shares))
          failInput(itemPath('resources', i, 'shares'), 'must be a list');
        for (let j = 0; j < r.shares.length; j++) validateShare(store, r.shares[j], i, j);
      }
    }
    const node = makeNode(store, r as unknown as ResourceInput);
    if (type.kind === 'asset') {
      assets.push(node);
      parentIds.push(strAt(r.parent, 'resources', i, 'parent', true) ?? HOME);
      indexes.push(i);
    }
    store.addResource(node);
  });
  for (let a = 0; a < assets.length; a++) {
    const node = assets[a]!;
    const parent = store.assets.get(parentIds[a]!);
    if (store.schema.folderType === undefined)
      failInput(
        itemPath('resources', indexes[a]!),
        `${node.type.name} "${node.id}" is an asset, and assets live in folders (Home by default, MODEL A4), but the schema has no folder type: add types.folder = { kind: 'asset', actions: ['view', 'share', 'edit', 'admin'] } to the schema`,
      );
    if (parent === undefined || !parent.type.container)
      failInput(itemPath('resources', indexes[a]!, 'parent'), `unknown folder "${parentIds[a]}"`);
    node.parent = parent;
    ownChildren(parent).add(node);
  }
  for (let a = 0; a < assets.length; a++) {
    const node = assets[a]!;
    if (loops(node, parentOf))
      failInput(
        itemPath('resources', indexes[a]!, 'parent'),
        `folders form a cycle at "${node.id}" (MODEL A4)`,
      );
    if (node.type.container && folderDepth(node) > MAX_FOLDER_DEPTH)
      failInput(
        itemPath('resources', indexes[a]!, 'parent'),
        `folders nest at most ${MAX_FOLDER_DEPTH} levels deep, Home included (MODEL A4)`,
      );
  }
}

/** Validates the lookups of `resources[i]`: record type → record id. */
function validateLookups(store: Store, lookups: unknown, i: number): void {
  if (!isObject(lookups))
    failInput(itemPath('resources', i, 'lookups'), 'must map record types to ids');
  for (const k of Object.keys(lookups)) {
    if (store.schema.types.get(k)?.kind !== 'record')
      failInput(`${itemPath('resources', i, 'lookups')}.${k}`, `"${k}" is not a record type`);
    str(lookups[k], `${itemPath('resources', i, 'lookups')}.${k}`);
  }
}

/** The JSON path of `resources[i].shares[j]` or of its field `key` (for an error). */
const sharePath = (i: number, j: number, key?: string): string =>
  `${itemPath('resources', i, 'shares')}[${j}]${key === undefined ? '' : `.${key}`}`;

/** Validates `resources[i].shares[j]`. */
function validateShare(store: Store, s: unknown, i: number, j: number): void {
  if (!isObject(s)) failInput(sharePath(i, j), 'a share must be an object');
  if ((s.user === undefined) === (s.group === undefined))
    failInput(sharePath(i, j), 'a share names exactly one of user, group');
  if (s.user !== undefined && !store.users.has(s.user as string))
    failInput(sharePath(i, j, 'user'), `unknown user ${JSON.stringify(s.user)}`);
  if (s.group !== undefined && !store.groups.has(s.group as string))
    failInput(sharePath(i, j, 'group'), `unknown group ${JSON.stringify(s.group)}`);
  if (!SHARE_LEVELS.includes(s.level as ShareLevel))
    failInput(sharePath(i, j, 'level'), `must be one of ${SHARE_LEVELS.join(', ')}`);
}
