/**
 * Compiles one user's effective permissions into a grant snapshot (MODEL C1).
 * Folder grants are shipped once, on the folder, with the parent links below it;
 * record rules and conditions ship as data; answers that need a stored record's
 * fields are precomputed per known resource.
 */
import { type Ability, abilityOf, fieldReader } from '../model/ability.ts';
import { directMasks } from '../model/direct-grants.ts';
import { bundleGrants, levelMask, type MaskGrant, mapMask } from '../model/grants.ts';
import { answeringAs, bundlesOf, groupsOf } from '../model/membership.ts';
import { type Model, storeOf } from '../model/model.ts';
import { bundleReason, recordSources } from '../model/sources.ts';
import {
  type AttrValue,
  MAX_ASSET_DEPTH,
  PUBLIC_LEVELS,
  type ResourceNode,
  SHARE_LEVELS,
} from '../model/state.ts';
import type { Store } from '../model/store.ts';
import { holds } from '../schema/criteria.ts';
import type { CompiledType } from '../schema/schema.ts';
import type { Condition, ResourceRef, SchemaDef } from '../schema/types.ts';
import { entry, Groups, Sources } from './collect.ts';
import {
  type ConditionalEntry,
  type GrantSnapshot,
  type RuleEntry,
  SNAPSHOT_FORMAT,
  type Sourced,
  type SourceEntry,
  type TypeEntry,
} from './format.ts';
import { type SharedAssets, sharedAssets } from './shared.ts';

