import type { ReactNode } from 'react';
import type { ResourceRef } from './types.ts';
import { type CheckResult, useAllowed, useCheckResult } from './useCan.ts';

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
  // Two components, one hook each: a render prop needs the whole result, a plain <Can> one
  // boolean. Switching between them remounts, as switching hooks must. Both take the props as given.
  const Branch = (typeof props.children === 'function' ? CanRender : CanGate) as (
    p: CanProps<A, T>,
  ) => ReactNode;
  return <Branch {...props} />;
}

/** The props of `<Can>` with plain children. */
type CanGateProps = CanProps & { readonly children?: ReactNode };

/** The props of `<Can>` with a render prop. */
type CanRenderProps = CanProps & { readonly children: (check: CheckResult) => ReactNode };

/** `<Can>` with a render prop: called with the whole check result. */
function CanRender(props: CanRenderProps): ReactNode {
  return props.children(useCheckResult('<Can>', props.I, props.on));
}

/** `<Can>` with plain children: shown or `fallback`, re-rendered only when the boolean flips. */
function CanGate(props: CanGateProps): ReactNode {
  const { I, on, not = false, fallback = null, children } = props;
  return useAllowed('<Can>', I, on) !== not ? children : fallback;
}
