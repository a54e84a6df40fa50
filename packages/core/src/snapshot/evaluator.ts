/**
 * Answers `check` from a grant snapshot, as the model would for that user (MODEL C1).
 * Indexes are built once; a check is a few Map lookups and bit tests, with no string
 * building and no allocation on the common paths. This code ships to browsers: it is
 * kept small (one helper per idea, no lookup tables), and the full explanations live in
 * `explain.ts`, so a client that gives short reasons (`explainShort`) does not carry them.
 */
import { targetOf } from '../model/messages.ts';
import type { Explanation } from '../model/reason.ts';
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

/** The indexes of one resource type (internal; `explain.ts` reads them too). */
export interface TypeIndex {
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

/**
 * A checker over one snapshot: `check`, as the model answers it (MODEL C1). `createChecker` makes one; `explainShort` / `explainFull` explain its answers.
 *
 * @example
 * ```ts
 * const me: SnapshotChecker = createChecker(snapshot);
 * me.check('view', { type: 'dashboard', id: 'q3' }); // true / false
 * ```
 */
export interface SnapshotChecker {
  /** The snapshot it answers from. */
  readonly snapshot: GrantSnapshot;
  /** MODEL K1–K7, E1, R2, A1–A5, D1–D5: may the snapshot's user perform `action` on `resource`? Never throws. */
  check(action: string, resource: ResourceRef): boolean;
}

/**
 * A checker that also explains and searches the menu, with the same `check` / `explain`
 * semantics as the model (`createEvaluator`).
 *
 * @example
 * ```ts
 * const me: SnapshotEvaluator = createEvaluator(snapshot);
 * me.explain('edit', { type: 'dashboard', id: 'q3' }).allowed === me.check('edit', { type: 'dashboard', id: 'q3' });
 * ```
 */
export interface SnapshotEvaluator extends SnapshotChecker {
  /** Why (not)? `allowed` always equals `check` (MODEL K6). */
  explain(action: string, resource: ResourceRef): Explanation;
  /** Page ids of the menu (MODEL N3). */
  menu(): string[];
  /** Menu pages whose id or title contains `query` (case-insensitive) and that the user may navigate (MODEL N3). */
  search(query: string): string[];
}

/** What `explain.ts` reads of a checker: its type indexes, the folder type and its subject (internal). */
export interface CheckerIndex {
  readonly types: ReadonlyMap<string, TypeIndex>;
  readonly fold: TypeIndex | undefined;
  readonly subject: Subject;
}

const INDEXES = new WeakMap<SnapshotChecker, CheckerIndex>();

/** The indexes of a checker (internal): those `createChecker` built, else built for its snapshot. */
export const indexOf = (checker: SnapshotChecker): CheckerIndex =>
  INDEXES.get(checker) ?? INDEXES.get(createChecker(checker.snapshot))!;

/** Calls `each` with the key and every id of each id set of `groups`. */
const eachId = (groups: Groups, each: (key: string, id: string) => void): void => {
  for (const key in groups) forEachId(groups[key]!, (id) => each(key, id));
};

/** Whether an id set holds `id`. */
export const has = (set: IdSet | undefined, id: string): boolean => {
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

/** A conditional or environment-limited grant applies to `r` (MODEL E1, R2). */
export const conditionHolds = (
  [, , id, envs, when]: ConditionalEntry,
  r: ResourceRef,
  subject: Subject,
): boolean =>
  (id === null || id === r.id) &&
  (envs === null || (r.env !== undefined && envs.includes(r.env))) &&
  (when === null || (r.fields !== undefined && holds(when, readerOf(r), subject)));

/** A sharing rule reaches `r`: no advice, or the record meets it (MODEL D3). */
export const ruleHolds = ([, , advice]: RuleEntry, r: ResourceRef): boolean =>
  adviceMet(advice, r.fields === undefined ? undefined : readerOf(r));

/**
 * Builds a checker over a snapshot (after `JSON.parse`), answering exactly as the model
 * would for the snapshot's user (MODEL C1, C3: an inactive snapshot answers false).
 *
 * @example
 * ```ts
 * const me = createChecker(await (await fetch('/grants')).json());
 * me.check('edit', { type: 'dashboard', id: 'q3' }); // true / false, synchronously
 * explainShort(me, 'edit', { type: 'dashboard', id: 'q3' }).message; // 'needs edit on dashboard “q3”'
 * ```
 */
export function createChecker(snapshot: GrantSnapshot): SnapshotChecker {
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

  /** What data grants on a resource the snapshot does not list (MODEL E1, R2, D1–D3). */
  const dataMask = (t: TypeIndex, r: ResourceRef, bit: number): number => {
    let m = (r.env !== undefined && t.env.get(r.env)) || 0;
    if (m & bit) return m;
    for (const x of t.e.x ?? [])
      if (x[0] & bit && (m & x[0]) !== x[0] && conditionHolds(x, r, subject)) m |= x[0];
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

  const checker: SnapshotChecker = { snapshot, check };
  INDEXES.set(checker, { types, fold, subject });
  return checker;
}

/** What a reason calls a resource: its page title, `title` or `name` field, else its id. */
export const titleOf = (s: GrantSnapshot, { type, id, fields }: ResourceRef): string => {
  const title =
    type === 'page'
      ? s.menu.find(([page]) => page === id)?.[1]
      : typeof fields?.title === 'string'
        ? fields.title
        : fields?.name;
  return typeof title === 'string' ? title : (id ?? '');
};

/**
 * A short explanation from the check alone: the answer and what it is about, no sources
 * (`needs edit on dashboard “Q3”`, `view on dashboard “Q3”: allowed`). `explainFull`
 * gives every source of the grant and what the user has instead.
 *
 * @example
 * ```ts
 * explainShort(createChecker(snapshot), 'edit', { type: 'dashboard', id: 'q3' });
 * // { allowed: false, reasons: [], message: 'needs edit on dashboard “q3”' }
 * ```
 */
export function explainShort(
  checker: SnapshotChecker,
  action: string,
  resource: ResourceRef,
): Explanation {
  const allowed = checker.check(action, resource);
  const { type, id, env } = resource;
  const on = targetOf(type, id, env, titleOf(checker.snapshot, resource));
  return {
    allowed,
    reasons: [],
    message: allowed ? `${action} on ${on}: allowed` : `needs ${action} on ${on}`,
  };
}

/**
 * Menu pages whose id or title contains `query` (case-insensitive) and that the checker's
 * user may navigate, sorted (MODEL N3); all of them for `''`.
 *
 * @example
 * ```ts
 * searchMenu(createChecker(snapshot), 'dash'); // ['dashboards']
 * ```
 */
export function searchMenu(checker: SnapshotChecker, query: string): string[] {
  const q = query.toLowerCase();
  return checker.snapshot.menu
    .filter(
      (page) =>
        page.some((x) => x.toLowerCase().includes(q)) &&
        checker.check('navigate', { type: 'page', id: page[0] }),
    )
    .map(([id]) => id)
    .sort();
}
