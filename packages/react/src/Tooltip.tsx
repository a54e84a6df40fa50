/**
 * @internal The reason tooltip of `<GuardedAction>`: always in the DOM while the action is
 * disabled (so `aria-describedby` has a target, also in server markup), hidden until opened.
 */
import type { CSSProperties, ReactNode, RefObject } from 'react';
import * as React from 'react';

/** `useLayoutEffect` in the browser, `useEffect` on the server (React 18 warns otherwise). */
export const useIsomorphicLayoutEffect =
  typeof document === 'undefined' ? React.useEffect : React.useLayoutEffect;

const GAP = 6;

/**
 * What placement needs, whether or not the host imports `@grantkit/react/styles.css` (which
 * gives the look): fixed over the page, and never capturing the pointer, so whatever lies
 * under the tooltip (the next row, the next action) stays hoverable and clickable.
 */
const baseStyle: CSSProperties = {
  position: 'fixed',
  zIndex: 2147483000,
  pointerEvents: 'none',
};

/** Props of the internal tooltip. */
export interface TooltipProps {
  readonly id: string;
  readonly open: boolean;
  /** The element the tooltip describes; it is placed below it when opened. */
  readonly anchor: RefObject<Element | null>;
  readonly className?: string | undefined;
  readonly style?: CSSProperties | undefined;
  readonly children: ReactNode;
}

/**
 * A `role="tooltip"` span placed above its anchor while open (below it when there is no
 * room above), so it does not cover the row below; `hidden` while closed.
 */
export function Tooltip({ id, open, anchor, className, style, children }: TooltipProps): ReactNode {
  const [position, setPosition] = React.useState<{ top: number; left: number } | null>(null);
  const self = React.useRef<HTMLSpanElement | null>(null);
  useIsomorphicLayoutEffect(() => {
    if (!open) return;
    const rect = anchor.current?.getBoundingClientRect();
    if (!rect) return;
    const { offsetHeight = 0, offsetWidth = 0 } = self.current ?? {};
    const above = rect.top - GAP - offsetHeight;
    const right = window.innerWidth - GAP - offsetWidth;
    setPosition({
      top: above >= GAP ? above : rect.bottom + GAP,
      left: Math.max(GAP, Math.min(rect.left, right)),
    });
  }, [open, anchor]);
  return (
    <span
      ref={self}
      role="tooltip"
      id={id}
      hidden={!open}
      data-grantkit-tooltip=""
      data-state={open ? 'open' : 'closed'}
      className={className}
      style={{ ...baseStyle, ...position, ...style }}
    >
      {children}
    </span>
  );
}
