/**
 * The plain data of a world: users, groups, bundles, resources and record-type
 * sharing settings, as they come in (`WorldInput`) and as the model holds them.
 */

import type { Advice } from '../schema/criteria.ts';
import type { CompiledBuiltin, CompiledType } from '../schema/schema.ts';
import type { Criteria, Grant } from '../schema/types.ts';

/** A user's license (MODEL N5–N7). */
export type License = (typeof LICENSES)[number] | (string & {});
/** The licenses a user may hold (MODEL N5–N7). */
export const LICENSES = ['full', 'viewer', 'viewer-analytics'] as const;
/** A user attribute value. */
export type AttrValue = string | number | boolean | readonly string[];
/** The levels of a specific share (MODEL A1), weakest first; an owner holds `admin`. */
export const SHARE_LEVELS = ['view', 'view-edit', 'view-share', 'admin'] as const;
/** Level of a specific share (MODEL A1). */
export type ShareLevel = (typeof SHARE_LEVELS)[number];
/** The sharing levels of an asset (MODEL A1, A2); a literal, so that bundles drop it unused. */
export const SHARINGS = [
  'private',
  'public-view',
  'public-view-share',
  'public-view-edit',
  'specific',
] as const;
/** Sharing level of an asset (MODEL A1). */
export type Sharing = (typeof SHARINGS)[number];
/** The public sharing levels (MODEL A2), in the order of a snapshot's `pb`. */
export const PUBLIC_LEVELS = [
  'public-view',
  'public-view-share',
  'public-view-edit',
] as const satisfies readonly Sharing[];
/** A public sharing level (MODEL A2). */
export type PublicLevel = (typeof PUBLIC_LEVELS)[number];
/** Whether a sharing level is public (MODEL A2). */
export const isPublic = (sharing: Sharing): sharing is PublicLevel =>
  sharing !== 'private' && sharing !== 'specific';

/** A user as a world declares it. */
export interface UserInput {
  readonly id: string;
  readonly license?: License;
  readonly active?: boolean;
  readonly superAdmin?: boolean;
  readonly managerId?: string;
  readonly attributes?: Readonly<Record<string, AttrValue>>;
  /** Bundles the user is assigned to by hand. */
  readonly roles?: readonly string[];
}
/** A group as a world declares it. */
export interface GroupInput {
  readonly id: string;
  readonly members?: readonly string[];
  readonly rule?: Criteria;
  readonly systemManaged?: boolean;
}
/** A bundle (role) as a world declares it. */
export interface BundleInput {
  readonly id: string;
  readonly grants: readonly Grant[];
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
  readonly rule?: Criteria;
  /** Users removed by hand (MODEL N8). */
  readonly removed?: readonly string[];
  readonly administrators?: readonly string[];
  /** What the bundle is for, shown to admins (at most 500 characters). */
  readonly description?: string;
}
/** A specific share of an asset. */
export interface ShareInput {
  readonly user?: string;
  readonly group?: string;
  readonly level: ShareLevel;
}
/** A resource (asset, record or plain resource). */
export interface ResourceInput {
  readonly type: string;
  readonly id: string;
  readonly parent?: string;
  readonly owner?: string;
  readonly sharing?: Sharing;
  readonly shares?: readonly ShareInput[];
  readonly env?: string;
  readonly state?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly lookups?: Readonly<Record<string, string>>;
}
/** The actions of a sharing rule (MODEL D3). */
export const RULE_ACTIONS = ['read', 'write'] as const;
/** A data sharing rule (MODEL D3). */
export interface SharingRule {
  readonly id: string;
  readonly actions: readonly (typeof RULE_ACTIONS)[number][];
  readonly criteria?: Criteria;
  readonly advice?: readonly Advice[];
}
/** Where a permission attribute's values come from (MODEL D11): the user (criteria) or the record (advice). */
export const ATTRIBUTE_SOURCES = ['user', 'resource'] as const;
/** Where a permission attribute's values come from (MODEL D11). */
export type AttributeSource = (typeof ATTRIBUTE_SOURCES)[number];
/** A permission attribute of a record type (MODEL D11). */
export interface AttributeInput {
  readonly name: string;
  readonly source: AttributeSource;
}
/** Sharing settings of a record type (MODEL D1–D3, D6, D11). */
export interface RecordTypeInput {
  readonly type: string;
  readonly everyone: boolean;
  readonly rules?: readonly SharingRule[];
  /** Permission attributes (MODEL D6, D11); a bare name is a user attribute. */
  readonly attributes?: readonly (AttributeInput | string)[];
}
/** A direct grant on one resource (MODEL N13, `grantOn`). */
export interface DirectGrantInput {
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly actions: readonly string[];
}
/** A whole world: the scenario shape of FORMAT.md, plus what `toWorld` needs to round-trip. */
export interface WorldInput {
  readonly users: readonly UserInput[];
  readonly groups?: readonly GroupInput[];
  readonly bundles?: readonly BundleInput[];
  readonly resources?: readonly ResourceInput[];
  readonly recordTypes?: readonly RecordTypeInput[];
  /** Direct grants on single resources (MODEL N13). */
  readonly directGrants?: readonly DirectGrantInput[];
  /** Built-in bundles an administrator deleted. */
  readonly deletedBundles?: readonly string[];
  /** The revision the world was saved at. */
  /** MODEL W2: users' watches. */
  readonly watches?: readonly import('./watches.ts').WatchInput[];
  /** MODEL W3: users who unwatched `mine`. */
  readonly unwatchedMine?: readonly string[];
  /** MODEL W3: who last launched each resource. */
  readonly launchedBy?: readonly import('./watches.ts').LaunchInput[];
  readonly revision?: number;
}

