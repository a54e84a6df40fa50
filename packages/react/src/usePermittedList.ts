import type { ResourceRef } from './types.ts';
import { useClientSelector } from './useCan.ts';

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((item, i) => Object.is(item, b[i]));

/** Items that are resources already: `{ type, id }`. */
type ResourceItem = ResourceRef;

/**
 * The items of a listing on which the signed-in user may perform `action`, in their order.
 * Items are resources (`{ type, id }`) or anything mapped to one by `toResource`. The
 * returned array keeps its identity until the permitted items change, and the component
 * re-renders only then.
 *
 * For a listing that greys out instead of hiding (MODEL A12), render every item and wrap its
 * actions in `<GuardedAction>`.
 *
 * @example
 * ```tsx
 * function Dashboards({ rows }: { rows: { id: string; title: string }[] }) {
 *   const visible = usePermittedList(rows, 'view', (row) => ({ type: 'dashboard', id: row.id }));
 *   return <ul>{visible.map((row) => <li key={row.id}>{row.title}</li>)}</ul>;
 * }
 * ```
 */
export function usePermittedList<T extends ResourceItem>(
  items: readonly T[],
  action: string,
): readonly T[];
export function usePermittedList<T>(
  items: readonly T[],
  action: string,
  toResource: (item: T) => ResourceRef,
): readonly T[];
export function usePermittedList<T>(
  items: readonly T[],
  action: string,
  toResource?: (item: T) => ResourceRef,
): readonly T[] {
  return useClientSelector(
    'usePermittedList',
    (client) =>
      items.filter((item) =>
        client.can(action, toResource ? toResource(item) : (item as unknown as ResourceRef)),
      ),
    sameItems,
  );
}
