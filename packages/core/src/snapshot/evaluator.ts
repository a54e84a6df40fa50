/**
 * Answers `check` from a grant snapshot, as the model would for that user (MODEL C1).
 * Indexes are built once, as local variables of one closure per resource type; a check
 * is a few Map lookups and bit tests, with no string building and no allocation on the
 * common paths. This code ships to browsers: it is kept small (one helper per idea, no
 * lookup tables, no index objects whose property names would ship), and the full
 * explanations live in `explain.ts`, which reads the snapshot itself, so a client that
 * gives short reasons (`explainShort`) carries neither them nor what they need.
 */
import { targetOf } from '../model/messages.ts';
import type { Explanation } from '../model/reason.ts';
import {
  MAX_ASSET_DEPTH,
  PUBLIC_LEVELS,
  type PublicLevel,
  SHARE_LEVELS,
  type ShareLevel,
} from '../model/state.ts';
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

/**
 * Calls `each` with the key, every id of each id set of `groups`, and the key's leading
 * digits as a number (the mask of `"mask.src"` and `"mask:…"` keys, the index of a
 * source; 0 without: a broken `"-1.0"` grants nothing, where -1 would test as every bit).
 */
const eachId = (
  groups: Readonly<Record<string, IdSet>> | undefined,
  each: (key: string, id: string, n: number) => void,
): void => {
  for (const key in groups) {
    const n = +/^\d*/.exec(key)!;
    forEachId(groups[key], (id) => each(key, id, n));
  }
};

/** Adds `mask` to the mask of `key`. */
const or = (map: Map<string, number>, key: string, mask: number) =>
  map.set(key, map.get(key)! | mask);

/** Whom conditions compare with (MODEL R2): the snapshot's user (internal; `explain.ts` too). */
export const subjectOf = (s: GrantSnapshot): User => ({
  id: s.viewAs ?? s.user,
  attributes: s.attrs ?? {},
});

/** What conditions read of a user: no groups. */
type User = Omit<Subject, 'inGroup'>;

const readerOf =
  (r: ResourceRef): FieldReader =>
  (f) =>
    f === 'id' ? r.id : f === 'env' ? r.env : r.fields?.[f];

/** A conditional or environment-limited grant applies to `r` (MODEL E1, R2). */
export const conditionHolds = (
  [, , id, envs, when]: ConditionalEntry,
  r: ResourceRef,
  subject: User,
): boolean =>
  (id === null || id === r.id) &&
  (!envs || envs.includes(r.env!)) &&
  (!when || (r.fields !== undefined && holds(when, readerOf(r), subject)));

/** A sharing rule reaches `r`: no advice, or the record meets it (MODEL D3). */
export const ruleHolds = ([, , advice]: RuleEntry, r: ResourceRef): boolean =>
  adviceMet(advice, r.fields === undefined ? undefined : readerOf(r));

/**
 * Whether data grants `bit` on a resource the snapshot does not list (MODEL E1, R2,
 * D1–D3): `m`, its type-level grants in the resource's environment, conditional grants,
 * everyone-read/write and sharing rules.
 */
const dataGrants = (
  e: TypeEntry,
  m: number,
  r: ResourceRef,
  bit: number,
  subject: User,
): boolean => {
  try {
    if (m & bit) return true;
    for (const x of e.x ?? [])
      if (x[0] & bit && (m & x[0]) !== x[0] && conditionHolds(x, r, subject)) m |= x[0];
    m |= e.o!;
    for (const rule of e.r ?? []) if ((m & rule[0]) !== rule[0] && ruleHolds(rule, r)) m |= rule[0];
    return !!(m & bit);
  } catch {
    return false; // fail closed on fields or conditions it cannot read (MODEL C3)
  }
};

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
  const live = createCheckSwitch();
  live.point(snapshot);
  return { snapshot, check: live.check };
}

/** The check of one resource type, on the indexes of its grants. */
type TypeCheck = (action: string, r: ResourceRef) => boolean;
const never: TypeCheck = () => false;

