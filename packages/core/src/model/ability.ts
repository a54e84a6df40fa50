/**
 * The per-user compiled checker (like a CASL Ability): bitmasks per type and
 * per resource, so a check is a couple of Map lookups and a bit test, with no
 * string building. Rare shapes (environments, conditions, public assets,
 * records) take the slow path, still without allocation in the common case.
 */
import { adviceMet, holds, matches, type Subject } from '../schema/criteria.ts';
import type { CompiledType } from '../schema/schema.ts';
import type { Condition, ResourceRef } from '../schema/types.ts';
import { directMasks } from './direct-grants.ts';
import {
  bundleGrants,
  type Cap,
  capData,
  capOf,
  levelMask,
  type MaskGrant,
  mapMask,
  userGrants,
} from './grants.ts';
import { activeReports, bundlesOf, groupsOf, subjectOf } from './membership.ts';
import {
  assetChain,
  isPublic,
  MAX_ASSET_DEPTH,
  type ResourceNode,
  type SharingRule,
  type UserState,
} from './state.ts';
import type { Staleable, Store, Via } from './store.ts';

interface Extra {
  readonly id: string | undefined;
  readonly env: readonly string[] | undefined;
  readonly mask: number;
  readonly when: Condition | undefined;
}

/** Grants of one user on one type. */
export interface TypeGrants {
  readonly info: CompiledType;
  readonly bits: Readonly<Record<string, number>>;
  /** Unconditional, environment-free type-level actions: they cover every resource. */
  typeMask: number;
  ids: Map<string, number> | undefined;
  envType: Map<string, number> | undefined;
  extra: Extra[] | undefined;
  /** Whether anything beyond `typeMask` and `ids` can grant on this type. */
  slow: boolean;
}

/** A bundle that reaches a user: how (the first way), and its grants closed and capped. */
export interface BundleReach {
  readonly bundle: string;
  readonly via: Via;
  readonly grants: readonly MaskGrant[];
}

/** A sharing rule that reaches a user, directly or through a report (MODEL D5). */
export interface RuleReach {
  readonly rule: SharingRule;
  readonly mask: number;
  readonly via: string;
}

/**
 * Reads a field of a resource: a stored one's own data only (MODEL K10: known data wins, so a
 * field it lacks stays missing whatever the check passed); otherwise what the check passed.
 */
export function fieldReader(
  node: ResourceNode | undefined,
  r: ResourceRef,
): (f: string) => unknown {
  return (f) => {
    if (node !== undefined) {
      // The model's own properties win over same-named data fields: after a transition the
      // lifecycle state is the truth, whatever `fields.state` was seeded with (MODEL E2).
      if (f === 'state' || f === 'env' || f === 'id' || f === 'owner') {
        const own = node[f as 'state'];
        if (own !== undefined) return own;
      }
      return node.fields?.[f];
    }
    if (f === 'id') return r.id;
    if (f === 'env') return r.env;
    return r.fields?.[f];
  };
}

export class Ability implements Staleable {
  stale = false;
  readonly byType = new Map<string, TypeGrants>();
  readonly cap: Cap | undefined;
  private recordEpoch = -1;
  private readonly rules = new Map<string, RuleReach[]>();
  private subjectCache: Subject | undefined;
  private reachCache: BundleReach[] | undefined;
  /** Page navigation answers; valid as long as this ability (it is rebuilt when grants change). */
  private readonly pageMemo = new Map<string, boolean>();