/** Options of {@link compileSnapshot}. */
export interface CompileOptions {
  /** The tenant the snapshot belongs to (MODEL C3, C4). */
  readonly tenant: string;
  /** The revision to stamp (default: the model's). */
  readonly revision?: number;
  /** Seconds the snapshot may be used without revalidation (default 3600). */
  readonly maxStale?: number;
  /** Issue time in milliseconds (default `Date.now()`). */
  readonly now?: number;
  /** Compile what `userId`, a super admin, sees while viewing as this user (MODEL A11). */
  readonly viewAs?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function userRefs(c: Condition, out: Set<string>): void {
  if ('field' in c) {
    if ('user' in c) out.add(c.user);
  } else if ('all' in c) for (const x of c.all) userRefs(x, out);
  else if ('any' in c) for (const x of c.any) userRefs(x, out);
  else userRefs(c.not, out);
}

/**
 * MODEL A4: a bundle grant on a folder reaches every folder and dashboard inside it. The
 * evaluator walks the tree for owners, shares and public levels only, so these are shipped
 * as per-resource grants on each asset below the folder (with the folder named in the source).
 */
function inheritFolderGrant(
  a: Ability,
  srcs: Sources,
  building: Map<string, Building>,
  g: MaskGrant,
  src: number,
): void {
  const store = a.store;
  const folders =
    g.id === undefined
      ? [...(store.resources.get(g.type.name)?.values() ?? [])]
      : [store.resources.get(g.type.name)?.get(g.id)].filter((n) => n !== undefined);
  const base = srcs.list[src]!;
  for (const f of folders) {
    if (f.system) continue;
    if (g.env !== undefined && (f.env === undefined || !g.env.includes(f.env))) continue;
    if (
      g.when !== undefined &&
      !holds(g.when, fieldReader(f, { type: f.type.name, id: f.id }), a.subject())
    )
      continue;
    const from = srcs.add({ ...base, inheritedFrom: f.id } as SourceEntry);
    const walk = (n: ResourceNode, depth: number): void => {
      if (depth >= MAX_ASSET_DEPTH) return;
      for (const c of n.children) {
        if (c.system) continue;
        const m = a.capped(c.type, mapMask(store.schema, g.type, c.type, g.mask));
        if (m !== 0) building.get(c.type.name)!.ids.add(`${m}.${from}`, c.id);
        walk(c, depth + 1);
      }
    };
    walk(f, 0);
  }
}

interface Building {
  entry: Mutable<TypeEntry>;
  ts: Sourced[];
  ids: Groups;
  env: Map<string, Sourced[]>;
  x: ConditionalEntry[];
}

/**
 * Compiles a user's grant snapshot: compact JSON that an evaluator
 * (`createEvaluator`) answers `check` and `explain` from exactly as the model would.
 *
 * @example
 * ```ts
 * const snapshot = compileSnapshot(model, 'ann', { tenant: 'acme' });
 * const me = createEvaluator(JSON.parse(JSON.stringify(snapshot)));
 * me.check('view', { type: 'dashboard', id: 'q3' }) === model.check('ann', 'view', { type: 'dashboard', id: 'q3' });
 * ```
 */
export function compileSnapshot<D extends SchemaDef>(
  model: Model<D>,
  userId: string,
  options: CompileOptions,
): GrantSnapshot {
  const store = storeOf(model as unknown as Model);
  const schema = store.schema;
  const header = {
    format: SNAPSHOT_FORMAT,
    tenant: options.tenant,
    user: userId,
    revision: options.revision ?? store.revision,
    issuedAt: options.now ?? Date.now(),
    maxStale: options.maxStale ?? 3600,
    ...(options.viewAs === undefined ? {} : { viewAs: options.viewAs }),
  } as const;
  const closed: GrantSnapshot = {
    ...header,
    active: false,
    superAdmin: false,
    menu: [],
    src: [],
    types: {},
  };
  const subjectId = answeringAs(store, userId, options.viewAs);
  if (subjectId === undefined) return closed; // MODEL A11
  const user = store.users.get(subjectId);
  if (user === undefined || !user.active) return closed; // MODEL K1, K7
  const menu = (model as unknown as Model)
    .menu(subjectId)
    .map((id) => [id, schema.pages.get(id)?.title ?? id] as const);
  const fold = schema.folderType?.name;
  if (user.superAdmin) {
    const types: Record<string, TypeEntry> = {};
    for (const t of schema.types.values()) types[t.name] = { a: t.actions, t: t.full };
    return {
      ...header,
      active: true,
      superAdmin: true,
      ...(fold === undefined ? {} : { fold }),
      menu,
      src: [],
      types,
    };
  }

  const a = abilityOf(store, subjectId);
  const srcs = new Sources();
  const building = new Map<string, Building>();
  for (const t of schema.types.values())
    building.set(t.name, {
      entry: { a: t.actions },
      ts: [],
      ids: new Groups(),
      env: new Map(),
      x: [],
    });

  // Bundle grants (MODEL K2, K5, E1, R2), closed and capped as the model holds them.
  for (const [bundleId, vias] of bundlesOf(store, user)) {
    const b = store.bundles.get(bundleId);
    if (b === undefined) continue;
    const v = vias[0]!;
    for (const g of bundleGrants(store, b, a.cap)) {
      const bt = building.get(g.type.name)!;
      const src = srcs.add(bundleReason(bundleId, v, g) as SourceEntry);
      if (g.when !== undefined || (g.env !== undefined && g.id !== undefined))
        bt.x.push([g.mask, src, g.id ?? null, g.env ?? null, g.when ?? null]);
      else if (g.env !== undefined)
        for (const e of g.env) {
          let list = bt.env.get(e);
          if (list === undefined) {
            list = [];
            bt.env.set(e, list);
          }
          list.push([g.mask, src]);
        }
      else if (g.id === undefined) {
        bt.entry.t = (bt.entry.t ?? 0) | g.mask;
        bt.ts.push([g.mask, src]);
      } else bt.ids.add(`${g.mask}.${src}`, g.id);
      if (g.type.container) inheritFolderGrant(a, srcs, building, g, src);
    }
  }
  // MODEL N13: direct grants on single resources, shipped as resource grants.
  for (const g of directMasks(store, user, a.cap))
    building.get(g.type.name)!.ids.add(`${g.mask}.${srcs.add({ kind: 'direct' })}`, g.id);

  compileAssets(store, a, srcs, building);
  const attrs: Record<string, AttrValue> = {};
  const refs = new Set<string>();

  for (const [name, bt] of building) {
    const info = schema.types.get(name)!;
    const e = bt.entry;
    if (bt.ts.length > 0) e.ts = bt.ts;
    if (bt.ids.size > 0) e.i = bt.ids.encode();
    if (bt.env.size > 0) e.e = Object.fromEntries([...bt.env].sort(([x], [y]) => (x < y ? -1 : 1)));
    if (bt.x.length > 0) {
      e.x = bt.x;
      for (const [, , , , when] of bt.x) if (when !== null) userRefs(when, refs);
    }
    let open = true;
    if (info.kind === 'record') {
      const settings = store.recordTypes.get(name);
      open = settings === undefined || settings.everyone;
      const cap = (m: number) => a.capped(info, m);
      if (open) e.o = cap(info.full);
      else {
        const rules: RuleEntry[] = [];
        for (const reach of a.rulesFor(name)) {
          const viaReport = reach.via !== user.id;
          const src = srcs.add({
            kind: 'recordRule',
            recordType: name,
            rule: reach.rule.id,
            ...(viaReport ? { via: 'manager' as const, report: reach.via } : {}),
          });
          const advice = reach.rule.advice ?? [];
          rules.push([cap(reach.mask), src, advice.length === 0 ? null : advice]);
        }
        if (rules.length > 0) e.r = rules;
      }
    }
    if (bt.env.size > 0 || bt.x.length > 0 || !open) e.k = knownNodes(a, srcs, info, bt).encode();
  }
  for (const ref of refs) {
    const value = ref === 'id' ? user.id : user.attributes[ref];
    if (value !== undefined) attrs[ref] = value;
  }

  const types: Record<string, TypeEntry> = {};
  for (const [name, bt] of building) types[name] = bt.entry;
  return {
    ...header,
    active: true,
    superAdmin: false,
    ...(a.cap === undefined ? {} : { cap: a.cap.bundle }),
    ...(refs.size > 0 ? { attrs } : {}),
    ...(fold === undefined ? {} : { fold }),
    menu,
    src: srcs.list,
    types,
  };
}

/** Known resources whose answer depends on their stored env or fields: the precomputed slow part of each. */
function knownNodes(a: Ability, srcs: Sources, info: CompiledType, bt: Building): Groups {
  const groups = new Groups();
  const store = a.store;
  for (const node of store.resources.get(info.name)?.values() ?? []) {
    const r: ResourceRef = { type: info.name, id: node.id };
    const parts: { mask: number; src: number }[] = [];
    if (node.env !== undefined)
      for (const [m, s] of bt.env.get(node.env) ?? []) parts.push({ mask: m, src: s });
    for (const [m, s, id, env, when] of bt.x) {
      if (id !== null && id !== node.id) continue;
      if (env !== null && (node.env === undefined || !env.includes(node.env))) continue;
      if (when !== null && !holds(when, fieldReader(node, r), a.subject())) continue;
      parts.push({ mask: m, src: s });
    }
    let mask = 0;
    for (const p of parts) mask |= p.mask;
    if (info.kind === 'record') {
      mask |= a.recordMask(info, r, node, new Set());
      for (const p of recordSources(a, info, r, node, new Set()))
        parts.push({ mask: p.mask, src: srcs.add(p.reason as SourceEntry) });
    }
    const detail = parts.map((p) => `${p.src}=${p.mask}`).join(',');
    groups.add(`${mask}:${detail}`, node.id);
  }
  return groups;
}

/** Walks below `node`, recording each child's parent link (MODEL A4) once; `shared` links are skipped. */
function linkBelow(
  node: ResourceNode,
  depth: number,
  linked: Set<ResourceNode>,
  shared: SharedAssets | undefined,
  links: Map<string, Groups>,
): void {
  if (depth >= MAX_ASSET_DEPTH) return;
  for (const c of node.children) {
    if (c.system || linked.has(c) || shared?.linked(c)) continue;
    linked.add(c);
    entry(links, c.type.name, () => new Groups()).add(node.id, c.id);
    linkBelow(c, depth + 1, linked, shared, links);
  }
}

/** Owner and share grants on their own nodes, public levels, system folders and the parent links below them. */
function compileAssets(
  store: Store,
  a: Ability,
  srcs: Sources,
  building: Map<string, Building>,
): void {
  const schema = store.schema;
  const user = a.user!;
  let anyPublic = false;
  for (const t of schema.types.values()) {
    if (t.kind !== 'asset') continue;
    const cap = (m: number) => a.capped(t, m);
    const e = building.get(t.name)!.entry;
    e.lv = SHARE_LEVELS.map((l) => cap(levelMask(schema, t, l))) as unknown as [
      number,
      number,
      number,
      number,
    ];
    e.pb = PUBLIC_LEVELS.map((l) => cap(a.publicMask(t, l))) as unknown as [number, number, number];
    if (e.pb.some((m) => m !== 0)) anyPublic = true;
  }
  const shared = sharedAssets(store);
  const direct = new Map<string, Groups>();
  const roots = new Set<ResourceNode>();
  const add = (node: ResourceNode, src: number) => {
    if (node.system) return;
    entry(direct, node.type.name, () => new Groups()).add(String(src), node.id);
    roots.add(node);
  };
  for (const n of store.ownedBy.get(user.id) ?? []) add(n, srcs.add({ kind: 'owner' }));
  for (const n of store.sharedWith.get(`u:${user.id}`) ?? [])
    add(n, srcs.add({ kind: 'share', level: n.userShares.get(user.id)!, user: user.id }));
  for (const g of groupsOf(store, user))
    for (const n of store.sharedWith.get(`g:${g}`) ?? [])
      add(n, srcs.add({ kind: 'share', level: n.groupShares.get(g)!, group: g }));
  // Links below this user's own roots that the shared public links do not already hold.
  const links = new Map<string, Groups>();
  const linked = new Set<ResourceNode>();
  for (const r of roots) linkBelow(r, 0, linked, anyPublic ? shared : undefined, links);
  for (const [type, bt] of building) {
    const e = bt.entry;
    if (e.lv === undefined) continue;
    const sys = shared.systems.get(type);
    if (sys !== undefined) {
      e.sys = sys;
      e.sy = a.assetExtra(schema.types.get(type)!, store.assets.get(sys[0]!)!);
    }
    const g = direct.get(type);
    if (g !== undefined) e.g = g.encode();
    if (anyPublic) {
      const p = shared.publics.get(type);
      if (p !== undefined) e.p = p;
      const up = shared.links.get(type);
      if (up !== undefined) e.up = up;
    }
    const l = links.get(type);
    if (l !== undefined) e.ul = l.encode();
  }
}
