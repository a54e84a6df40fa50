/**
 * The mutable state of a model, its indexes and per-user caches. Every change
 * goes through the primitives here, which journal an undo step while an
 * operation is in flight (all or nothing, MODEL R4) and invalidate exactly the
 * cached users a change can affect (no full rebuild per change).
 */
import type { Schema } from '../schema/schema.ts';
import {
  type BundleState,
  type DirectGrant,
  type GroupState,
  MAX_ASSET_DEPTH,
  ownChildren,
  ownShares,
  type RecordTypeState,
  type ResourceNode,
  type ShareLevel,
  type UserState,
} from './state.ts';
import type { Watch } from './watches.ts';

/** How a bundle reaches a user (MODEL N7, N8, N5). */
export type Via =
  | { readonly via: 'manual' }
  | { readonly via: 'group'; readonly group: string }
  | { readonly via: 'rule' }
  | { readonly via: 'license' };

/**
 * Told of every asset whose sharing or parent changes, or that is added or removed; reset
 * after a rollback (whose undo steps are not told). The snapshot compiler's shared part.
 */
export interface AssetWatcher {
  touched(node: ResourceNode): void;
  reset(): void;
}

/** A per-user compiled ability that can be marked stale. */
export interface Staleable {
  stale: boolean;
}

const userKey = (id: string) => `u:${id}`;
const groupKey = (id: string) => `g:${id}`;

export class Store {
  readonly users = new Map<string, UserState>();
  readonly groups = new Map<string, GroupState>();
  readonly bundles = new Map<string, BundleState>();
  readonly deletedBuiltins = new Set<string>();
  /** type → id → node */
  readonly resources = new Map<string, Map<string, ResourceNode>>();
  /** Assets of every asset type by id (ids are unique across asset types). */
  readonly assets = new Map<string, ResourceNode>();
  readonly recordTypes = new Map<string, RecordTypeState>();
  /** user id → direct grants on single resources (MODEL N13). */
  readonly directGrants = new Map<string, readonly DirectGrant[]>();
  /** managerId → direct reports (MODEL D5). */
  readonly reports = new Map<string, Set<string>>();
  /** `u:id` / `g:id` → assets shared with that principal; owner id → owned assets. */
  readonly sharedWith = new Map<string, Set<ResourceNode>>();
  readonly ownedBy = new Map<string, Set<ResourceNode>>();
  revision = 0;
  /** MODEL W2: each user's watches, keyed by `watchKey` (not permissions: no cache to touch). */
  readonly watches = new Map<string, ReadonlyMap<string, Watch>>();
  /** MODEL W3: users who unwatched `mine`. */
  readonly mineOff = new Set<string>();
  /** MODEL W3: who last launched each resource (`type\u0000id`). */
  readonly launchedBy = new Map<string, string>();

  /** Caches, keyed by user id. */
  readonly groupsOf = new Map<string, Set<string>>();
  readonly bundlesOf = new Map<string, Map<string, Via[]>>();
  readonly abilities = new Map<string, Staleable>();
  /** Bumped when record sharing settings change: record answers are recomputed. */
  recordEpoch = 0;
  /** Kept informed of asset changes (see {@link AssetWatcher}). */
  assetWatcher: AssetWatcher | undefined;

  private journal: (() => void)[] | undefined;

  constructor(readonly schema: Schema) {
    for (const t of schema.types.values()) this.resources.set(t.name, new Map());
  }

  // ── transactions ──────────────────────────────────────────────────────
  /** Runs `fn`; if it throws, every change it made is undone and the error rethrown. */
  transaction<T>(fn: () => T): T {
    const outer = this.journal;
    const journal: (() => void)[] = [];
    this.journal = journal;
    try {
      const result = fn();
      if (outer !== undefined) outer.push(...journal);
      return result;
    } catch (error) {
      for (let i = journal.length - 1; i >= 0; i--) journal[i]!();
      // A refusal before any change (the common case) leaves every cache valid: nothing to forget.
      if (journal.length > 0) this.resetCaches();
      throw error;
    } finally {
      this.journal = outer;
    }
  }

  private log(undo: () => void): void {
    this.journal?.push(undo);
  }