  constructor(
    readonly store: Store,
    readonly user: UserState | undefined,
  ) {
    this.cap = user === undefined || !user.active ? undefined : capOf(store, user);
    if (user === undefined || !user.active) return; // MODEL K1, K7: nothing passes
    const schema = store.schema;
    for (const t of schema.types.values())
      this.byType.set(t.name, {
        info: t,
        bits: t.bitOf,
        typeMask: user.superAdmin ? t.full : 0, // MODEL K3
        ids: undefined,
        envType: undefined,
        extra: undefined,
        slow: !user.superAdmin && (t.kind === 'asset' || t.kind === 'record'),
      });
    if (user.superAdmin) return;
    for (const g of userGrants(store, user)) {
      const tg = this.byType.get(g.type.name)!;
      if (g.when !== undefined || (g.env !== undefined && g.id !== undefined)) {
        tg.extra ??= [];
        tg.extra.push({ id: g.id, env: g.env, mask: g.mask, when: g.when });
        tg.slow = true;
      } else if (g.env !== undefined) {
        tg.envType ??= new Map();
        for (const e of g.env) tg.envType.set(e, (tg.envType.get(e) ?? 0) | g.mask);
        tg.slow = true;
      } else if (g.id === undefined) tg.typeMask |= g.mask;
      else this.addId(tg, g.id, g.mask);
    }
    // MODEL N13: direct grants on single resources (never a type-level check, K5).
    for (const g of directMasks(store, user, this.cap))
      this.addId(this.byType.get(g.type.name)!, g.id, g.mask);
    this.compileAssets(user);
  }

  /** MODEL N5a: what this user's license cap lets through of `mask` on `type`. */
  capped(type: CompiledType, mask: number): number {
    return capData(this.store.schema, this.cap, type, mask);
  }

  private addId(tg: TypeGrants, id: string, mask: number): void {
    tg.ids ??= new Map();
    tg.ids.set(id, (tg.ids.get(id) ?? 0) | mask);
  }

  /** Owner and specific shares, expanded down the folder tree (MODEL A3, A4, N5a). */
  private compileAssets(user: UserState): void {
    const s = this.store;
    const direct: [ResourceNode, number][] = [];
    for (const n of s.ownedBy.get(user.id) ?? [])
      direct.push([n, levelMask(s.schema, n.type, 'owner')]);
    for (const n of s.sharedWith.get(`u:${user.id}`) ?? [])
      direct.push([n, levelMask(s.schema, n.type, n.userShares.get(user.id)!)]);
    for (const g of groupsOf(s, user))
      for (const n of s.sharedWith.get(`g:${g}`) ?? [])
        direct.push([n, levelMask(s.schema, n.type, n.groupShares.get(g)!)]);
    for (const [node, mask] of direct) this.expand(node, mask, 0);
  }

  private expand(node: ResourceNode, mask: number, depth: number): void {
    if (node.system || depth >= MAX_ASSET_DEPTH) return;
    const tg = this.byType.get(node.type.name)!;
    const m = this.capped(node.type, mask);
    if (m !== 0) this.addId(tg, node.id, m);
    for (const c of node.children)
      this.expand(c, mapMask(this.store.schema, node.type, c.type, mask), depth + 1);
  }

  /** MODEL K1–K5, E1, R2, A1–A5, D1–D5: may this user perform `action` on `r`? Never throws. */
  check(action: string, r: ResourceRef): boolean {
    const tg = this.byType.get(r.type);
    if (tg === undefined) return false;
    const bit = tg.bits[action];
    if (typeof bit !== 'number') return false; // also rejects prototype keys such as toString
    if ((tg.typeMask & bit) !== 0) return true;
    const id = r.id;
    if (id !== undefined && tg.ids !== undefined) {
      const m = tg.ids.get(id);
      if (m !== undefined && (m & bit) !== 0) return true;
    }
    return tg.slow && this.slowCheck(tg, bit, r);
  }

  /** The actions this user holds on `r`, as a mask of its type. */
  mask(r: ResourceRef): number {
    const tg = this.byType.get(r.type);
    if (tg === undefined) return 0;
    let m = 0;
    tg.info.actions.forEach((name, i) => {
      if (this.check(name, r)) m |= 1 << i;
    });
    return m;
  }

  subject(): Subject {
    this.subjectCache ??= subjectOf(this.store, this.user!);
    return this.subjectCache;
  }

