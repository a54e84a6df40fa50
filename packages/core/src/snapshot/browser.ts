/**
 * `@grantkit/core/snapshot`: what a browser needs of grant snapshots (MODEL C1) and
 * nothing of the model: answer `check` (and explain, briefly or in full) from a snapshot
 * and apply deltas.
 * A client imports this entry to keep its bundle small; `@grantkit/core` exports the same.
 *
 * @example
 * import { applyDelta, createChecker, type GrantSnapshot } from '@grantkit/core/snapshot';
 * const me = createChecker(snapshot);
 * me.check('view', { type: 'dashboard', id: 'q3' });
 * const next: GrantSnapshot = applyDelta(snapshot, patch);
 *
 * @packageDocumentation
 */

/**
 * Structured explanations (MODEL K6).
 *
 * @example
 * const why: Explanation = me.explain('edit', { type: 'dashboard', id: 'q3' });
 * why.message; // 'needs edit on dashboard “Q3 Revenue”; you have view'
 */
export type { Explanation, Reason } from '../model/reason.ts';
/**
 * What a check is about.
 *
 * @example
 * const ref: ResourceRef = { type: 'dashboard', id: 'q3' };
 */
export type { ResourceRef } from '../schema/types.ts';
/**
 * Moves a snapshot to a later revision with a delta (`diffSnapshots` on the server).
 *
 * @example
 * const next = applyDelta(held, patch); // throws when `held` is not at `patch.from`
 */
export { applyDelta, type IdSetPatch, type SnapshotPatch, type TypePatch } from './delta.ts';
/**
 * Answers `check` from a snapshot as the model would (MODEL C1), explains its answers
 * briefly (`explainShort`: the answer and what it is about) without the full texts, and
 * searches the menu (`searchMenu`, MODEL N3).
 *
 * @example
 * const me: SnapshotChecker = createChecker(snapshot);
 * me.check('view', { type: 'dashboard', id: 'q3' });
 * explainShort(me, 'edit', { type: 'dashboard', id: 'q3' }).message; // 'needs edit on dashboard “q3”'
 * searchMenu(me, 'dash'); // ['dashboards']
 * const live = createCheckSwitch(); // one stable check, pointed at each new snapshot
 * live.point(snapshot);
 */
export {
  type CheckSwitch,
  createChecker,
  createCheckSwitch,
  explainShort,
  type SnapshotChecker,
  type SnapshotEvaluator,
  searchMenu,
} from './evaluator.ts';
/**
 * Full explanations (MODEL K6): every source of a grant, what the user has when denied.
 * `createEvaluator` is `createChecker` whose `explain` is `explainFull`; a bundle that
 * imports neither carries no explanation texts.
 *
 * @example
 * explainFull(me, 'edit', { type: 'dashboard', id: 'q3' }).message; // 'needs edit on dashboard “q3”; you have view'
 * const ev: SnapshotEvaluator = createEvaluator(snapshot);
 */
export { createEvaluator, explainFull } from './explain.ts';
/**
 * The snapshot format: its version and its types; ids are front-coded sets.
 *
 * @example
 * decodeIds(encodeIds(['q3', 'q4'])); // ['q3', 'q4']
 * const ok = snapshot.format === SNAPSHOT_FORMAT;
 */
export {
  decodeIds,
  encodeIds,
  type GrantSnapshot,
  type IdSet,
  SNAPSHOT_FORMAT,
  type SourceEntry,
  type TypeEntry,
} from './format.ts';
