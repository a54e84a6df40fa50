/**
 * Answers `check` and `explain` from a grant snapshot, as the model would for that
 * user (MODEL C1). Indexes are built once; a check is a few Map lookups and bit
 * tests, with no string building and no allocation on the common paths. This code
 * ships to browsers: it is kept small (one helper per idea, no lookup tables).
 */
import {
  allowedAsSuperAdmin,
  allowedBy,
  needs,
  noSuchAction,
  targetOf,
  unknownType,
  VIEW_AS_RULE,
} from '../model/messages.ts';
import { type Explanation, quote, type Reason } from '../model/reason.ts';
import { MAX_ASSET_DEPTH, PUBLIC_LEVELS, type PublicLevel, SHARE_LEVELS } from '../model/state.ts';
import { adviceMet, type FieldReader, holds, type Subject } from '../schema/criteria.ts';
import type { ResourceRef } from '../schema/types.ts';
import {
  type ConditionalEntry,
  forEachId,
  type GrantSnapshot,
  type IdSet,
  type RuleEntry,
  type TypeEntry,
} from './format.ts';

type Groups = Readonly<Record<string, IdSet>> | undefined;

interface TypeIndex {
  readonly e: TypeEntry;
  readonly bits: Map<string, number>;
  /** Actions held on every resource of the type. */
  readonly t: number;
  /** Bundle grants on single resources: id → mask. */
  readonly ids: Map<string, number>;
  /** Assets: 7-bit access code per node (4 share levels, 3 public levels), parent links, code → mask. */
  readonly code: Map<string, number>;
  readonly parent: Map<string, string>;
  readonly table: Int32Array | undefined;
  readonly sys: Set<string>;
  /** Known resources whose answer is precomputed: id → mask. */
  readonly known: Map<string, number>;
  /** Type-level grants limited to an environment: env → mask. */
  readonly env: Map<string, number>;
  /** Whether data (environment, conditions, rules) can grant beyond `t`, ids and the tree. */
  readonly slow: boolean;
}

/** A checker over one snapshot, with the same `check` / `explain` semantics as the model. */
export interface SnapshotEvaluator {
  /** The snapshot it answers from. */
  readonly snapshot: GrantSnapshot;
  /** MODEL K1–K7, E1, R2, A1–A5, D1–D5: may the snapshot's user perform `action` on `resource`? Never throws. */
  check(action: string, resource: ResourceRef): boolean;
  /** Why (not)? `allowed` always equals `check` (MODEL K6). */
  explain(action: string, resource: ResourceRef): Explanation;
  /** Page ids of the menu (MODEL N3). */
  menu(): string[];
  /** Menu pages whose id or title contains `query` (case-insensitive) and that the user may navigate (MODEL N3). */
  search(query: string): string[];
}

/** Calls `each` with the key and every id of each id set of `groups`. */
const eachId = (groups: Groups, each: (key: string, id: string) => void): void => {
  for (const key in groups) forEachId(groups[key]!, (id) => each(key, id));
};

/** Whether an id set holds `id`. */
const has = (set: IdSet | undefined, id: string): boolean => {
  let hit = false;
  if (set) forEachId(set, (x) => (hit ||= x === id));
  return hit;
};

const or = (map: Map<string, number>, key: string, mask: number) =>
  map.set(key, (map.get(key) ?? 0) | mask);

function indexType(e: TypeEntry, snapshot: GrantSnapshot): TypeIndex {
  const ids = new Map<string, number>();
  const code = new Map<string, number>();
  const parent = new Map<string, string>();
  const known = new Map<string, number>();
  const env = new Map<string, number>();
  let table: Int32Array | undefined;
  eachId(e.i, (key, id) => or(ids, id, Number.parseInt(key, 10)));
  eachId(e.k, (key, id) => known.set(id, Number.parseInt(key, 10)));
  for (const name in e.e) for (const [mask] of e.e[name]!) or(env, name, mask);
  if (e.lv) {
    eachId(e.g, (key, id) => {
      const src = snapshot.src[Number(key)];
      const level =
        src?.kind === 'owner' ? 3 : src?.kind === 'share' ? SHARE_LEVELS.indexOf(src.level) : -1;
      if (level >= 0) or(code, id, 1 << level);
    });
    eachId(e.p, (sharing, id) => {
      const p = PUBLIC_LEVELS.indexOf(sharing as PublicLevel);
      if (p >= 0) or(code, id, 16 << p);
    });
    eachId(e.up, (p, id) => parent.set(id, p));
    eachId(e.ul, (p, id) => parent.set(id, p));
    // the mask of every access code: the OR of its share levels' and public levels' masks
    const masks = [...e.lv, ...(e.pb ?? [])];
    table = new Int32Array(128);
    for (let k = 0; k < 128; k++)
      for (let i = 0; i < 7; i++) if (k & (1 << i)) table[k]! |= masks[i] ?? 0;
  }
  return {
    e,
    bits: new Map(e.a.map((action, i) => [action, 1 << i])),
    t: e.t ?? 0,
    ids,
    code,
    parent,
    table,
    sys: new Set(e.sys),
    known,
    env,
    slow: env.size > 0 || !!e.x?.length || !!e.r?.length || !!e.o,
  };
}