  /** The bundles that reach this user, how, and their grants closed and capped (for explanations). */
  bundleReach(): readonly BundleReach[] {
    if (this.reachCache === undefined) {
      this.reachCache = [];
      if (this.user !== undefined)
        for (const [bundle, vias] of bundlesOf(this.store, this.user)) {
          const b = this.store.bundles.get(bundle);
          if (b !== undefined)
            this.reachCache.push({
              bundle,
              via: vias[0]!,
              grants: bundleGrants(this.store, b, this.cap),
            });
        }
    }
    return this.reachCache;
  }

  private slowCheck(tg: TypeGrants, bit: number, r: ResourceRef): boolean {
    const node = r.id === undefined ? undefined : this.store.resources.get(tg.info.name)?.get(r.id);
    if ((this.dataGrantMask(tg, r, node, bit) & bit) !== 0) return true;
    if (tg.info.kind === 'asset')
      return ((this.assetExtra(tg.info, node) | this.folderGrantMask(node)) & bit) !== 0;
    if (tg.info.kind === 'record')
      return (this.recordMask(tg.info, r, node, new Set()) & bit) !== 0;
    return false;
  }

  /**
   * What the environment-limited and conditional bundle grants give on `r` (MODEL E1, R2);
   * stops early once `want` is met (pass the type's full mask for every bit).
   */
  private dataGrantMask(
    tg: TypeGrants,
    r: ResourceRef,
    node: ResourceNode | undefined,
    want: number,
  ): number {
    const env = node !== undefined ? node.env : r.env;
    let m = 0;
    if (tg.envType !== undefined && env !== undefined) m |= tg.envType.get(env) ?? 0;
    if (tg.extra !== undefined)
      for (const e of tg.extra) {
        if ((m & want) === want) break;
        if ((e.mask & want & ~m) === 0) continue;
        if (e.id !== undefined && e.id !== r.id) continue;
        if (e.env !== undefined && (env === undefined || !e.env.includes(env))) continue;
        if (e.when !== undefined) {
          if (node === undefined && r.fields === undefined) continue; // a type-level check is not met by a condition
          if (!holds(e.when, fieldReader(node, r), this.subject())) continue;
        }
        m |= e.mask;
      }
    return m;
  }

  /** Everything the user's bundles give on one stored resource (type, id, environment and condition grants). */
  bundleMask(node: ResourceNode): number {
    const tg = this.byType.get(node.type.name);
    if (tg === undefined) return 0;
    const r = { type: node.type.name, id: node.id };
    return (
      tg.typeMask | (tg.ids?.get(node.id) ?? 0) | this.dataGrantMask(tg, r, node, node.type.full)
    );
  }

  /**
   * MODEL A4: a bundle grant on a folder (on that folder or on every folder) gives the same
   * access to every folder and dashboard inside it; never through Home or Uncategorized (A5).
   */
  folderGrantMask(node: ResourceNode | undefined): number {
    if (node === undefined || node.system) return 0;
    let m = 0;
    let first = true;
    for (const n of assetChain(node)) {
      if (first) {
        first = false;
        continue;
      }
      const own = this.bundleMask(n);
      if (own !== 0) m |= mapMask(this.store.schema, n.type, node.type, own);
    }
    return this.capped(node.type, m);
  }

  /** Whether the user may navigate a page (gates public levels, MODEL A2). */
  navigates(page: string | undefined): boolean {
    if (page === undefined) return false;
    let can = this.pageMemo.get(page);
    if (can === undefined) {
      can = this.check('navigate', { type: 'page', id: page });
      this.pageMemo.set(page, can);
    }
    return can;
  }

