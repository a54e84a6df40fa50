/**
 * What every user's snapshot shares (MODEL A2, A4, A5): the system folders, the public
 * assets and the parent links below them. Kept current incrementally: the store tells it
 * which assets changed (sharing, parent, added, removed), and only those assets and the
 * assets below them are filed again; only the id sets they touched are encoded again.
 * A rollback resets it, and the next compile files every asset from scratch.
 */
import { isPublic, MAX_ASSET_DEPTH, type ResourceNode } from '../model/state.ts';
import type { AssetWatcher, Store } from '../model/store.ts';
import { entry } from './collect.ts';
import { frontCode, type IdSet } from './format.ts';

/** A sorted list of ids (kept sorted by binary search) and its front-coded form, cached. */
class SortedIds {
  readonly ids: string[] = [];
  private coded: IdSet | undefined;
  private at(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  add(id: string): void {
    const i = this.at(id);
    if (this.ids[i] === id) return;
    this.ids.splice(i, 0, id);
    this.coded = undefined;
  }
  delete(id: string): void {
    const i = this.at(id);
    if (this.ids[i] !== id) return;
    this.ids.splice(i, 1);
    this.coded = undefined;
  }
  encode(): IdSet {
    this.coded ??= frontCode(this.ids);
    return this.coded;
  }
}

/** Ids filed per type and key (a public level, a parent folder), with the types changed since the last publish. */
class Filing {
  /** node → the key it is filed under. */
  private readonly of = new Map<ResourceNode, string>();
  private readonly sets = new Map<string, Map<string, SortedIds>>();
  private readonly changed = new Set<string>();
  /** Per type: key → front-coded ids, keys sorted. Replaced, never mutated: snapshots hold them. */
  readonly out = new Map<string, Readonly<Record<string, IdSet>>>();

  has(node: ResourceNode): boolean {
    return this.of.has(node);
  }
  file(node: ResourceNode, key: string | undefined): void {
    const old = this.of.get(node);
    if (old === key) return;
    const type = node.type.name;
    if (old !== undefined) {
      this.sets.get(type)!.get(old)!.delete(node.id);
      this.of.delete(node);
    }
    if (key !== undefined) {
      entry(
        entry(this.sets, type, () => new Map()),
        key,
        () => new SortedIds(),
      ).add(node.id);
      this.of.set(node, key);
    }
    this.changed.add(type);
  }
  clear(): void {
    for (const t of this.out.keys()) this.changed.add(t);
    this.of.clear();
    this.sets.clear();
  }
  publish(): void {
    for (const type of this.changed) {
      const byKey = this.sets.get(type);
      const rec: Record<string, IdSet> = {};
      if (byKey !== undefined) {
        for (const [k, ids] of byKey) if (ids.ids.length === 0) byKey.delete(k);
        for (const k of [...byKey.keys()].sort()) rec[k] = byKey.get(k)!.encode();
      }
      if (byKey === undefined || byKey.size === 0) this.out.delete(type);
      else this.out.set(type, rec);
    }
    this.changed.clear();
  }
}

/** The part of every snapshot that is the same for every user of one store. */
export class SharedAssets implements AssetWatcher {
  private readonly dirty = new Set<ResourceNode>();
  private all = true;
  private readonly systemNodes = new Set<ResourceNode>();
  private systemChanged = false;
  private readonly public = new Filing();
  private readonly link = new Filing();
  /** Per type: the system folders' ids, sorted. */
  readonly systems = new Map<string, readonly string[]>();

  constructor(private readonly store: Store) {}

  /** Per type: public level → ids (MODEL A2). */
  get publics(): ReadonlyMap<string, Readonly<Record<string, IdSet>>> {
    return this.public.out;
  }
  /** Per type: parent folder id → ids of the assets below a public asset (MODEL A4). */
  get links(): ReadonlyMap<string, Readonly<Record<string, IdSet>>> {
    return this.link.out;
  }
  /** Whether an asset's parent link is among `links`. */
  linked(node: ResourceNode): boolean {
    return this.link.has(node);
  }

  touched(node: ResourceNode): void {
    if (!this.all) this.dirty.add(node);
  }
  reset(): void {
    this.all = true;
    this.dirty.clear();
  }

  /** Files what changed since the last call (everything after a reset) and encodes what it touched. */
  refresh(): this {
    const store = this.store;
    if (this.all) {
      this.all = false;
      this.systemNodes.clear();
      this.systemChanged = true;
      this.public.clear();
      this.link.clear();
      for (const n of store.assets.values()) this.file(n, true);
    } else if (this.dirty.size > 0) {
      // Removed assets first: an id removed and created again names a new node.
      const present = (n: ResourceNode) => store.assets.get(n.id) === n;
      for (const n of this.dirty) if (!present(n)) this.file(n, false);
      for (const n of this.dirty) if (present(n)) this.fileBelow(n, 0);
      this.dirty.clear();
    } else return this;
    this.public.publish();
    this.link.publish();
    if (this.systemChanged) {
      this.systemChanged = false;
      const byType = new Map<string, string[]>();
      for (const n of this.systemNodes) entry(byType, n.type.name, () => []).push(n.id);
      this.systems.clear();
      for (const [type, ids] of byType) this.systems.set(type, ids.sort());
    }
    return this;
  }

  /** Files `node` and, as their links depend on it, every asset below it. */
  private fileBelow(node: ResourceNode, depth: number): void {
    this.file(node, true);
    if (node.system || depth >= MAX_ASSET_DEPTH) return;
    for (const c of node.children) if (!c.system) this.fileBelow(c, depth + 1);
  }

  private file(n: ResourceNode, present: boolean): void {
    const live = present && !n.system;
    if (present && n.system) {
      if (!this.systemNodes.has(n)) this.systemChanged = true;
      this.systemNodes.add(n);
    } else if (this.systemNodes.delete(n)) this.systemChanged = true;
    this.public.file(n, live && isPublic(n.sharing) ? n.sharing : undefined);
    this.link.file(n, live && n.parent !== undefined && publicAbove(n) ? n.parent.id : undefined);
  }
}

/** Whether a public asset sits above `node`, below the system folders (MODEL A2, A4, A5). */
function publicAbove(node: ResourceNode): boolean {
  for (
    let p = node.parent, d = 0;
    p !== undefined && !p.system && d < MAX_ASSET_DEPTH;
    p = p.parent, d++
  )
    if (isPublic(p.sharing)) return true;
  return false;
}

const cache = new WeakMap<Store, SharedAssets>();

/** The shared part of the snapshots of `store`, brought up to date. */
export function sharedAssets(store: Store): SharedAssets {
  let shared = cache.get(store);
  if (shared === undefined) {
    shared = new SharedAssets(store);
    cache.set(store, shared);
    store.assetWatcher = shared;
  }
  return shared.refresh();
}
