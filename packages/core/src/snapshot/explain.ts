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
  has,
  indexOf,
  ruleHolds,
  type SnapshotChecker,
  type SnapshotEvaluator,
  searchMenu,
  titleOf,
} from './evaluator.ts';
import type { GrantSnapshot } from './format.ts';

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
  const { types, fold, subject } = indexOf(checker);
  const { type, id, env } = r;
  const t = types.get(type);
  const bit = t?.bits.get(action);
  const who = s.viewAs ?? s.user;
  // Every source of grants on the resource: what they grant (`have`) and the reasons for `action`.
  let have = 0;
  const reasons: Reason[] = [];
  const add = (mask = 0, source: number | Reason = -1) => {
    have |= mask;
    if (mask & bit!) reasons.push(typeof source === 'number' ? (s.src[source] as Reason) : source);
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
  const target = targetOf(type, id, env, titleOf(s, r));
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
