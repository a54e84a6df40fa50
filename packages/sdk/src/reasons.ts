/**
 * Short reasons: what `explain` says by default, from the check alone (`needs edit on
 * dashboard “Q3”`, core's `explainShort`). The full explanation texts (every source of a
 * grant, what the user has) are opt-in: `explainTexts()` from `@grantkit/sdk/explain`.
 */
import type { Explanation, SnapshotChecker } from '@grantkit/core/snapshot';
import type { GrantResource } from './types.ts';

/**
 * How a ready client explains an answer of `checker` (a plugin's `explain`).
 *
 * @example
 * ```ts
 * const terse: ExplainWith = (checker, action, resource) => ({
 *   allowed: checker.check(action, resource),
 *   reasons: [],
 *   message: action,
 * });
 * const plugin: GrantkitPlugin = { name: 'terse', explain: terse };
 * ```
 */
export type ExplainWith = (
  checker: SnapshotChecker,
  action: string,
  resource: GrantResource,
) => Explanation;
