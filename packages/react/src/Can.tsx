import type { ReactNode } from 'react';
import * as React from 'react';
import type { ResourceRef } from './types.ts';
import { type CheckResult, readCheck, useRead } from './useCan.ts';

/**
 * Props of {@link Can}. `A` and `T` narrow to your schema through `createGrantkitHooks`.
 *
 * @example
 * ```tsx
 * const props: CanProps = { I: 'edit', on: { type: 'dashboard', id: 'q3' }, fallback: 'Read only' };
 * <Can {...props}>Editing</Can>;
 * ```
 */
export interface CanProps<A extends string = string, T extends string = string> {
  /** The action, e.g. `"edit"`. */
  readonly I: A;
  /** The resource: `{ type, id?, env?, fields? }`; without `id`, the type as a whole. */
  readonly on: ResourceRef<T>;
  /** Render the children when the action is NOT allowed (also while pending: fail closed). */
  readonly not?: boolean | undefined;
  /** Rendered instead of `children` when they are not shown (default: nothing). */
  readonly fallback?: ReactNode;
  /**
   * What to render when allowed (or, with `not`, when denied); or a render prop that is always
   * called with `{ allowed, state, status, reason }` and decides itself.
   */
  readonly children?: ReactNode | ((check: CheckResult) => ReactNode);
}

/**
 * Renders its children only when the signed-in user may perform `I` on `on`, else
 * `fallback`. With a function as children it always renders it, passing
 * `{ allowed, state, status, reason }` so you can grey out instead of hiding (MODEL A12).
 * It re-renders only when its own answer changes.
 *
 * @example
 * ```tsx
 * <Can I="edit" on={{ type: 'dashboard', id: 'q3' }} fallback={<ReadOnlyBadge />}>
 *   <EditButton />
 * </Can>
 *
 * <Can I="share" on={{ type: 'dashboard', id: 'q3' }}>
 *   {({ allowed, reason }) => <button aria-disabled={!allowed} title={reason}>Share</button>}
 * </Can>
 *
 * <Can not I="navigate" on={{ type: 'page', id: 'dashboards' }}>
 *   Ask your admin for access to Dashboards.
 * </Can>
 * ```
 */
export function Can<A extends string, T extends string>(props: CanProps<A, T>): ReactNode {
  const { I, on, not = false, fallback = null, children } = props;
  // The same hooks whichever the children (rules of hooks); only what is read differs: a
  // render prop gets the whole result, plain children one boolean, so that a plain <Can>
  // re-renders only when the boolean flips.
  const last = React.useRef<CheckResult | null>(null);
  const render = typeof children === 'function';
  const answer = useRead('<Can>', I, on, (client) =>
    render ? readCheck(client, I, on, last) : client.can(I, on),
  );
  return render ? children(answer as CheckResult) : answer !== not ? children : fallback;
}