const readerOf =
  (r: ResourceRef): FieldReader =>
  (f) =>
    f === 'id' ? r.id : f === 'env' ? r.env : r.fields?.[f];

/**
 * Builds a checker over a snapshot (after `JSON.parse`), answering exactly as the model
 * would for the snapshot's user (MODEL C1, C3: an inactive snapshot answers false).
 *
 * @example
 * ```ts
 * const me = createEvaluator(await (await fetch('/grants')).json());
 * me.check('edit', { type: 'dashboard', id: 'q3' }); // true / false, synchronously
 * me.explain('edit', { type: 'dashboard', id: 'q3' }).message; // "needs edit on dashboard “q3”; you have view"
 * ```
 */
export function createEvaluator(snapshot: GrantSnapshot): SnapshotEvaluator {
  const s = snapshot;
  const types = new Map<string, TypeIndex>();
  for (const name in s.types) types.set(name, indexType(s.types[name]!, s));
  const fold = s.fold === undefined ? undefined : types.get(s.fold);
  const subject: Subject = {
    id: s.viewAs ?? s.user,
    attributes: s.attrs ?? {},
    inGroup: () => false,
  };
  // Read once: the snapshot object may come from JSON.parse or a validator, in shapes that
  // would make a property load on every check polymorphic.
  const active = s.active === true;
  // One-entry caches: repeated checks of one type and action skip their Map lookups.
  let lastName: string | undefined;
  let lastType: TypeIndex | undefined;
  let lastAction: string | undefined;
  let lastActionType: TypeIndex | undefined;
  let lastBit: number | undefined;

  /** The access code of an asset and its ancestors (MODEL A4). */
  const treeCode = (t: TypeIndex, id: string): number => {
    let c = t.code.get(id) ?? 0;
    let p = t.parent.get(id);
    for (let n = 0; fold && p !== undefined && n < MAX_ASSET_DEPTH; n++) {
      c |= fold.code.get(p) ?? 0;
      p = fold.parent.get(p);
    }
    return c;
  };

  /** A conditional or environment-limited grant applies to `r` (MODEL E1, R2). */
  const conditionHolds = ([, , id, envs, when]: ConditionalEntry, r: ResourceRef): boolean =>
    (id === null || id === r.id) &&
    (envs === null || (r.env !== undefined && envs.includes(r.env))) &&
    (when === null || (r.fields !== undefined && holds(when, readerOf(r), subject)));

  /** A sharing rule reaches `r`: no advice, or the record meets it (MODEL D3). */
  const ruleHolds = ([, , advice]: RuleEntry, r: ResourceRef): boolean =>
    adviceMet(advice, r.fields === undefined ? undefined : readerOf(r));

  /** What data grants on a resource the snapshot does not list (MODEL E1, R2, D1–D3). */
  const dataMask = (t: TypeIndex, r: ResourceRef, bit: number): number => {
    let m = (r.env !== undefined && t.env.get(r.env)) || 0;
    if (m & bit) return m;
    for (const x of t.e.x ?? [])
      if (x[0] & bit && (m & x[0]) !== x[0] && conditionHolds(x, r)) m |= x[0];
    m |= t.e.o ?? 0;
    for (const rule of t.e.r ?? [])
      if ((m & rule[0]) !== rule[0] && ruleHolds(rule, r)) m |= rule[0];
    return m;
  };

  const check = (action: string, r: ResourceRef): boolean => {
    if (!active || r === null || typeof r !== 'object') return false;
    if (r.type !== lastName) {
      lastName = r.type;
      lastType = types.get(r.type);
    }
    const t = lastType;
    if (t === undefined) return false;
    if (action !== lastAction || t !== lastActionType) {
      lastAction = action;
      lastActionType = t;
      lastBit = t.bits.get(action);
    }
    const bit = lastBit;
    if (bit === undefined) return false;
    if (t.t & bit) return true;
    const id = r.id;
    if (id !== undefined) {
      if ((t.ids.get(id) ?? 0) & bit) return true;
      if (t.table) {
        if (t.table[treeCode(t, id)]! & bit) return true;
        if (t.sys.has(id)) return (((t.e.sy ?? 0) | (t.known.get(id) ?? 0)) & bit) !== 0;
      }
      const k = t.known.get(id);
      if (k !== undefined) return (k & bit) !== 0;
    }
    if (!t.slow) return false;
    try {
      return (dataMask(t, r, bit) & bit) !== 0;
    } catch {
      return false; // fail closed on fields or conditions it cannot read (MODEL C3)
    }
  };

  const explain = (action: string, r: ResourceRef): Explanation => {
    const { type, id, env, fields } = r;
    const t = types.get(type);
    const bit = t?.bits.get(action);
    const who = s.viewAs ?? s.user;
    // Every source of grants on the resource: what they grant (`have`) and the reasons for `action`.
    let have = 0;
    const reasons: Reason[] = [];
    const add = (mask = 0, source: number | Reason = -1) => {
      have |= mask;
      if (mask & bit!)
        reasons.push(typeof source === 'number' ? (s.src[source] as Reason) : source);
    };
    const answer = (message: string, allowed = false): Explanation => ({
      allowed,
      reasons,
      message,
    });
    if (!s.active)
      return answer(
        s.viewAs === undefined
          ? `user ${quote(who)} is inactive or unknown and passes no check (MODEL K7)`
          : `${VIEW_AS_RULE}, or ${who} is inactive or unknown`,
      );
    if (!t) return answer(unknownType(type));
    const { e } = t;
    if (bit === undefined) return answer(noSuchAction(type, action, e.a));
    const title =
      type === 'page'
        ? s.menu.find(([page]) => page === id)?.[1]
        : typeof fields?.title === 'string'
          ? fields.title
          : fields?.name;
    const target = targetOf(type, id, env, typeof title === 'string' ? title : (id ?? ''));
    if (s.superAdmin) {
      add(bit, { kind: 'superAdmin' });
      return answer(allowedAsSuperAdmin(action, target, who), true);
    }
    for (const [mask, i] of e.ts ?? []) add(mask, i);
    const known = id === undefined ? undefined : t.known.get(id);
    if (id !== undefined) {
      for (const key in e.i)
        if (has(e.i[key], id)) add(...(key.split('.').map(Number) as [number, number]));
      if (t.table && t.sys.has(id)) add(e.sy, { kind: 'systemFolder', folder: id });
      else if (t.table)
        // owner, share and public sources along the folder chain (MODEL A2–A4)
        for (
          let node: string | undefined = id, at = t, n = 0;
          node !== undefined && n <= MAX_ASSET_DEPTH;
          n++
        ) {
          const here: string = node;
          const from = here === id ? {} : { inheritedFrom: here };
          for (const key in at.e.g) {
            const src = s.src[Number(key)];
            if (!has(at.e.g[key], here)) continue;
            if (src?.kind === 'owner') add(e.lv?.[3], { kind: 'owner', asset: id, ...from });
            else if (src?.kind === 'share')
              add(e.lv?.[SHARE_LEVELS.indexOf(src.level)], { ...src, asset: id, ...from });
          }
          const code = at.code.get(here) ?? 0;
          PUBLIC_LEVELS.forEach((level, p) => {
            if (code & (16 << p)) add(e.pb?.[p], { kind: 'public', asset: id, level, ...from });
          });
          node = at.parent.get(here);
          if (!fold) break;
          at = fold;
        }
      if (known !== undefined)
        for (const key in e.k)
          if (has(e.k[key], id))
            for (const part of key.slice(key.indexOf(':') + 1).split(','))
              if (part) add(...(part.split('=').map(Number).reverse() as [number, number]));
    }
    if (known === undefined && t.slow) {
      for (const [name, list] of Object.entries(e.e ?? {}))
        if (name === env) for (const [mask, i] of list) add(mask, i);
      for (const x of e.x ?? []) if (conditionHolds(x, r)) add(x[0], x[1]);
      add(e.o, { kind: 'everyone', recordType: type });
      for (const rule of e.r ?? []) if (ruleHolds(rule, r)) add(rule[0], rule[1]);
    }
    if (check(action, r)) return answer(allowedBy(action, target, reasons), true);
    const held = e.a.filter((_, i) => have & (1 << i));
    return {
      ...answer(needs(action, target, held, s.cap)),
      reasons: [],
      missing: { action, type, ...(id === undefined ? {} : { id }), have: held },
    };
  };

  return {
    snapshot,
    check,
    explain,
    menu: () => s.menu.map(([id]) => id),
    search(query) {
      const q = query.toLowerCase();
      return s.menu
        .filter(
          (page) =>
            page.some((x) => x.toLowerCase().includes(q)) &&
            check('navigate', { type: 'page', id: page[0] }),
        )
        .map(([id]) => id)
        .sort();
    },
  };
}
