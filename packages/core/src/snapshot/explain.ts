/**
 * Full explanations from a snapshot (MODEL K6): every source of a grant, and what the
 * user has when denied, in the words of the model's `explain`. Kept apart from the
 * checker (`evaluator.ts`), so a browser that gives short reasons does not carry it.
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
import { MAX_ASSET_DEPTH, PUBLIC_LEVELS, SHARE_LEVELS } from '../model/state.ts';
import type { ResourceRef } from '../schema/types.ts';
import {
  conditionHolds,
  createChecker,
  ruleHolds,
  type SnapshotChecker,
  type SnapshotEvaluator,
  searchMenu,
  subjectOf,
  titleOf,
} from './evaluator.ts';
import { forEachId, type GrantSnapshot, type IdSet, type TypeEntry } from './format.ts';

/** Whether an id set holds `id`. */
const has = (set: IdSet | undefined, id: string): boolean => {
  let hit = false;
  forEachId(set, (x) => (hit ||= x === id));
  return hit;
};

/** The entry of a type the snapshot has (never one of `Object.prototype`). */
const entryOf = (s: GrantSnapshot, type: string | undefined): TypeEntry | undefined =>
  type !== undefined && Object.hasOwn(s.types, type) ? s.types[type] : undefined;

/** The parent of an asset: its last link in `up`, then in `ul` (as the checker indexes them). */
const parentOf = (e: TypeEntry, id: string): string | undefined => {
  let parent: string | undefined;
  if (e.lv)
    for (const links of [e.up, e.ul]) for (const p in links) if (has(links[p], id)) parent = p;
  return parent;
};

/**
 * Why (not)? Every source of the grant of `action` on `resource`, or what the user has
 * when denied, for a checker made by `createChecker`; `allowed` always equals its
 * `check` (MODEL K6).
 *
 * @example
 * ```ts
 * explainFull(createChecker(snapshot), 'edit', { type: 'dashboard', id: 'q3' }).message;
 * // 'needs edit on dashboard “q3”; you have view'
 * ```
 */
export function explainFull(checker: SnapshotChecker, action: string, r: ResourceRef): Explanation {
  const s = checker.snapshot;
  const { type, id, env } = r;
  const e = entryOf(s, type);
  // the bit of `action`: its last place in the type's actions, as the checker reads them
  const i = e?.a.lastIndexOf(action) ?? -1;
  const bit = i < 0 ? undefined : 1 << i;
  const who = s.viewAs ?? s.user;
  // Every source of grants on the resource: what they grant (`have`) and the reasons for `action`.
  let have = 0;
  const reasons: Reason[] = [];
  const add = (mask = 0, source: number | Reason = -1) => {
    have |= mask;
    const reason = typeof source === 'number' ? (s.src[source] as Reason) : source;
    // an index past the sources (a broken snapshot) gives no reason: explain never throws
    if (mask & bit! && reason) reasons.push(reason);
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
  if (!e) return answer(unknownType(type));
  if (bit === undefined) return answer(noSuchAction(type, action, e.a));
  const target = targetOf(type, id, env, titleOf(s, r));
  if (s.superAdmin) {
    add(bit, { kind: 'superAdmin' });
    return answer(allowedAsSuperAdmin(action, target, who), true);
  }
  for (const [mask, i] of e.ts ?? []) add(mask, i);
  const known = id !== undefined && Object.values(e.k ?? {}).some((set) => has(set, id));
  if (id !== undefined) {
    for (const key in e.i)
      if (has(e.i[key], id)) add(...(key.split('.').map(Number) as [number, number]));
    const fold = entryOf(s, s.fold);
    if (e.lv && e.sys?.includes(id)) add(e.sy, { kind: 'systemFolder', folder: id });
    else if (e.lv)
      // owner, share and public sources along the folder chain (MODEL A2–A4)
      for (
        let node: string | undefined = id, at = e, n = 0;
        node !== undefined && n <= MAX_ASSET_DEPTH;
        n++
      ) {
        const here: string = node;
        const from = here === id ? {} : { inheritedFrom: here };
        for (const key in at.g) {
          const src = s.src[Number(key)];
          if (!has(at.g[key], here)) continue;
          if (src?.kind === 'owner') add(e.lv[3], { kind: 'owner', asset: id, ...from });
          else if (src?.kind === 'share')
            add(e.lv[SHARE_LEVELS.indexOf(src.level)], { ...src, asset: id, ...from });
        }
        PUBLIC_LEVELS.forEach((level, p) => {
          if (at.lv && has(at.p?.[level], here))
            add(e.pb?.[p], { kind: 'public', asset: id, level, ...from });
        });
        node = parentOf(at, here);
        if (!fold) break;
        at = fold;
      }
    if (known)
      for (const key in e.k)
        if (has(e.k[key], id))
          for (const part of key.slice(key.indexOf(':') + 1).split(','))
            if (part) add(...(part.split('=').map(Number).reverse() as [number, number]));
  }
  if (!known) {
    const subject = subjectOf(s);
    for (const [name, list] of Object.entries(e.e ?? {}))
      if (name === env) for (const [mask, i] of list) add(mask, i);
    for (const x of e.x ?? []) if (conditionHolds(x, r, subject)) add(x[0], x[1]);
    add(e.o, { kind: 'everyone', recordType: type });
    for (const rule of e.r ?? []) if (ruleHolds(rule, r)) add(rule[0], rule[1]);
  }
  if (checker.check(action, r)) return answer(allowedBy(action, target, reasons), true);
  const held = e.a.filter((_, i) => have & (1 << i));
  return {
    ...answer(needs(action, target, held, s.cap)),
    reasons: [],
    missing: { action, type, ...(id === undefined ? {} : { id }), have: held },
  };
}

/**
 * Builds a checker over a snapshot that also explains (`createChecker` with
 * `explainFull`) and searches the menu (`searchMenu`), answering exactly as the model
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
  const checker = createChecker(snapshot);
  return Object.assign(checker, {
    explain: (action: string, resource: ResourceRef) => explainFull(checker, action, resource),
    menu: () => snapshot.menu.map(([id]) => id),
    search: (query: string) => searchMenu(checker, query),
  });
}