  // ── primitives (journaled) ────────────────────────────────────────────
  set<O extends object, K extends keyof O>(obj: O, key: K, value: O[K]): boolean {
    const before = obj[key];
    if (Object.is(before, value)) return false;
    obj[key] = value;
    this.log(() => {
      obj[key] = before;
    });
    // Only a resource node has these keys among what the store holds.
    if (key === 'sharing' || key === 'parent')
      this.assetWatcher?.touched(obj as unknown as ResourceNode);
    return true;
  }
  add<V>(set: Set<V>, value: V): boolean {
    if (set.has(value)) return false;
    set.add(value);
    this.log(() => set.delete(value));
    return true;
  }
  delete<V>(set: Set<V>, value: V): boolean {
    if (!set.delete(value)) return false;
    this.log(() => set.add(value));
    return true;
  }
  put<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    this.log(() => (had ? map.set(key, before as V) : map.delete(key)));
  }
  remove<K, V>(map: Map<K, V>, key: K): boolean {
    if (!map.has(key)) return false;
    const before = map.get(key) as V;
    map.delete(key);
    this.log(() => map.set(key, before));
    return true;
  }
  private indexAdd<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
    let set = index.get(key);
    if (set === undefined) {
      set = new Set();
      this.put(index, key, set);
    }
    this.add(set, value);
  }
  private indexDelete<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
    const set = index.get(key);
    if (set !== undefined) this.delete(set, value);
  }

  // ── structural changes that keep indexes in step ─────────────────────
  addUser(u: UserState): void {
    this.put(this.users, u.id, u);
    if (u.managerId !== undefined) this.indexAdd(this.reports, u.managerId, u.id);
  }
  setManager(u: UserState, managerId: string | undefined): void {
    if (u.managerId === managerId) return;
    this.touchUser(u.id);
    if (u.managerId !== undefined) this.indexDelete(this.reports, u.managerId, u.id);
    this.set(u, 'managerId', managerId);
    if (managerId !== undefined) this.indexAdd(this.reports, managerId, u.id);
    this.touchUser(u.id);
  }
  addResource(node: ResourceNode): void {
    this.put(this.resources.get(node.type.name)!, node.id, node);
    if (node.type.kind !== 'asset') return;
    this.assetWatcher?.touched(node);
    this.put(this.assets, node.id, node);
    if (node.parent !== undefined) this.add(ownChildren(node.parent), node);
    if (node.owner !== undefined) this.indexAdd(this.ownedBy, node.owner, node);
    for (const u of node.userShares.keys()) this.indexAdd(this.sharedWith, userKey(u), node);
    for (const g of node.groupShares.keys()) this.indexAdd(this.sharedWith, groupKey(g), node);
    this.touchChain(node);
  }
  /** Removes a resource and its index entries; an asset must have no children. */
  removeResource(node: ResourceNode): void {
    this.touchChain(node);
    this.remove(this.resources.get(node.type.name)!, node.id);
    if (node.type.kind !== 'asset') return;
    this.assetWatcher?.touched(node);
    this.remove(this.assets, node.id);
    if (node.parent !== undefined) this.delete(node.parent.children as Set<ResourceNode>, node);
    if (node.owner !== undefined) this.indexDelete(this.ownedBy, node.owner, node);
    for (const u of node.userShares.keys()) this.indexDelete(this.sharedWith, userKey(u), node);
    for (const g of node.groupShares.keys()) this.indexDelete(this.sharedWith, groupKey(g), node);
  }
  setShare(
    node: ResourceNode,
    principal: 'user' | 'group',
    id: string,
    level: ShareLevel | undefined,
  ): void {
    const key = principal === 'user' ? userKey(id) : groupKey(id);
    if (level === undefined) {
      // Removing from the shared empty map (a node without shares) changes nothing.
      this.remove(
        (principal === 'user' ? node.userShares : node.groupShares) as Map<string, ShareLevel>,
        id,
      );
      this.indexDelete(this.sharedWith, key, node);
    } else {
      this.put(ownShares(node, principal), id, level);
      this.indexAdd(this.sharedWith, key, node);
    }
    this.touchPrincipal(principal, id);
  }
  setParent(node: ResourceNode, parent: ResourceNode): void {
    if (node.parent === parent) return;
    this.touchChain(node);
    if (node.parent !== undefined) this.delete(node.parent.children as Set<ResourceNode>, node);
    this.set(node, 'parent', parent);
    this.add(ownChildren(parent), node);
    this.touchChain(node);
  }

  // ── invalidation ─────────────────────────────────────────────────────
  private staleAbility(userId: string): void {
    const a = this.abilities.get(userId);
    if (a !== undefined) {
      a.stale = true;
      this.abilities.delete(userId);
    }
  }
  /** A user's own data changed: their caches and, for MODEL D5, their managers' abilities. */
  touchUser(userId: string): void {
    this.groupsOf.delete(userId);
    this.bundlesOf.delete(userId);
    this.staleAbility(userId);
    const seen = new Set([userId]);
    for (
      let m = this.users.get(userId)?.managerId;
      m !== undefined && !seen.has(m);
      m = this.users.get(m)?.managerId
    ) {
      seen.add(m);
      this.staleAbility(m);
    }
  }
  /** A bundle's grants changed or it was deleted: every cached user it reaches. */
  touchBundle(bundleId: string): void {
    for (const [u, bundles] of [...this.bundlesOf]) if (bundles.has(bundleId)) this.touchUser(u);
  }
  /** A bundle's groups or rule changed: anyone may have gained or lost it. */
  touchEveryone(): void {
    for (const u of [...this.bundlesOf.keys(), ...this.abilities.keys()]) this.touchUser(u);
  }
  /** A user or a group gained or lost a share. */
  touchPrincipal(kind: 'user' | 'group', id: string): void {
    if (kind === 'user') {
      this.staleAbility(id);
      return;
    }
    for (const [u, groups] of [...this.groupsOf]) if (groups.has(id)) this.staleAbility(u);
  }
  /** The asset tree changed around `node`: everyone with direct access to one of its ancestors. */
  touchChain(node: ResourceNode): void {
    for (
      let n: ResourceNode | undefined = node, i = 0;
      n !== undefined && i < MAX_ASSET_DEPTH;
      n = n.parent, i++
    ) {
      if (n.owner !== undefined) this.staleAbility(n.owner);
      for (const u of n.userShares.keys()) this.staleAbility(u);
      for (const g of n.groupShares.keys()) this.touchPrincipal('group', g);
    }
  }
  /** Record sharing settings changed. */
  touchRecords(): void {
    this.recordEpoch++;
  }
  /** Drops every cache (after a rollback). */
  resetCaches(): void {
    for (const a of this.abilities.values()) a.stale = true;
    this.abilities.clear();
    this.groupsOf.clear();
    this.bundlesOf.clear();
    this.recordEpoch++;
    this.assetWatcher?.reset();
  }
}