/** Indexes the grants of each resource type of a snapshot: its check per type (MODEL C3: none when inactive). */
function indexTypes(snapshot: GrantSnapshot): ReadonlyMap<string, TypeCheck> {
  const subject = subjectOf(snapshot);
  const types = new Map<string, TypeCheck>();
  // The folder type's access codes and parent links: an asset's ancestors are folders.
  let foldCode: Map<string, number> | undefined;
  let foldParent: Map<string, string> | undefined;

  // An inactive snapshot indexes no type: every check is false (MODEL C3).
  const indexed = snapshot.active === true ? snapshot.types : {};
  for (const name in indexed) {
    const e = indexed[name]!;
    const all = e.t ?? 0; // held on every resource of the type
    const ids = new Map<string, number>(); // bundle grants on single resources
    const known = new Map<string, number>(); // resources whose answer is precomputed
    const env = new Map<string, number>(); // type-level grants limited to an environment
    // Assets: a 7-bit access code per node (bits 0–3 the share levels, owner as admin;
    // bits 4–6 the public levels), parent links, and the masks of the 7 access levels.
    const code = new Map<string, number>();
    const parent = new Map<string, string>();
    const masks = e.lv && [...e.lv, ...(e.pb ?? [])];
    const sys = new Set(e.sys); // the system folders (MODEL A5)
    eachId(e.i, (_, id, mask) => or(ids, id, mask));
    eachId(e.k, (_, id, mask) => known.set(id, mask));
    for (const where in e.e) for (const [mask] of e.e[where]!) or(env, where, mask);
    if (e.lv) {
      eachId(e.g, (_, id, i) => {
        const src = snapshot.src[i];
        const level = SHARE_LEVELS.indexOf(
          (src?.kind === 'owner' ? 'admin' : src?.kind === 'share' && src.level) as ShareLevel,
        );
        if (level >= 0) or(code, id, 1 << level);
      });
      eachId(e.p, (sharing, id) => {
        const p = PUBLIC_LEVELS.indexOf(sharing as PublicLevel);
        if (p >= 0) or(code, id, 16 << p);
      });
      for (const links of [e.up, e.ul]) eachId(links, (p, id) => parent.set(id, p));
    }
    if (name === snapshot.fold) {
      foldCode = code;
      foldParent = parent;
    }
    // Whether data (environment, conditions, rules) can grant beyond `all`, ids and the tree.
    const slow = !!(env.size || e.x?.length || e.r?.length || e.o);
    // One-entry cache: repeated checks of one action skip finding its bit, and know the
    // access levels that grant it (bit i: level i of `masks`).
    let lastAction: string | undefined;
    let bit = 0;
    let levels: number | undefined;
    // each action's place in `a` (its bit), and the access levels whose mask has it (bit j: level j of `masks`)
    const places = new Map(e.a.map((action, i) => [action, i]));
    const granting = e.a.map((_, i) =>
      masks?.reduce((l, m, j) => (m & (1 << i) ? l | (2 ** j) : l), 0),
    );
    // Masks are numbers or `undefined` (nothing held): `undefined & bit` is 0, `undefined | m` is m.
    types.set(name, (action, r) => {
      if (action !== lastAction) {
        lastAction = action;
        const i = places.get(action) ?? -1;
        bit = i < 0 ? 0 : 1 << i;
        levels = granting[i];
      }
      if (all & bit) return true;
      const id = r.id;
      if (id !== undefined) {
        if ((ids.get(id) ?? 0) & bit) return true;
        if (masks) {
          // the access code of the asset and its ancestors (MODEL A4)
          let c = code.get(id)! | 0;
          let p = parent.get(id);
          for (let n = 0; foldCode && p !== undefined && n < MAX_ASSET_DEPTH; n++) {
            c |= foldCode.get(p)!;
            p = foldParent!.get(p);
          }
          if (c & levels!) return true;
          if (sys.has(id)) return !!((e.sy! | known.get(id)!) & bit);
        }
        const k = known.get(id);
        if (k !== undefined) return !!(k & bit);
      }
      // kept out of this function, so the common paths above stay small enough to inline
      return slow && dataGrants(e, env.get(r.env!)!, r, bit, subject);
    });
  }

  return types;
}

/**
 * A `check` that stays the same function while what it answers from changes: point it at
 * a snapshot (it answers as `createChecker` of it) or at `null` (every check is `denied`'s
 * answer, `false` by default). A client holds one across snapshots, so `can` is this
 * `check` itself, with no wrapper per call.
 *
 * @example
 * ```ts
 * const live: CheckSwitch = createCheckSwitch();
 * live.point(snapshot);
 * live.check('view', { type: 'dashboard', id: 'q3' }); // as createChecker(snapshot).check
 * live.point(null); // every check is false
 * ```
 */
export function createCheckSwitch(): CheckSwitch {
  let types: ReadonlyMap<string, TypeCheck> = new Map();
  let otherwise = never;
  let lastName: string | undefined;
  let lastType = never;
  // the last snapshot indexed and its checks: pointing back at it does not index it again
  let indexed: GrantSnapshot | undefined;
  let index = types;
  return {
    check: (action, r) => {
      if (typeof r !== 'object' || !r) return false;
      if (r.type !== lastName) {
        lastName = r.type;
        lastType = types.get(lastName) ?? otherwise;
      }
      return lastType(action, r);
    },
    point(snapshot, denied = never) {
      if (snapshot && snapshot !== indexed) {
        indexed = snapshot;
        index = indexTypes(snapshot);
      }
      types = snapshot ? index : new Map();
      otherwise = lastType = snapshot ? never : denied;
      lastName = undefined;
    },
  };
}

/**
 * What `createCheckSwitch` returns: one stable `check`, answering from the snapshot it is pointed at.
 *
 * @example
 * ```ts
 * const live: CheckSwitch = createCheckSwitch();
 * const can = live.check; // keep it: pointing elsewhere does not change it
 * ```
 */
export interface CheckSwitch {
  /** Answers as `createChecker` of the snapshot pointed at; while at `null`, `denied`'s answer (default `false`). Never throws. */
  readonly check: SnapshotChecker['check'];
  /**
   * Answers from `snapshot` from now on (indexed once: pointing at the same object again,
   * after `null`, reuses its index); `null`: every check is `denied(action, resource)`.
   */
  point(
    snapshot: GrantSnapshot | null,
    denied?: (action: string, resource: ResourceRef) => boolean,
  ): void;
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