  /** What a public sharing level gives this user on an asset type, before caps (MODEL A2). */
  publicMask(type: CompiledType, sharing: string): number {
    const schema = this.store.schema;
    if (sharing === 'public-view')
      return this.navigates(type.viewPage) ? levelMask(schema, type, 'view') : 0;
    if (sharing === 'public-view-share')
      return this.navigates(type.viewPage) ? levelMask(schema, type, 'view-share') : 0;
    if (sharing !== 'public-view-edit') return 0;
    return (
      (this.navigates(type.viewPage) ? levelMask(schema, type, 'view') : 0) |
      (this.navigates(type.editPage) ? levelMask(schema, type, 'view-edit') : 0)
    );
  }

  /** Public levels along the folder chain and the system folders (MODEL A2, A4, A5, N5a). */
  assetExtra(type: CompiledType, node: ResourceNode | undefined): number {
    if (node === undefined || node.type !== type) return 0;
    const schema = this.store.schema;
    let m = 0;
    if (node.system) {
      m = levelMask(schema, type, 'view');
      if (this.navigates(type.editPage)) m |= levelMask(schema, type, 'view-edit');
    } else
      for (const n of assetChain(node))
        if (isPublic(n.sharing)) m |= this.publicMask(type, n.sharing);
    return this.capped(type, m);
  }

  /** Sharing rules that reach this user on a record type, own or a report's (MODEL D3, D5). */
  rulesFor(type: string): RuleReach[] {
    if (this.recordEpoch !== this.store.recordEpoch) {
      this.rules.clear();
      this.recordEpoch = this.store.recordEpoch;
    }
    let list = this.rules.get(type);
    if (list !== undefined) return list;
    list = [];
    const settings = this.store.recordTypes.get(type);
    const info = this.store.schema.types.get(type)!;
    if (settings !== undefined && this.user !== undefined) {
      const people = [this.user, ...activeReports(this.store, this.user.id)];
      for (const rule of settings.rules) {
        const who = people.find(
          (p) => rule.criteria === undefined || matches(rule.criteria, subjectOf(this.store, p)),
        );
        if (who !== undefined)
          list.push({ rule, mask: this.store.schema.mask(info, rule.actions, false), via: who.id });
      }
    }
    this.rules.set(type, list);
    return list;
  }

  /** Rule, everyone and lookup access on a record (MODEL D1–D5, N5a). */
  recordMask(
    type: CompiledType,
    r: ResourceRef,
    node: ResourceNode | undefined,
    seen: Set<string>,
  ): number {
    const settings = this.store.recordTypes.get(type.name);
    let m = 0;
    if (settings === undefined || settings.everyone) m = type.full;
    else {
      const read = node !== undefined || r.fields !== undefined ? fieldReader(node, r) : undefined;
      for (const reach of this.rulesFor(type.name))
        if (adviceMet(reach.rule.advice, read)) m |= reach.mask;
    }
    if (node?.lookups !== undefined && m !== type.full) {
      seen.add(`${type.name}\u0000${node.id}`);
      for (const [ptype, pid] of Object.entries(node.lookups)) {
        const key = `${ptype}\u0000${pid}`;
        const pinfo = this.store.schema.types.get(ptype);
        if (pinfo === undefined || seen.has(key)) continue;
        seen.add(key);
        const pnode = this.store.resources.get(ptype)?.get(pid);
        // MODEL D4: a parent reached by a bundle grant opens its children as a rule would.
        const pm =
          this.recordMask(pinfo, { type: ptype, id: pid }, pnode, seen) |
          (pnode === undefined ? 0 : this.bundleMask(pnode));
        m |= mapMask(this.store.schema, pinfo, type, pm);
      }
    }
    return this.capped(type, m);
  }
}

/** The compiled checker of a user, from the cache or freshly built. */
export function abilityOf(store: Store, userId: string): Ability {
  const cached = store.abilities.get(userId) as Ability | undefined;
  if (cached !== undefined) return cached;
  const user = store.users.get(userId);
  const ability = new Ability(store, user);
  if (user !== undefined) {
    bundlesOf(store, user); // keep the membership caches that invalidation walks
    groupsOf(store, user);
    store.abilities.set(userId, ability);
  }
  return ability;
}