/** A user held by the model. */
export interface UserState {
  readonly id: string;
  license: License;
  active: boolean;
  superAdmin: boolean;
  managerId: string | undefined;
  attributes: Record<string, AttrValue>;
}
/** A group held by the model. */
export interface GroupState {
  readonly id: string;
  readonly members: Set<string>;
  readonly rule: Criteria | undefined;
  readonly systemManaged: boolean;
}
/** A bundle held by the model. */
export interface BundleState {
  readonly id: string;
  grants: readonly Grant[];
  readonly users: Set<string>;
  readonly groups: Set<string>;
  readonly rule: Criteria | undefined;
  readonly removed: Set<string>;
  readonly administrators: Set<string>;
  readonly builtin: CompiledBuiltin | undefined;
  /** What the bundle is for (set by `createBundle` / `editBundle`). */
  readonly description: string | undefined;
}
/** A resource held by the model; asset fields are used for asset types only. */
export interface ResourceNode {
  readonly type: CompiledType;
  readonly id: string;
  readonly env: string | undefined;
  state: string | undefined;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
  readonly lookups: Readonly<Record<string, string>> | undefined;
  owner: string | undefined;
  sharing: Sharing;
  /**
   * Shares by user and by group, and the assets in a folder: most assets have none, so
   * they start as the shared empty collections below and `Store` gives a node its own
   * on the first write (a `Map` and a `Set` cost ~180 and ~150 bytes even empty).
   */
  userShares: ReadonlyMap<string, ShareLevel>;
  groupShares: ReadonlyMap<string, ShareLevel>;
  parent: ResourceNode | undefined;
  children: ReadonlySet<ResourceNode>;
  /** Home and Uncategorized (MODEL A5). */
  readonly system: boolean;
}
/** A map that refuses writes: the one empty map every node without shares points at. */
class EmptyMap<K, V> extends Map<K, V> {
  override set(): never {
    throw new TypeError('a shared empty map is never written (Store copies it first)');
  }
}
/** A set that refuses writes: the one empty set every node without children points at. */
class EmptySet<V> extends Set<V> {
  override add(): never {
    throw new TypeError('a shared empty set is never written (Store copies it first)');
  }
}
/** The shares of every node that has none. */
// pure: a bundle that reads only the level lists of this module (the browser client) drops them
export const NO_SHARES: ReadonlyMap<string, ShareLevel> = /* @__PURE__ */ new EmptyMap();
/** The children of every node that has none. */
export const NO_CHILDREN: ReadonlySet<ResourceNode> = /* @__PURE__ */ new EmptySet();
/** The node's own shares map of one kind, writable (replacing the shared empty one). */
export function ownShares(node: ResourceNode, kind: 'user' | 'group'): Map<string, ShareLevel> {
  const key = kind === 'user' ? 'userShares' : 'groupShares';
  if (node[key] === NO_SHARES) node[key] = new Map();
  return node[key] as Map<string, ShareLevel>;
}
/** The node's own children set, writable (replacing the shared empty one). */
export function ownChildren(node: ResourceNode): Set<ResourceNode> {
  if (node.children === NO_CHILDREN) node.children = new Set();
  return node.children as Set<ResourceNode>;
}
/** Sharing settings held by the model. */
export interface RecordTypeState {
  readonly type: string;
  everyone: boolean;
  rules: readonly SharingRule[];
  /** Permission attributes by name (MODEL D6, D11). */
  readonly attributes: Map<string, AttributeSource>;
}
/** A user's direct grant on one resource (MODEL N13); replaced, never mutated. */
export interface DirectGrant {
  readonly type: string;
  readonly id: string;
  readonly actions: readonly string[];
}

/** The two system folders (MODEL A5). */
export const HOME = 'home';
export const UNCATEGORIZED = 'uncategorized';
/** MODEL A4: Home > folder > sub-folder. */
export const MAX_FOLDER_DEPTH = 3;
/**
 * How deep an asset can sit, Home counted: a dashboard in the deepest folder (MODEL A4).
 * Every walk up or down the folder tree stops there, which also ends any cycle.
 */
export const MAX_ASSET_DEPTH = MAX_FOLDER_DEPTH + 1;
/** MODEL A10: at most 50 assets per move. */
export const MAX_MOVE = 50;
/** MODEL D6: at most 20 permission attributes per record type. */
export const MAX_PERMISSION_ATTRIBUTES = 20;

/** How deep a folder sits: Home and Uncategorized are 1 (MODEL A4). */
export function folderDepth(node: ResourceNode): number {
  let d = 1;
  for (let n = node; n.parent !== undefined && d <= MAX_ASSET_DEPTH; n = n.parent) d++;
  return d;
}

/** Levels of folders below a folder (0 when it holds no folder). */
export function folderHeight(node: ResourceNode): number {
  let h = 0;
  for (const c of node.children) if (c.type.container) h = Math.max(h, 1 + folderHeight(c));
  return h;
}

/** Ancestors of an asset, nearest first, stopping before the system folders (MODEL A4, A5). */
export function* assetChain(node: ResourceNode): Generator<ResourceNode> {
  let steps = 0;
  for (
    let n: ResourceNode | undefined = node;
    n !== undefined && !n.system && steps++ < MAX_ASSET_DEPTH;
    n = n.parent
  )
    yield n;
}
