/**
 * Short reasons: what `explain` says by default, from the check alone (`needs edit on
 * dashboard “Q3”`). The full explanation texts (every source of a grant, what the user
 * has) are opt-in: `explainTexts()` from `@grantkit/sdk/explain`.
 */
import type { Explanation, SnapshotEvaluator } from '@grantkit/core/snapshot';
import type { GrantResource } from './types.ts';

/**
 * How a ready client explains an answer of `evaluator` (a plugin's `explain`).
 *
 * @example
 * ```ts
 * const terse: ExplainWith = (evaluator, action, resource) => ({
 *   allowed: evaluator.check(action, resource),
 *   reasons: [],
 *   message: action,
 * });
 * const plugin: GrantkitPlugin = { name: 'terse', explain: terse };
 * ```
 */
export type ExplainWith = (
  evaluator: SnapshotEvaluator,
  action: string,
  resource: GrantResource,
) => Explanation;

/** What a resource is called in a reason: its page title, `title` or `name` field, else its id. */
function target({ snapshot }: SnapshotEvaluator, { type, id, env, fields }: GrantResource): string {
  if (id === undefined) return `every ${type}${env === undefined ? '' : ` in ${env}`}`;
  const title =
    type === 'page'
      ? snapshot.menu.find(([page]) => page === id)?.[1]
      : (fields?.title ?? fields?.name);
  return `${type} “${typeof title === 'string' ? title : id}”`;
}

/** The default explanation: the answer and a short reason, no sources. */
export const shortReason: ExplainWith = (evaluator, action, resource) => {
  const allowed = evaluator.check(action, resource);
  const on = target(evaluator, resource);
  return {
    allowed,
    reasons: [],
    message: allowed ? `${action} on ${on}: allowed` : `needs ${action} on ${on}`,
  };
};
