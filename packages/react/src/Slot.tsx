/**
 * @internal The asChild pattern (Radix's Slot): no element of its own; the props are merged
 * onto the single child, handlers composed (the child's first), refs combined.
 */
import type { ReactElement, ReactNode, Ref, RefCallback } from 'react';
import * as React from 'react';

type AnyProps = Record<string, unknown>;
type Handler = (...args: unknown[]) => unknown;

/** Calls every ref with the node; a React 19 ref callback's cleanup is honoured. */
export function composeRefs<T>(...refs: ReadonlyArray<Ref<T> | undefined>): RefCallback<T> {
  return (node) => {
    const cleanups: Array<() => void> = [];
    for (const ref of refs) {
      if (typeof ref === 'function') {
        const cleanup = ref(node);
        if (typeof cleanup === 'function') cleanups.push(cleanup);
        else cleanups.push(() => ref(null));
      } else if (ref != null) {
        (ref as { current: T | null }).current = node;
        cleanups.push(() => {
          (ref as { current: T | null }).current = null;
        });
      }
    }
    return () => {
      for (const cleanup of cleanups) cleanup();
    };
  };
}

/**
 * The ref an element was created with: `props.ref` in React 19, `element.ref` in React 18
 * (reading the other one would warn).
 */
export function getElementRef(element: ReactElement): Ref<unknown> | undefined {
  const props = element.props as AnyProps;
  const propGetter = Object.getOwnPropertyDescriptor(props, 'ref')?.get as
    | (Handler & { isReactWarning?: boolean })
    | undefined;
  if (propGetter?.isReactWarning) return (element as unknown as { ref?: Ref<unknown> }).ref;
  const elementGetter = Object.getOwnPropertyDescriptor(element, 'ref')?.get as
    | (Handler & { isReactWarning?: boolean })
    | undefined;
  if (elementGetter?.isReactWarning) return props.ref as Ref<unknown> | undefined;
  return (props.ref ?? (element as unknown as { ref?: Ref<unknown> }).ref) as
    | Ref<unknown>
    | undefined;
}

const isHandler = (key: string): boolean => /^on[A-Z]/.test(key);

/**
 * Merges slot props onto child props: handlers run the child's first, then the slot's unless
 * the child called `preventDefault()`; `className` is joined, `style` merged (the child's
 * wins), every other prop of the slot overrides the child's.
 */
export function mergeProps(slot: AnyProps, child: AnyProps): AnyProps {
  const merged: AnyProps = { ...child };
  for (const [key, slotValue] of Object.entries(slot)) {
    const childValue = child[key];
    if (isHandler(key) && typeof slotValue === 'function' && typeof childValue === 'function') {
      merged[key] = (...args: unknown[]) => {
        const result = (childValue as Handler)(...args);
        const event = args[0] as { defaultPrevented?: boolean } | undefined;
        if (!event?.defaultPrevented) (slotValue as Handler)(...args);
        return result;
      };
    } else if (key === 'className') {
      merged[key] = [slotValue, childValue].filter(Boolean).join(' ') || undefined;
    } else if (key === 'style') {
      merged[key] = { ...(slotValue as object), ...(childValue as object) };
    } else {
      merged[key] = slotValue;
    }
  }
  return merged;
}

/** Props of {@link Slot}: any props to merge, the single child, and a ref to combine with its own. */
export interface SlotProps extends AnyProps {
  readonly children?: ReactNode;
  /** Combined with the child's ref (named so React 18 passes it through without forwardRef). */
  readonly slotRef?: Ref<unknown> | undefined;
}

/**
 * Renders its only child with `props` merged in (see {@link mergeProps}). Throws when it gets
 * anything but a single element (a fragment too), naming what it got.
 */
export function Slot({ children, slotRef: ref, ...props }: SlotProps): ReactNode {
  // a fragment takes no props: the action inside it would stay clickable while denied
  const fragment = React.isValidElement(children) && children.type === React.Fragment;
  if (!React.isValidElement(children) || fragment || React.Children.count(children) !== 1)
    throw new TypeError(
      '<GuardedAction> needs exactly one element child (e.g. a <button> or <a href>), ' +
        `got ${fragment ? 'a fragment' : children == null ? 'nothing' : typeof children}.`,
    );
  const child = children as ReactElement<AnyProps>;
  const childRef = getElementRef(child);
  const merged = mergeProps(props, child.props);
  merged.ref = React.useMemo(
    () => (ref == null ? childRef : childRef == null ? ref : composeRefs(ref, childRef)),
    [ref, childRef],
  );
  return React.cloneElement(child, merged);
}
